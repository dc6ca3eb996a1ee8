"""Every export format of an observation by name, with the file suffix it takes."""

from __future__ import annotations

from collections.abc import Callable

from portfolio_app.core.observation import ObservationRecord

FORMATS = ("eaf", "vtt", "srt", "csv", "pdf")


def render(record: ObservationRecord, format_name: str) -> bytes:
    """The observation in one export format (`FORMATS`)."""
    writer: Callable[[ObservationRecord], bytes]
    if format_name == "eaf":
        from portfolio_app.bundle.observation.eaf import eaf as writer
    elif format_name == "vtt":
        from portfolio_app.bundle.observation.cues import webvtt as writer
    elif format_name == "srt":
        from portfolio_app.bundle.observation.cues import srt as writer
    elif format_name == "csv":
        from portfolio_app.bundle.observation.table import record_csv as writer
    elif format_name == "pdf":
        from portfolio_app.bundle.observation.summary_pdf import summary_pdf as writer
    else:
        raise ValueError(f"unknown format {format_name!r}")
    return writer(record)
