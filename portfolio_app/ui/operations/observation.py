"""Ops of a coach's observation: the only ui place that calls the observation services."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.observation import Clock, Mode
from portfolio_app.ui.operations import LibraryOp, MediaOp


def list_schemes() -> LibraryOp:
    from portfolio_app.services.schemes import list_schemes as listed

    return LibraryOp(lambda lib: listed(lib))


def list_classes() -> LibraryOp:
    from portfolio_app.services.roster import list_classes as listed

    return LibraryOp(lambda lib: listed(lib))


def start(
    scheme_id: str,
    title: str,
    *,
    mode: Mode | None = None,
    teacher: str = "",
    lesson: str = "",
    class_name: str | None = None,
    clock: Clock = Clock.TIMER,
    portfolio_id: str | None = None,
) -> LibraryOp:
    from portfolio_app.services.observations import new_observation

    return LibraryOp(
        lambda lib: new_observation(
            lib,
            scheme_id,
            title,
            mode=mode,
            teacher=teacher,
            lesson=lesson,
            class_name=class_name,
            clock=clock,
            portfolio_id=portfolio_id,
        )
    )


def list_portfolios() -> LibraryOp:
    from portfolio_app.services.portfolios import list_portfolios as listed

    return LibraryOp(lambda lib: listed(lib))


def load(observation_id: str) -> LibraryOp:
    from portfolio_app.services.observations import get_record

    return LibraryOp(lambda lib: get_record(lib, observation_id))


def code(observation_id: str, code_id: str, at: float, student: str | None = None) -> LibraryOp:
    """A key press: committed without waiting for the disk (see `sync_codes`, which the screen runs after)."""
    from portfolio_app.services.observations import code_event

    return LibraryOp(lambda lib: code_event(lib, observation_id, code_id, at, student=student, durable=False))


def sync_codes() -> LibraryOp:
    from portfolio_app.services.observations import sync_codes as synced

    return LibraryOp(lambda lib: synced(lib))


def untick(observation_id: str, code_id: str, index: int) -> LibraryOp:
    from portfolio_app.services.observations import untick as untick_code

    return LibraryOp(lambda lib: untick_code(lib, observation_id, code_id, index))


def take_back(observation_id: str) -> LibraryOp:
    from portfolio_app.services.observations import take_back as taken

    return LibraryOp(lambda lib: taken(lib, observation_id))


def note(observation_id: str, at: float, text: str) -> LibraryOp:
    from portfolio_app.services.observations import add_note

    return LibraryOp(lambda lib: add_note(lib, observation_id, at, text))


def finish(observation_id: str, duration_s: float) -> LibraryOp:
    from portfolio_app.services.observations import finish as finished

    return LibraryOp(lambda lib: finished(lib, observation_id, duration_s))


def seating(observation_id: str) -> LibraryOp:
    from portfolio_app.services.observations import seating as seats

    return LibraryOp(lambda lib: seats(lib, observation_id))


def place(observation_id: str, student_id: str, x: float, y: float) -> LibraryOp:
    from portfolio_app.services.observations import place_student

    return LibraryOp(lambda lib: place_student(lib, observation_id, student_id, x, y))


def adopt_recording(observation_id: str, path: Path, name: str, starts_at_s: float) -> MediaOp:
    """The take the recorder wrote while observing, adopted into the store and kept with the observation."""
    from portfolio_app.services.observation_recordings import attach_recording, discard_recording, stage_recording

    return MediaOp(
        lambda library, _report, _cancelled: stage_recording(library.store, path, name),
        lambda library, staged: attach_recording(library, observation_id, staged, starts_at_s, take=path),
        discard_recording,
    )


def begin_take(data_dir: Path, observation_id: str, starts_at_s: float) -> tuple[Path, LibraryOp]:
    """Where to record a new take, and the op that names it in the library first (crash-safe)."""
    from portfolio_app.services.observation_recordings import begin_take as begun
    from portfolio_app.services.observation_recordings import take_path

    path = take_path(data_dir, observation_id, ".mkv")
    return path, LibraryOp(lambda lib: begun(lib, observation_id, path, starts_at_s))


def salvage_takes() -> LibraryOp:
    """Keep what takes cut off by a crash recorded (see services.observation_recordings.salvage_takes)."""
    from portfolio_app.services.observation_recordings import salvage_takes as salvaged

    return LibraryOp(lambda lib: salvaged(lib))


def recordings(observation_id: str) -> LibraryOp:
    """The observation's recordings, each with the file that plays it."""
    from portfolio_app.services.observation_recordings import recordings_with_paths

    return LibraryOp(lambda lib: recordings_with_paths(lib, observation_id))


