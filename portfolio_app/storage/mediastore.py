"""Content-addressed media store: `media/ab/abcdef…` named by SHA-256, never modified.

A file is copied to `media/tmp/` while it is hashed (one read of the source), flushed and
fsynced, made read-only, then renamed to its final name and the folder fsynced. The temp
folder sits inside `media/`, on the same file system, so the rename is atomic: a final name
only ever holds a complete file. Leftover temp files (a crash mid-copy) are removed on open.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from portfolio_app.atomic_files import disk_message, fsync_folder
from portfolio_app.core.errors import Cancelled, StorageError
from portfolio_app.core.ids import BlobHash
from portfolio_app.core.progress import ByteProgress, CancelCheck

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredBlob:
    hash: BlobHash
    size_bytes: int
    already_present: bool


class MediaStore:
    def __init__(self, root: Path):
        self.root = root
        self._tmp = root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def path(self, blob: str) -> Path:
        return self.root / blob[:2] / blob

    def has(self, blob: str) -> bool:
        return self.path(blob).is_file()

    def remove_temp_files(self) -> int:
        """Delete what a crash left in the temp folder; returns how many files went."""
        removed = 0
        for leftover in self._tmp.iterdir():
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed

    def put_file(
        self, source: Path, progress: ByteProgress | None = None, cancelled: CancelCheck | None = None
    ) -> StoredBlob:
        """Copy `source` into the store, hashing while copying."""
        try:
            reader = open(source, "rb", buffering=0)  # noqa: SIM115 - only the open may fail as "cannot be read"
        except OSError as exc:
            raise StorageError(f"{source.name} cannot be read: {exc.strerror or exc}") from exc
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(reader.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)  # longer read-ahead
        with reader:
            return self.put_stream(reader, progress, cancelled)

    def put_bytes(self, data: bytes) -> StoredBlob:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_stream(
        self, reader: BinaryIO, progress: ByteProgress | None = None, cancelled: CancelCheck | None = None
    ) -> StoredBlob:
        digest = hashlib.sha256()
        temp = self._tmp / f"{secrets.token_hex(8)}.part"
        copied = 0
        try:
            with open(temp, "xb") as writer, _Writer(writer) as background:
                while chunk := reader.read(CHUNK):
                    if cancelled is not None and cancelled():
                        raise Cancelled("Stopped before the copy finished; nothing was kept.")
                    background.write(chunk)  # written by another thread while this one hashes
                    digest.update(chunk)
                    copied += len(chunk)
                    if progress is not None:
                        progress(copied)
                background.finish()
                writer.flush()
                os.fsync(writer.fileno())
            return self._install(temp, BlobHash(digest.hexdigest()), copied)
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
        return sorted(p.name for d in self.root.iterdir() if d.is_dir() and len(d.name) == 2 for p in d.iterdir())


class _Writer:
    """Writes chunks on a thread of its own, so reading, hashing and writing overlap.

    hashlib and file I/O release the GIL, so on two cores a copy costs about as much as its
    slowest part instead of the sum of all three. At most QUEUE chunks wait: memory stays
    bounded (QUEUE x CHUNK) whatever the file's size.
    """

    QUEUE = 8

    def __init__(self, writer: BinaryIO):
        import queue
        import threading

        self._writer = writer
        self._chunks: queue.Queue[bytes | None] = queue.Queue(self.QUEUE)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="media-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:
                try:
                    self._writer.write(chunk)
                except BaseException as exc:  # reported to the reading thread
                    self._error = exc

    def write(self, chunk: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._chunks.put(chunk)

    def finish(self) -> None:
        """Wait for every chunk to be written; raise what the writer met."""
        if self._thread.is_alive():
            self._chunks.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():  # an early exit (error, cancel): stop the thread, drop the rest
            self._error = self._error or Cancelled("stopped")
            self._chunks.put(None)
            self._thread.join()


def _disk_message(exc: OSError) -> str:
    return disk_message(exc, Path(exc.filename) if exc.filename else Path("library"), "the file")
