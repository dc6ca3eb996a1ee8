"""Use cases of evidence: import files, list, rename, delete and restore, markers.

Importing has two halves so that the window can keep its database worker free:
`stage_file` does the slow part (copy while hashing, probe, thumbnail) touching only the
media store, on any thread; `record_staged` writes the rows in one short transaction. A file
that fails at any step leaves nothing behind: blobs it added and that nothing names are removed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError, NotFoundError, PortfolioError
from portfolio_app.core.ids import EvidenceId, MarkerId, new_id
from portfolio_app.core.importing import ImportProblem, ImportSummary
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence, Marker
from portfolio_app.core.progress import CancelCheck, FileProgress
from portfolio_app.media.probe import MediaInfo, load_decoders, probe
from portfolio_app.media.sniff import sniff, supported
from portfolio_app.media.thumbnails import thumbnail
from portfolio_app.services.library import Library
from portfolio_app.services.lookup import by_id_or_prefix
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.storage import evidence as stored
from portfolio_app.storage import roster as stored_roster
from portfolio_app.storage.mediastore import MediaStore, StoredBlob

log = logging.getLogger(__name__)
BatchProgress = Callable[[int, int, str], None]  # files done, files in all, the file being imported


@dataclass(frozen=True)
class StagedFile:
    """A file copied into the media store and understood, not yet part of any portfolio."""

    name: str
    blob: StoredBlob
    info: MediaInfo
    thumbnail: StoredBlob | None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the importable files inside given folders (recursively, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, folders, files in os.walk(path):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                found += [Path(root) / f for f in sorted(files) if supported(Path(f))]
        else:
            found.append(path)
    return found


def stage_file(
    store: MediaStore, path: Path, progress: FileProgress | None = None, cancelled: CancelCheck | None = None
) -> StagedFile:
    """Copy `path` into the store (read once, hashed while copying), probe it, make its thumbnail.

    Touches no database: safe on any thread. Raises MediaError naming the file, or Cancelled.
    """
    kind = sniff(path)
    size = _size(path)
    loading = load_decoders(kind)  # while the file copies

    def examine(copy: Path) -> tuple[MediaInfo, bytes | None]:
        loading.join()
        info = probe(copy, kind, name=path.name)
        return info, thumbnail(copy, info)

    # Probe and thumbnail look at the copy while it is written to disk: they overlap the fsync.
    blob, (info, picture) = store.put_file_examined(
        path, examine, (lambda done: progress(done, size)) if progress else None, cancelled
    )
    try:
        thumb = store.put_bytes(picture) if picture else None
    except BaseException:
        if not blob.already_present:
            store.remove_unreferenced(blob.hash)
        raise
    return StagedFile(path.name, blob, info, thumb)


def make_staged(store: MediaStore, suffix: str, name: str, write: Callable[[Path], None]) -> StagedFile:
    """Stage a file that `write(path)` makes in the store's temp folder (an edit's result).

    `name` is what the file is called ("lesson (faces blurred).mp4"). Whatever `write` raises
    (Cancelled included) leaves nothing behind.
    """
    made = store.temp_path(suffix)
    try:
        write(made)
    except BaseException:
        made.unlink(missing_ok=True)
        raise
    return adopt_file(store, made, name)


def adopt_file(store: MediaStore, made: Path, name: str) -> StagedFile:
    """Stage a file the app made itself in the store's temp folder (a recording, a trim).

    On any failure nothing stays: neither the made file nor a blob that nothing names.
    """
    try:
        kind = sniff(made, name=name)
    except BaseException:
        made.unlink(missing_ok=True)
        raise
    blob = store.adopt(made)
    try:
        info = probe(store.path(blob.hash), kind, name=name)
        picture = thumbnail(store.path(blob.hash), info)
        thumb = store.put_bytes(picture) if picture else None
    except BaseException:
        if not blob.already_present:
            store.remove_unreferenced(blob.hash)
        raise
    return StagedFile(name, blob, info, thumb)


def record_staged(
    library: Library,
    portfolio_id: str,
    staged: StagedFile,
    *,
    title: str | None = None,
    derived_from: str | None = None,
    derivation: str | None = None,
    markers: Sequence[tuple[float, str]] = (),
) -> Outcome[Evidence]:
    """Add staged content to a portfolio in one transaction.

    Content already in the portfolio (same hash, not a derivation) is not added twice: the
    existing evidence comes back with no Changes. A derivation (a trim, a blurred copy) starts
    with the students its source shows.
    """
    portfolio = get_portfolio(library, portfolio_id)
    if derived_from is None:
        existing = stored.find_by_blob(library.db, portfolio.id, staged.blob.hash)
        if existing is not None:
            return Outcome(existing, Changes())
    source = stored.get(library.db, derived_from, include_deleted=True) if derived_from else None
    now = now_iso()
    info = staged.info
    evidence = Evidence(
        id=EvidenceId(new_id()),
        portfolio_id=portfolio.id,
        kind=info.kind,
        title=title or Path(staged.name).stem,
        created_at=now,
        blob=staged.blob.hash,
        original_name=staged.name,
        media_type=info.media_type,
        size_bytes=staged.blob.size_bytes,
        duration_s=info.duration_s,
        width=info.width,
        height=info.height,
        derived_from=EvidenceId(derived_from) if derived_from else None,
        derivation=derivation,
        students_appear=source.students_appear if source else None,
        thumbnail=staged.thumbnail.hash if staged.thumbnail else None,
        codecs=info.codecs,
    )
    with library.db.atomic():
        stored.insert_blob(library.db, staged.blob.hash, staged.blob.size_bytes, now)
        if staged.thumbnail:
            stored.insert_blob(library.db, staged.thumbnail.hash, staged.thumbnail.size_bytes, now)
        stored.insert(library.db, evidence, now)
        if source is not None:
            stored_roster.copy_evidence_students(library.db, source.id, evidence.id)
        for at_s, label in markers:
            stored.insert_marker(library.db, Marker(MarkerId(new_id()), evidence.id, at_s, label, now))
    return Outcome(evidence, Changes(evidence=True, portfolios=True))


def discard_staged(library: Library, staged: StagedFile) -> None:
    """Remove what a staged file added to the store, unless some evidence names it."""
    for blob in (staged.blob, staged.thumbnail):
        if blob is not None and not blob.already_present and not stored.blob_is_referenced(library.db, blob.hash):
            library.store.remove_unreferenced(blob.hash)


def list_evidence(library: Library, portfolio_id: str) -> list[Evidence]:
    return stored.for_portfolio(library.db, get_portfolio(library, portfolio_id).id)


def get_evidence(library: Library, evidence_id: str) -> Evidence:
    """Evidence by id or unambiguous prefix (4+ characters); NotFoundError otherwise."""
    return by_id_or_prefix(
        evidence_id,
        lambda key: stored.get(library.db, key),
        lambda prefix: stored.ids_starting_with(library.db, prefix),
        "evidence",
    )


def media_path(library: Library, evidence: Evidence) -> Path:
    """The stored file of a piece of evidence (read-only)."""
    if evidence.blob is None:
        raise InvalidInputError(f"“{evidence.title}” is a note and has no file.")
    return library.store.path(evidence.blob)


def thumbnail_path(library: Library, evidence: Evidence) -> Path | None:
    return library.store.path(evidence.thumbnail) if evidence.thumbnail else None


def list_markers(library: Library, evidence_id: str) -> list[Marker]:
    return stored.markers(library.db, get_evidence(library, evidence_id).id)


def add_marker(library: Library, evidence_id: str, at_s: float, label: str = "") -> Outcome[Marker]:
    evidence = get_evidence(library, evidence_id)
    if at_s < 0 or (evidence.duration_s is not None and at_s > evidence.duration_s):
        raise InvalidInputError(f"{at_s:.1f} s is outside “{evidence.title}”.")
    marker = Marker(MarkerId(new_id()), evidence.id, at_s, label.strip(), now_iso())
    with library.db.atomic():
        stored.insert_marker(library.db, marker)
    return Outcome(marker, Changes(evidence=True))


def rename_evidence(library: Library, evidence_id: str, title: str) -> Outcome[Evidence]:
    evidence = get_evidence(library, evidence_id)
    title = " ".join(title.split())
    if not title:
        raise InvalidInputError("Evidence needs a title, e.g. 'Lesson video, 12 March'.")
    with library.db.atomic():
        stored.set_title(library.db, evidence.id, title, now_iso())
    return Outcome(replace(evidence, title=title), Changes(evidence=True))


def delete_evidence(library: Library, evidence_id: str) -> Outcome[Evidence]:
    """Take evidence out of its portfolio; `restore_evidence` brings it back (undo)."""
    evidence = get_evidence(library, evidence_id)
    with library.db.atomic():
        stored.set_deleted(library.db, evidence.id, now_iso())
    return Outcome(evidence, Changes(evidence=True, portfolios=True))


def restore_evidence(library: Library, evidence_id: str) -> Outcome[Evidence]:
    evidence = stored.get(library.db, evidence_id, include_deleted=True)
    if evidence is None:
        raise NotFoundError(f"There is no evidence '{evidence_id}' to restore.")
    with library.db.atomic():
        stored.set_deleted(library.db, evidence.id, None)
    return Outcome(evidence, Changes(evidence=True, portfolios=True))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _changed(imported: list[Evidence]) -> Changes:
    return Changes(evidence=True, portfolios=True) if imported else Changes()


@dataclass(frozen=True)
class BatchListed:
    """The files the batch will import (folders expanded), before the first is started."""

    files: tuple[Path, ...]


@dataclass(frozen=True)
class FileStarted:
    index: int  # files done before this one
    total: int
    path: Path


@dataclass(frozen=True)
class FileStaged:
    """In the store, not yet in the portfolio: the next step records it."""

    path: Path
    staged: StagedFile | Any  # or a signed observation (services.observation_records.StagedObservation)


@dataclass(frozen=True)
class FileImported:
    path: Path
    evidence: Evidence
    new: bool  # False: the same content was already in this portfolio


@dataclass(frozen=True)
class FileFailed:
    path: Path
    problem: ImportProblem


@dataclass(frozen=True)
class BatchCancelled:
    """The last step of a cancelled batch: the file under way left nothing behind."""


ImportStep = BatchListed | FileStarted | FileStaged | FileImported | FileFailed | BatchCancelled


def import_batch(
    library: Library,
    portfolio_id: str,
    paths: Iterable[Path],
    *,
    file_progress: FileProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> Iterator[ImportStep]:
    """The steps of importing `paths` (files and folders) into a portfolio; see the module doc.

    Raises:
        NotFoundError: no such portfolio (before the first step).
    """
    get_portfolio(library, portfolio_id)  # fail early on a wrong id
    files = expand_paths(paths)
    yield BatchListed(tuple(files))
    for index, path in enumerate(files):
        yield FileStarted(index, len(files), path)
        if path.suffix.lower() == ".zip":  # a coach's signed observation: verified, then evidence
            from portfolio_app.services.observation_records import import_steps

            yield from import_steps(library, portfolio_id, path)
            continue
        try:
            staged = stage_file(library.store, path, file_progress, cancelled)
        except Cancelled:
            yield BatchCancelled()
            return
        except Exception as exc:
            yield FileFailed(path, problem_of(path, exc))
            continue
        try:
            yield FileStaged(path, staged)
        except GeneratorExit:  # closed between staging and recording: leave nothing behind
            discard_staged(library, staged)
            raise
        try:
            outcome = record_staged(library, portfolio_id, staged)
        except Exception as exc:
            discard_staged(library, staged)
            yield FileFailed(path, problem_of(path, exc))
            continue
        yield FileImported(path, outcome.value, bool(outcome.changes))


def problem_of(path: Path, exc: BaseException) -> ImportProblem:
    """Why `path` could not be imported, in words for the teacher."""
    if isinstance(exc, MediaError):
        return ImportProblem(exc.file_name, exc.problem)
    if isinstance(exc, PortfolioError):
        return ImportProblem(path.name, str(exc))
    log.error("Importing %s failed unexpectedly: %s", path, exc, exc_info=exc)
    return ImportProblem(path.name, f"could not be imported ({exc})")


def import_files(
    library: Library,
    portfolio_id: str,
    paths: Iterable[Path],
    progress: BatchProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> Outcome[ImportSummary]:
    """Run `import_batch` to the end: a bad file is reported and the rest go on.

    Cancelling stops after the file under way, which leaves nothing behind; files already
    imported stay (each was added whole).
    """
    summary = ImportSummary(portfolio_id)
    for step in import_batch(library, portfolio_id, paths, cancelled=cancelled):
        if isinstance(step, BatchListed):
            summary.total = len(step.files)
        elif isinstance(step, FileStarted) and progress:
            progress(step.index, step.total, step.path.name)
        elif isinstance(step, FileImported):
            (summary.imported if step.new else summary.already_there).append(step.evidence)
        elif isinstance(step, FileFailed):
            summary.problems.append(step.problem)
        elif isinstance(step, BatchCancelled):
            summary.cancelled = True
    if progress and not summary.cancelled:
        progress(summary.total, summary.total, "")
    return Outcome(summary, _changed(summary.imported))