def list_observations() -> LibraryOp:
    from portfolio_app.services.observations import list_observations as listed

    return LibraryOp(lambda lib: listed(lib))


def export(observation_id: str, format_name: str, target: Path) -> LibraryOp:
    """Write the observation as eaf, vtt, srt, csv or pdf; the op's value is the path written."""
    from portfolio_app.services.observation_exports import export_observation

    return LibraryOp(lambda lib: export_observation(lib, observation_id, format_name, target))


def sign(observation_id: str, target: Path, *, with_recording: bool = False) -> LibraryOp:
    """Sign the observation for the teacher (its recordings beside the record, or inside with consent)."""
    from portfolio_app.services.observation_records import sign_observation

    return LibraryOp(lambda lib: sign_observation(lib, observation_id, target, with_recording=with_recording))


def agreement(first_id: str, second_id: str, bin_s: float | None = None) -> LibraryOp:
    from portfolio_app.services.observation_exports import observer_agreement

    return LibraryOp(lambda lib: observer_agreement(lib, first_id, second_id, bin_s))


def import_scheme(path: Path) -> LibraryOp:
    from portfolio_app.services.schemes import import_scheme as imported

    return LibraryOp(lambda lib: imported(lib, path))


def scheme(scheme_id: str) -> LibraryOp:
    from portfolio_app.services.schemes import get_scheme

    return LibraryOp(lambda lib: get_scheme(lib, scheme_id))


def remap_key(scheme_id: str, code_id: str, key: str) -> LibraryOp:
    from portfolio_app.services.schemes import remap_key as remapped

    return LibraryOp(lambda lib: remapped(lib, scheme_id, code_id, key))


def rubric(observation_id: str) -> LibraryOp:
    """(criteria of the observation's credential, the coach's ratings by criterion); no credential: ((), {})."""
    from portfolio_app.services.catalog import get_credential
    from portfolio_app.services.observations import get_record

    def work(lib):
        record = get_record(lib, observation_id)
        if record.observation.credential is None:
            return (), {}
        credential = get_credential(lib, *record.observation.credential)
        return tuple(credential.criteria), {r.criterion_id: r for r in record.ratings}

    return LibraryOp(work)


def rate(observation_id: str, criterion_id: str, level_id: str, note: str = "") -> LibraryOp:
    from portfolio_app.services.observations import rate as rated

    return LibraryOp(lambda lib: rated(lib, observation_id, criterion_id, level_id, note))


def coach_beside_self(portfolio_id: str) -> LibraryOp:
    """Each imported signed observation's ratings beside the portfolio's self-assessment."""
    from portfolio_app.services.observation_records import coach_beside_self as beside

    return LibraryOp(lambda lib: beside(lib, portfolio_id))


def attach_file(observation_id: str, path: Path) -> MediaOp:
    """A lesson recording the coach codes afterwards, copied into the store and kept with the observation."""
    from portfolio_app.services.evidence import stage_file
    from portfolio_app.services.observation_recordings import attach_recording, discard_recording

    return MediaOp(
        lambda library, _report, cancelled: stage_file(library.store, path, cancelled=cancelled),
        lambda library, staged: attach_recording(library, observation_id, staged, 0.0),
        discard_recording,
    )


def observation_to_show(evidence_id: str) -> LibraryOp:
    """A teacher's imported observation: what was coded, its summary PDF and the recordings the portfolio holds."""
    from portfolio_app.services.observation_evidence import observation_to_show as read

    return LibraryOp(lambda lib: read(lib, evidence_id))
