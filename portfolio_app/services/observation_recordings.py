"""A coach's recording made while observing: adopted into the media store and kept with its observation.

The recording is the events' clock (their times are its positions, from `starts_at_s` on), and it is
evidence like any other: it shows faces and carries voices. So the signed hand-over names it by its
SHA-256 and does not carry it, unless the coach confirms that everyone recorded consented; otherwise
it is written beside the record, a file of its own for the teacher to import (and blur) as any
other recording. The teacher's import finds it there by the hash the record names.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio_app.atomic_files import atomic_path
from portfolio_app.core.changes import NOTHING
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.observation import ObservationRecord, Recording
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.evidence import StagedFile, adopt_file, discard_staged
from portfolio_app.services.library import Library
from portfolio_app.services.observations import OBSERVATIONS, get_observation
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import observation_talk as stored_talk
from portfolio_app.storage import observations as stored
from portfolio_app.storage.mediastore import MediaStore

CONSENT_STATEMENT = "The observer confirmed, when signing, that everyone recorded consented to its being shared."


TAKES = "takes"  # the library's folder of takes being recorded (outside the store: gc leaves them)
IDLE_S = 30.0  # a take unchanged this long belongs to no running recorder: it was cut off


@dataclass(frozen=True)
class Recovered:
    observation_title: str
    recording: Recording


def take_path(data_dir: Path, observation_id: str, suffix: str) -> Path:
    """Where a new take of an observation is recorded (Matroska: what was written survives a crash)."""
    from portfolio_app.core.ids import new_id

    return Path(data_dir) / TAKES / f"{observation_id}-{new_id()}{suffix}"


def begin_take(library: Library, observation_id: str, path: Path, starts_at_s: float = 0.0) -> Outcome[Path]:
    """Name a take about to be recorded at `path`, so that a crash cannot lose it (see `salvage_takes`)."""
    observation = get_observation(library, observation_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with library.db.atomic():
        stored.insert_take(library.db, path.name, observation.id, round(starts_at_s, 3), now_iso())
    return Outcome(path, OBSERVATIONS)


def salvage_takes(library: Library, *, idle_s: float = IDLE_S) -> Outcome[list[Recovered]]:
    """Keep what was recorded of takes cut off by a crash (the app killed, the laptop dying).

    A take whose file has not changed for `idle_s` seconds belongs to no running recorder: its
    pictures and sound up to the crash are kept with its observation as a recording. A take with
    nothing readable, or no file, is forgotten.
    """
    import time

    from portfolio_app.core.errors import PortfolioError

    recovered: list[Recovered] = []
    changed = False
    for file, observation_id, starts_at_s in stored.takes(library.db):
        path = Path(library.data_dir) / TAKES / file
        try:
            if path.is_file() and time.time() - path.stat().st_mtime < idle_s:
                continue  # still being written
        except OSError:
            continue
        staged = None
        if path.is_file():
            try:
                staged = stage_recording(library.store, path, f"Recording (recovered after a crash){path.suffix}")
            except PortfolioError:
                path.unlink(missing_ok=True)  # nothing readable was written before the crash
        changed = True
        if staged is None:
            with library.db.atomic():
                stored.delete_take(library.db, file)
            continue
        try:
            kept = attach_recording(library, observation_id, staged, starts_at_s, take=path).value
        except BaseException:
            discard_staged(library, staged)
            raise
        recovered.append(Recovered(get_observation(library, observation_id).title, kept))
    return Outcome(recovered, OBSERVATIONS if changed else NOTHING)


def stage_recording(store: MediaStore, made: Path, name: str) -> StagedFile:
    """Adopt the file the recorder wrote into the store, probed; a Matroska take is first copied
    into an MP4 whose times start at 0 (see media/takes.py), and the take removed.

    Touches no database (the media worker); on failure nothing new stays in the store.
    """
    if made.suffix.lower() != ".mkv":
        return adopt_file(store, made, name)
    from portfolio_app.media.takes import finish_take

    kept = store.temp_path(".mp4")
    try:
        has_picture = finish_take(made, kept)
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    staged = adopt_file(store, kept, str(Path(name).with_suffix(".mp4" if has_picture else ".m4a")))
    made.unlink(missing_ok=True)
    return staged


def attach_recording(
    library: Library, observation_id: str, staged: StagedFile, starts_at_s: float = 0.0, *, take: Path | None = None
) -> Outcome[Recording]:
    """Keep a staged recording with its observation, as the clock of the events from `starts_at_s`;
    `take` is the file it was recorded as, no longer a take once kept.

    Raises:
        InvalidInputError: the file is not a video or sound recording, or the start is negative.
    """
    observation = get_observation(library, observation_id)
    if staged.info.kind not in (EvidenceKind.VIDEO, EvidenceKind.AUDIO):
        raise InvalidInputError(f"{staged.name} is not a video or sound recording: it cannot be the clock.")
    if starts_at_s < 0:
        raise InvalidInputError("A recording cannot start before its observation.")
    now = now_iso()
    recording = Recording(
        0,
        staged.name,
        staged.blob.hash,
        staged.info.media_type,
        staged.blob.size_bytes,
        round(starts_at_s, 3),
        staged.info.duration_s,
    )
    with library.db.atomic():
        stored_evidence.insert_blob(library.db, staged.blob.hash, staged.blob.size_bytes, now)
        recording = stored.insert_recording(library.db, observation.id, recording, now)
        if take is not None:
            stored.delete_take(library.db, take.name)
    return Outcome(recording, OBSERVATIONS)


def discard_recording(library: Library, staged: StagedFile) -> None:
    """Take out of the store a staged recording that could not be attached."""
    discard_staged(library, staged)


def recordings_with_paths(library: Library, observation_id: str) -> list[tuple[Recording, Path]]:
    """An observation's recordings and where the store keeps each (to play one at an event)."""
    observation = get_observation(library, observation_id)
    return [(r, library.store.path(r.blob)) for r in stored.recordings_of(library.db, observation.id)]


