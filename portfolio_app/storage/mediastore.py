"""Content-addressed media store: `media/ab/abcdef…` named by SHA-256, never modified.

A file is copied to this process's staging folder `media/tmp/<id>/` while it is hashed (one
read of the source), flushed and fsynced, made read-only, then renamed to its final name and
the folder fsynced. The temp folder sits inside `media/`, on the same file system, so the
rename is atomic: a final name only ever holds a complete file. Staging folders of processes
that ended (a crash mid-copy) are removed on open; those of live processes are left alone
(see storage/staging.py).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from portfolio_app.atomic_files import disk_message, fsync_folder
from portfolio_app.core.errors import StorageError
from portfolio_app.core.ids import BlobHash
from portfolio_app.core.progress import ByteProgress, CancelCheck
from portfolio_app.storage.file_copy import Copied, copy_file, copy_stream
from portfolio_app.storage.staging import COLLECTED, Abandoned, StagingFolder, held_by_live_processes, remove_abandoned

CHUNK = 1 << 20
T = TypeVar("T")


@dataclass(frozen=True)
class StoredBlob:
    hash: BlobHash
    size_bytes: int
    already_present: bool


class MediaStore:
    def __init__(self, root: Path):
        self.root = root
        self._staging = StagingFolder(root / "tmp")
        self._tmp = self._staging.path

    @property
    def staging(self) -> Path:
        """This process's staging folder."""
        return self._tmp

    @property
    def staging_root(self) -> Path:
        """The folder that holds every process's staging folder."""
        return self.root / "tmp"

    def close(self) -> None:
        """Remove this process's staging folder and release its lock."""
        self._staging.release()

    def path(self, blob: str) -> Path:
        return self.root / blob[:2] / blob

    def has(self, blob: str) -> bool:
        return self.path(blob).is_file()

    def remove_temp_files(self, *, dry_run: bool = False) -> Abandoned:
        """Delete what ended processes left: their staging folders and unfinished exports."""
        return remove_abandoned(self.staging_root, dry_run=dry_run, put_back=self._put_back_collected)

    def _put_back_collected(self, blob: Path) -> None:
        """A blob set aside by a collection that was killed: back to its name (the next one decides)."""
        if len(blob.name) == 64 and not self.path(blob.name).exists():
            self.path(blob.name).parent.mkdir(exist_ok=True)
            os.replace(blob, self.path(blob.name))

    def hold(self, blob: str) -> None:
        """Keep `blob` from garbage collection while this process runs (an undo step needs it)."""
        self._staging.hold(blob)

    def held_by_live_processes(self) -> set[str]:
        """Blobs that a running process (this one included) put into the store or holds."""
        return held_by_live_processes(self.staging_root)

    def note_unfinished(self, folder: Path, prefix: str, suffix: str) -> Path:
        """Note a temp file about to be written outside the library, so a crash's leftover is found."""
        return self._staging.register_outside(folder, prefix, suffix)

    def forget_unfinished(self, note: Path) -> None:
        self._staging.forget_outside(note)

    def set_aside(self, blobs: list[str]) -> dict[str, int]:
        """Move blobs out of their final names into this process's staging folder (garbage
        collection's first step, undone by `put_back`). Returns the sizes of those moved."""
        aside = self._tmp / COLLECTED
        aside.mkdir(exist_ok=True)
        moved: dict[str, int] = {}
        for blob in blobs:
            try:
                size = self.path(blob).stat().st_size
                os.replace(self.path(blob), aside / blob)
            except FileNotFoundError:
                continue
            moved[blob] = size
        return moved

    def put_back(self, blob: str) -> None:
        """Give a blob set aside its final name again (something needed it after all)."""
        os.replace(self._tmp / COLLECTED / blob, self.path(blob))

    def discard_set_aside(self) -> None:
        """Delete the blobs set aside and not put back."""
        import shutil

        shutil.rmtree(self._tmp / COLLECTED, ignore_errors=True)

    def put_file(
        self, source: Path, progress: ByteProgress | None = None, cancelled: CancelCheck | None = None
    ) -> StoredBlob:
        """Copy `source` into the store, hashing while copying (see storage/file_copy.py)."""
        return self.put_file_examined(source, _look_at_nothing, progress, cancelled)[0]

    def put_file_examined(
        self,
        source: Path,
        examine: Callable[[Path], T],
        progress: ByteProgress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> tuple[StoredBlob, T]:
        """`put_file`, with `examine(copy)` run on the finished copy while it reaches the disk and
        its hash completes (a probe, a thumbnail: they overlap the fsync instead of following it).

        The copy gets its name only once it is on disk and `examine` returned; what `examine`
        raises leaves nothing behind and reaches the caller. Returns the blob and what `examine` returned.
        """
        try:
            reader = open(source, "rb", buffering=0)  # noqa: SIM115 - only the open may fail as "cannot be read"
        except OSError as exc:
            raise StorageError(f"{source.name} cannot be read: {exc.strerror or exc}") from exc
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(reader.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)  # longer read-ahead
        with reader:
            return self._put(lambda fd: copy_file(reader, fd, progress, cancelled), examine)

    def put_bytes(self, data: bytes) -> StoredBlob:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_stream(
        self, reader: BinaryIO, progress: ByteProgress | None = None, cancelled: CancelCheck | None = None
    ) -> StoredBlob:
        """Copy what `reader` gives into the store, hashing while copying."""
        read_into = getattr(reader, "readinto", None)
        if read_into is None:  # a reader with read() only

            def read_into(view: memoryview) -> int:
                data = reader.read(len(view))[: len(view)]
                view[: len(data)] = data
                return len(data)

        return self._put(lambda fd: copy_stream(read_into, fd, progress, cancelled), _look_at_nothing)[0]

    def _put(self, copy: Callable[[int], Copied], examine: Callable[[Path], T]) -> tuple[StoredBlob, T]:
        """Run `copy(fd)` into a new temp file, fsync it once, and install it under its hash."""
        temp = self._tmp / f"{secrets.token_hex(8)}.part"
        try:
            fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
            try:
                copied = copy(fd)
                digest, examined = _settle(fd, copied, temp, examine)
            finally:
                os.close(fd)
            return self._install(temp, BlobHash(digest), copied.size), examined
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise StorageError(_disk_message(exc)) from exc
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    def temp_path(self, suffix: str = "") -> Path:
        """A fresh path in the store's temp folder, for a file made here (a trim, a transcode).

        Hand the finished file to `adopt`; a crash leaves it where the next open removes it.
        """
        return self._tmp / f"{secrets.token_hex(8)}.part{suffix}"  # the suffix last: writers infer formats from it

    def adopt(self, made: Path) -> StoredBlob:
        """Move a finished file from the temp folder into the store under its hash (no copy)."""
        digest = hashlib.sha256()
        size = 0
        try:
            with open(made, "rb") as reader:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                os.fsync(reader.fileno())
            return self._install(made, BlobHash(digest.hexdigest()), size)
        except OSError as exc:
            made.unlink(missing_ok=True)
            raise StorageError(_disk_message(exc)) from exc

    def _install(self, complete: Path, blob: BlobHash, size: int) -> StoredBlob:
        """Give a complete, fsynced temp file its final name (atomic rename), read-only."""
        final = self.path(blob)
        # Held before it has its name (or is found there already), so that garbage collection in
        # another process cannot take it before a row names it; see collect_leftovers.
        self._staging.hold(blob)
        if final.is_file():
            complete.unlink()
            return StoredBlob(blob, size, already_present=True)
        os.chmod(complete, stat.S_IRUSR | stat.S_IRGRP)
        final.parent.mkdir(exist_ok=True)
        os.replace(complete, final)
        fsync_folder(final.parent)
        return StoredBlob(blob, size, already_present=False)

    def remove_unreferenced(self, blob: str) -> None:
        """Delete a blob that no row names (the caller checked): an import that failed after copying."""
        path = self.path(blob)
        if path.is_file():
            os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
            path.unlink()

    def verify(self, blob: str) -> bool:
        """True when the file under `blob` exists and its content still hashes to its name."""
        digest = hashlib.sha256()
        try:
            with open(self.path(blob), "rb") as reader:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return False
        return digest.hexdigest() == blob

    def blobs(self) -> list[str]:
        """Every stored blob name (for checks and garbage collection)."""
        return sorted(
            p.name
            for d in self.root.iterdir()
            if d.is_dir() and len(d.name) == 2
            for p in d.iterdir()
            if len(p.name) == 64 and p.name.startswith(d.name)
        )


def _look_at_nothing(copy: Path) -> None:
    return None


def _settle(fd: int, copied: Copied, temp: Path, examine: Callable[[Path], T]) -> tuple[str, T]:
    """fsync `fd` on a thread of its own while `examine(temp)` runs and the copy's hash catches up.

    Everything that uses `fd` has stopped when this returns or raises: the caller may close it.
    """
    failure: list[OSError] = []

    def sync() -> None:
        try:
            os.fsync(fd)
        except OSError as exc:  # reported below, once the other work has stopped
            failure.append(exc)

    syncing = threading.Thread(target=sync, name="media-store-fsync", daemon=True)
    syncing.start()
    try:
        examined = examine(temp)
        digest = copied.sha256()
    except BaseException:
        copied.abandon()
        raise
    finally:
        syncing.join()
    if failure:
        raise failure[0]
    return digest, examined


def _disk_message(exc: OSError) -> str:
    return disk_message(exc, Path(exc.filename) if exc.filename else Path("library"), "the file")
