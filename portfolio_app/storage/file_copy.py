"""Copying a file into the store while hashing it, at the speed of the disk.

Where the kernel can copy between files (`os.copy_file_range`: Linux), it does, in large
steps, with no bytes passing through Python; a second thread hashes the *destination* just
behind the copy, reading the pages the copy has just put in the page cache. What is hashed is
what was written, even if the source changes meanwhile, and the hash costs no second read of
the disk. Elsewhere (Windows, macOS, or file systems that refuse), one thread reads into a small
ring of reusable buffers and hashes, another writes: no allocation per chunk, so memory stays
flat whatever the file's size. Either way the caller fsyncs once at the end.

A copy returns as soon as the bytes are written: the hash behind a kernel copy may still be
running, so that the caller can start the fsync (and look at the file) meanwhile. `Copied.sha256()`
waits for it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from portfolio_app.core.errors import Cancelled
from portfolio_app.core.progress import ByteProgress, CancelCheck

CHUNK = 1 << 20  # what the hashing thread reads at a time, and the ring's buffer size
KERNEL_STEP = 16 << 20  # what one copy_file_range call asks for; progress and cancel are checked between
RING = 4
ReadInto = Callable[[memoryview], int]  # fills the view, returns the byte count (0 at the end)

# copy_file_range refuses some pairs (another file system on old kernels, special files): copy in Python then.
_NOT_HERE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF, errno.EPERM, errno.ETXTBSY}


def _stopped() -> Cancelled:
    return Cancelled("Stopped before the copy finished; nothing was kept.")


@dataclass(frozen=True)
class Copied:
    """A finished copy of `size` bytes whose hash may still be running on its own thread.

    Call `sha256()` (waits for the hash, raises what the hashing thread met) or `abandon()`
    (stops it) before closing the target: the hashing thread reads it.
    """

    size: int
    _wait: Callable[[], str]
    _stop: Callable[[], None] = lambda: None

    def sha256(self) -> str:
        """The SHA-256 hex of what was written, once the hash has caught up."""
        return self._wait()

    def abandon(self) -> None:
        """Stop the hash (the copy is being thrown away)."""
        self._stop()


def copy_file(source: BinaryIO, target_fd: int, progress: ByteProgress | None, cancelled: CancelCheck | None) -> Copied:
    """Copy an unbuffered file (`open(path, "rb", buffering=0)`) to `target_fd` (opened read-write),
    from their current offsets to the source's end. Does not fsync.
    """
    if hasattr(os, "copy_file_range") and hasattr(os, "preadv"):
        done = _kernel_copy(source.fileno(), target_fd, progress, cancelled)
        if done is not None:
            return done
    return copy_stream(source.readinto, target_fd, progress, cancelled)  # type: ignore[attr-defined]


def copy_stream(
    read_into: ReadInto, target_fd: int, progress: ByteProgress | None, cancelled: CancelCheck | None
) -> Copied:
    """The portable copy: this thread reads and hashes, another writes, through RING buffers."""
    digest = hashlib.sha256()
    free: queue.Queue[bytearray] = queue.Queue()
    for _ in range(RING):
        free.put(bytearray(CHUNK))
    full: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
    failure: list[BaseException] = []

    def write() -> None:
        while (item := full.get()) is not None:
            buffer, size = item
            if not failure:
                try:
                    view = memoryview(buffer)[:size]
                    while view:
                        view = view[os.write(target_fd, view) :]
                except BaseException as exc:  # reported to the reading thread
                    failure.append(exc)
            free.put(buffer)

    writer = threading.Thread(target=write, name="media-store-writer", daemon=True)
    writer.start()
    copied = 0
    try:
        while True:
            if failure:
                raise failure[0]
            buffer = free.get()
            size = read_into(memoryview(buffer))
            if not size:
                free.put(buffer)
                break
            if cancelled is not None and cancelled():  # asked once per chunk read, as before any write of it
                raise _stopped()
            digest.update(memoryview(buffer)[:size])
            full.put((buffer, size))  # written by the other thread while this one reads on
            copied += size
            if progress is not None:
                progress(copied)
    finally:
        full.put(None)
        writer.join()
    if failure:
        raise failure[0]
    hexdigest = digest.hexdigest()
    return Copied(copied, lambda: hexdigest)


def _kernel_copy(
    source_fd: int, target_fd: int, progress: ByteProgress | None, cancelled: CancelCheck | None
) -> Copied | None:
    """copy_file_range with a hashing thread following; None when the kernel refuses from the start."""
    follower = _Follower(target_fd, os.lseek(target_fd, 0, os.SEEK_CUR))
    copied = 0
    try:
        while True:
            try:
                step = os.copy_file_range(source_fd, target_fd, KERNEL_STEP)
            except OSError as exc:
                if copied == 0 and exc.errno in _NOT_HERE:
                    follower.stop()
                    return None
                raise
            if step == 0:
                break
            if cancelled is not None and cancelled():  # asked once per step that copied something
                raise _stopped()
            copied += step
            follower.advance(copied)
            if progress is not None:
                progress(copied)
    except BaseException:
        follower.stop()
        raise
    follower.advance(copied, final=True)
    return Copied(copied, follower.finish, follower.stop)


class _Follower:
    """Hashes the target file up to how far the copy has come, on a thread of its own."""

    def __init__(self, fd: int, start: int):
        self._fd = fd
        self._start = start
        self._digest = hashlib.sha256()
        self._limit = 0
        self._final = False
        self._stopped = False
        self._error: BaseException | None = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="media-store-hasher", daemon=True)
        self._thread.start()

    def advance(self, limit: int, *, final: bool = False) -> None:
        with self._changed:
            self._limit = limit
            self._final = final
            self._changed.notify()
        if self._error is not None:
            raise self._error

    def finish(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._digest.hexdigest()

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify()
        self._thread.join()

    def _run(self) -> None:
        buffer = memoryview(bytearray(CHUNK))
        done = 0
        try:
            while True:
                with self._changed:
                    while done >= self._limit and not self._final and not self._stopped:
                        self._changed.wait()
                    if self._stopped:
                        return
                    limit, final = self._limit, self._final
                if done >= limit and final:
                    return
                # Read back, not mapped: a mapping would save the kernel's copy into the buffer (0.1 s
                # of CPU per GB), but a page the disk fails to give back would kill the process (SIGBUS).
                while done < limit and not self._stopped:
                    size = os.preadv(self._fd, [buffer[: min(CHUNK, limit - done)]], self._start + done)
                    if size == 0:
                        raise OSError(errno.EIO, "the copy is shorter than the kernel said")
                    self._digest.update(buffer[:size])
                    done += size
        except BaseException as exc:  # reported to the copying thread
            self._error = exc
