"""Collecting leftovers: blobs nothing names, temp files of ended processes, killed exports' `.part`
files, and old copies made for the system viewer. Safe while other processes use the library."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.changes import NOTHING
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.library import Library
from portfolio_app.storage.leftovers import delete_blob_rows, referenced_blobs

# ui/viewers/document_viewer.py copies a file into such a folder before asking the desktop to open it;
# the viewer may keep it open a while, so only old ones go.
VIEWER_COPY_PREFIX = "portfolio-view-"
VIEWER_COPY_AGE_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Freed:
    files: int = 0
    bytes: int = 0


@dataclass(frozen=True)
class CollectionReport:
    """What a collection removed (or, on a dry run, would remove)."""

    dry_run: bool
    blobs: Freed  # media files no row names and no running process needs
    temp_files: Freed  # staging folders of processes that ended
    partial_exports: tuple[str, ...]  # `.part` files of exports killed half-way
    partial_bytes: int
    viewer_copies: Freed

    @property
    def total_bytes(self) -> int:
        return self.blobs.bytes + self.temp_files.bytes + self.partial_bytes + self.viewer_copies.bytes


def collect_leftovers(
    library: Library, *, dry_run: bool = False, temp_root: Path | None = None
) -> Outcome[CollectionReport]:
    """Remove what nothing needs any more; with `dry_run`, only say what that would be.

    A blob stays while a row names it (the trash included), while a running process holds it
    (it staged the blob this session or an undo step needs it), and while it is in another
    process's staging folder. Blobs are first set aside, then checked again under the database's
    write lock, so that no process can make a row name one between the check and the delete.
    """
    abandoned = library.store.remove_temp_files(dry_run=dry_run)
    blobs = _collect_blobs(library, dry_run)
    viewer = _collect_viewer_copies(Path(temp_root or tempfile.gettempdir()), dry_run)
    report = CollectionReport(
        dry_run=dry_run,
        blobs=blobs,
        temp_files=Freed(abandoned.temp_files, abandoned.temp_bytes),
        partial_exports=tuple(str(p) for p in abandoned.partial_files),
        partial_bytes=abandoned.partial_bytes,
        viewer_copies=viewer,
    )
    return Outcome(report, NOTHING)


def _collect_blobs(library: Library, dry_run: bool) -> Freed:
    store = library.store
    on_disk = store.blobs()
    needed = referenced_blobs(library.db) | store.held_by_live_processes()
    candidates = [b for b in on_disk if b not in needed]
    if dry_run:
        return Freed(len(candidates), sum(_size(store.path(b)) for b in candidates))
    aside = store.set_aside(candidates)
    if not aside:
        return Freed()
    with library.db.atomic():  # no other process can commit a row naming one of them now
        needed = referenced_blobs(library.db) | store.held_by_live_processes()
        for blob in [b for b in aside if b in needed]:
            store.put_back(blob)
            del aside[blob]
        delete_blob_rows(library.db, aside)
    store.discard_set_aside()
    return Freed(len(aside), sum(aside.values()))


def _collect_viewer_copies(temp_root: Path, dry_run: bool) -> Freed:
    files = size = 0
    now = time.time()
    try:
        folders = [p for p in temp_root.iterdir() if p.name.startswith(VIEWER_COPY_PREFIX) and p.is_dir()]
    except OSError:
        return Freed()
    for folder in folders:
        try:
            if now - folder.stat().st_mtime < VIEWER_COPY_AGE_SECONDS:
                continue
            inside = [p for p in folder.rglob("*") if p.is_file()]
        except OSError:
            continue
        files += len(inside)
        size += sum(_size(p) for p in inside)
        if not dry_run:
            shutil.rmtree(folder, ignore_errors=True)
    return Freed(files, size)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def collect_in_background(data_dir: Path) -> threading.Thread:
    """Collect leftovers on a thread of its own with its own connection (the window's start)."""

    def work() -> None:
        import logging

        from portfolio_app.core.errors import PortfolioError
        from portfolio_app.services.library import open_library

        try:
            library = open_library(data_dir, sync_catalog=False)
        except PortfolioError:
            return  # the window reports a library it cannot open; this is housekeeping
        try:
            report = collect_leftovers(library).value
            logging.getLogger(__name__).info("collected %d bytes of leftovers", report.total_bytes)
        except (PortfolioError, OSError) as exc:
            logging.getLogger(__name__).warning("collecting leftovers failed: %s", exc)
        finally:
            library.close()

    thread = threading.Thread(target=work, name="collect-leftovers", daemon=True)
    thread.start()
    return thread
