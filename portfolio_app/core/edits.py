"""What an edit may be asked to do: the checks the window runs before it starts one, and the
services run again before they do it."""

from __future__ import annotations

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.text import clock

PDF = "application/pdf"
_TIMED = (EvidenceKind.VIDEO, EvidenceKind.AUDIO)


def check_trim(evidence: Evidence, start_s: float, end_s: float) -> None:
    """InvalidInputError unless [start_s, end_s) is a non-empty range inside the recording."""
    if evidence.kind not in _TIMED:
        raise InvalidInputError(f"“{evidence.title}” is not a video or audio recording, so it cannot be trimmed.")
    if start_s < 0 or end_s <= start_s:
        raise InvalidInputError(f"The end ({clock(end_s)}) must come after the start ({clock(start_s)}).")
    if evidence.duration_s is not None and end_s > evidence.duration_s + 0.05:
        raise InvalidInputError(
            f"“{evidence.title}” is {clock(evidence.duration_s)} long; the end ({clock(end_s)}) is past it."
        )


def check_compress(evidence: Evidence, max_mb: float | None, max_height: int) -> None:
    if evidence.kind != EvidenceKind.VIDEO:
        raise InvalidInputError(f"“{evidence.title}” is not a video, so it cannot be compressed.")
    if max_mb is not None and max_mb <= 0:
        raise InvalidInputError("The size limit must be more than 0 MB.")
    if max_height < 144:
        raise InvalidInputError("Choose a picture height of at least 144 pixels (720 keeps faces and boards readable).")
    if max_mb is not None and evidence.duration_s:
        floor_mb = evidence.duration_s * 200_000 / 8 / 1_000_000  # 200 kbit/s: below that, nothing is legible
        if max_mb < floor_mb:
            raise InvalidInputError(
                f"{max_mb:g} MB is too small for {clock(evidence.duration_s)} of video (at least {floor_mb:.1f} MB); "
                "trim it first, or allow more."
            )


def is_redactable(evidence: Evidence) -> bool:
    """Photos and PDFs can be redacted; videos, audio, notes and office files cannot."""
    if evidence.kind == EvidenceKind.DOCUMENT:
        return evidence.media_type == PDF
    return evidence.kind == EvidenceKind.IMAGE
