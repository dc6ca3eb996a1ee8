"""Use cases that read a finished observation: exports to files, and agreement between two observers."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.atomic_files import write_atomically
from portfolio_app.bundle.observation.formats import FORMATS, render
from portfolio_app.core.agreement import Agreement, agreement
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.observation_summary import DEFAULT_BIN_S
from portfolio_app.services.library import Library
from portfolio_app.services.observations import get_record


def export_observation(library: Library, observation_id: str, format_name: str, target: Path) -> Path:
    """Write the observation as EAF, WebVTT, SRT, CSV or PDF at `target` (a folder gets a file name).

    Raises:
        InvalidInputError: an unknown format.
        StorageError: the file cannot be written.
    """
    if format_name not in FORMATS:
        raise InvalidInputError(f"'{format_name}' is not an export format: use one of {', '.join(FORMATS)}.")
    record = get_record(library, observation_id)
    if target.is_dir():
        target = target / f"observation-{record.observation.id}.{format_name}"
    write_atomically(target, render(record, format_name), f"the {format_name} export")
    return target


def observer_agreement(library: Library, first_id: str, second_id: str, bin_s: float | None = None) -> Agreement:
    """Cohen's kappa of two observations (intervals for interval mode, else bins of `bin_s`, 10 s default)."""
    if bin_s is not None and bin_s <= 0:
        raise InvalidInputError("--bin must be a number of seconds above 0.")
    return agreement(get_record(library, first_id), get_record(library, second_id), bin_s or DEFAULT_BIN_S)