@dataclass(frozen=True)
class RecordingHandOver:
    """How a signed observation hands over its recordings."""

    entries: list[dict[str, Any]]  # what the signed document says of each
    carried: list[Any] = field(default_factory=list)  # RecordFiles inside the record (consented)
    beside: list[tuple[Path, str]] = field(default_factory=list)  # (stored file, name beside the record)


def hand_over(library: Library, record: ObservationRecord, record_stem: str, *, consented: bool) -> RecordingHandOver:
    """The recordings of `record`: carried inside the signed record if `consented`, else named and beside it."""
    from portfolio_app.bundle.record import RecordFile

    handed = RecordingHandOver([])
    for number, recording in enumerate(record.recordings, start=1):
        suffix = Path(recording.name).suffix.lower() or ".mp4"
        file_name = f"recording-{number}{suffix}" if consented else f"{record_stem}-recording-{number}{suffix}"
        handed.entries.append(
            {
                "name": recording.name,
                "file": file_name,
                "carried": consented,
                "sha256": recording.blob,
                "size_bytes": recording.size_bytes,
                "media_type": recording.media_type,
                "starts_at_s": round(recording.starts_at_s, 3),
                "duration_s": None if recording.duration_s is None else round(recording.duration_s, 3),
                "consent": CONSENT_STATEMENT if consented else None,
            }
        )
        measured = stored_talk.get(library.db, recording.id)
        if measured is not None:  # the coach's Talk Time on this recording: its figures travel signed
            handed.entries[-1]["talk"] = measured[1].summary()
        source = library.store.path(recording.blob)
        if consented:
            handed.carried.append(RecordFile(file_name, source=source, sha256=recording.blob))
        else:
            handed.beside.append((source, file_name))
    return handed


def write_beside(handed: RecordingHandOver, folder: Path) -> list[Path]:
    """Copy the recordings not carried into `folder`, each atomically; returns where they went."""
    written = []
    for source, file_name in handed.beside:
        target = folder / file_name
        with atomic_path(target, "the observation's recording") as temp:
            shutil.copyfile(source, temp)
        written.append(target)
    return written


# -- the teacher's side ------------------------------------------------------------------------


@dataclass(frozen=True)
class HandedRecordings:
    """The recordings a signed observation named, as the teacher's import found them."""

    staged: tuple[StagedFile, ...] = ()  # in the store, to become evidence beside the observation
    missing: tuple[str, ...] = ()  # named by the record, neither inside it nor beside it

    def discard(self, library: Library) -> None:
        for staged in self.staged:
            discard_staged(library, staged)


def stage_handed_recordings(store: MediaStore, verified: Any, record_path: Path) -> HandedRecordings:
    """Stage the recordings a verified observation record names: from inside it, or from beside it.

    Raises:
        BundleFormatError: a recording beside the record is not the one it names (another SHA-256).
    """
    from portfolio_app.bundle.errors import BundleFormatError
    from portfolio_app.services.evidence import make_staged, stage_file

    staged: list[StagedFile] = []
    missing: list[str] = []
    try:
        for entry in verified.document.get("recordings") or []:
            file_name = Path(str(entry.get("file", ""))).name  # never a path out of the folder
            suffix = Path(file_name).suffix or ".mp4"
            if entry.get("carried"):
                data = verified.read_file(file_name)  # checked against the signed manifest again
                found = make_staged(
                    store, suffix, str(entry.get("name") or file_name), lambda p, d=data: p.write_bytes(d)
                )
            elif file_name and (record_path.parent / file_name).is_file():
                found = stage_file(store, record_path.parent / file_name)
            else:
                missing.append(str(entry.get("name") or file_name))
                continue
            staged.append(found)
            if found.blob.hash != entry.get("sha256"):
                raise BundleFormatError(
                    f"{file_name} is not the recording {record_path.name} names: its SHA-256 differs, so it "
                    "was changed or is another file."
                )
    except BaseException:
        for done in staged:
            if not done.blob.already_present:
                store.remove_unreferenced(done.blob.hash)
        raise
    return HandedRecordings(tuple(staged), tuple(missing))


def record_handed_recordings(library: Library, portfolio_id: str, handed: HandedRecordings, title: str) -> list:
    """Add the staged recordings to the portfolio as evidence of their own (consent, blur and names apply)."""
    from portfolio_app.services.evidence import record_staged

    added = []
    for number, staged in enumerate(handed.staged, start=1):
        suffix = f" ({number})" if len(handed.staged) > 1 else ""
        added.append(record_staged(library, portfolio_id, staged, title=f"Recording of {title}{suffix}"[:200]).value)
    return added
