"""Per-process staging folders under `media/tmp/`, each owned through a lock file held open.

Several processes may use one library at once (the window, a district script running the CLI,
a background upload). Each writes its temp files into a folder of its own, `media/tmp/<id>/`,
and holds `media/tmp/<id>.lock` open and locked for as long as it lives. A process that opens
the library removes only folders whose lock it can take: their owner has ended (the operating
system drops a lock when its process dies, even on kill -9). The lock is an OS file lock
(`flock` on POSIX, `msvcrt.locking` on Windows), so it also holds between two stores opened in
one process, and on Windows the open lock file cannot even be deleted.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from pathlib import Path

LOCK_SUFFIX = ".lock"
LEGACY_AGE_SECONDS = 24 * 3600  # loose temp files of app versions before staging folders


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file `fd` without waiting; False when another holds it."""
    if os.name == "nt":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: held by someone else
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class StagingFolder:
    """A folder for this process's temp files, locked while it exists."""

    def __init__(self, parent: Path):
        parent.mkdir(parents=True, exist_ok=True)
        while True:
            name = f"{os.getpid()}-{secrets.token_hex(6)}"
            lock_path = parent / f"{name}{LOCK_SUFFIX}"
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            # Between the create and the lock another process's clean-up may take the new lock
            # file for a dead one and delete it: keep the lock only if the name still leads to it.
            if _try_lock(fd) and _same_file(fd, lock_path):
                break
            os.close(fd)
        self._fd: int | None = fd
        self.lock_path = lock_path
        self.path = parent / name
        self.path.mkdir()

    @property
    def locked(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the folder and give up the lock (the library closes)."""
        if self._fd is None:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        self.lock_path.unlink(missing_ok=True)


def owned_by_live_processes(parent: Path) -> set[str]:
    """Names of the staging folders in `parent` whose owner is still running."""
    live: set[str] = set()
    for lock_path in parent.glob(f"*{LOCK_SUFFIX}"):
        try:
            fd = os.open(lock_path, os.O_RDWR)
        except OSError:  # gone meanwhile, or (Windows) open and so in use
            live.add(lock_path.name.removesuffix(LOCK_SUFFIX))
            continue
        try:
            if not _try_lock(fd):
                live.add(lock_path.name.removesuffix(LOCK_SUFFIX))
            else:
                _unlock(fd)
        finally:
            os.close(fd)
    return live


def remove_abandoned(parent: Path) -> tuple[int, int]:
    """Delete the staging folders of processes that ended (and very old loose temp files).

    Returns (files removed, bytes freed). Safe while other processes run: a folder is removed
    only while this process holds its lock, so its owner cannot be alive.
    """
    files = freed = 0
    if not parent.is_dir():
        return 0, 0
    for lock_path in parent.glob(f"*{LOCK_SUFFIX}"):
        try:
            fd = os.open(lock_path, os.O_RDWR)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # its owner is alive
            folder = parent / lock_path.name.removesuffix(LOCK_SUFFIX)
            n, size = _remove_tree(folder)
            files, freed = files + n, freed + size
            if os.name != "nt":  # on POSIX the file can go while still open and locked
                lock_path.unlink(missing_ok=True)
            _unlock(fd)
        finally:
            os.close(fd)
        if os.name == "nt":  # another process may have opened it meanwhile: the next clean-up takes it
            with contextlib.suppress(OSError):
                lock_path.unlink(missing_ok=True)
    live = {p.name.removesuffix(LOCK_SUFFIX) for p in parent.glob(f"*{LOCK_SUFFIX}")}
    now = time.time()
    for entry in parent.iterdir():
        if entry.name.endswith(LOCK_SUFFIX) or entry.name in live:
            continue
        try:
            stat = entry.lstat()
        except OSError:
            continue
        # A folder without a lock file lost it to an earlier clean-up that stopped half-way;
        # a loose file is from an app version before staging folders: removed once surely stale.
        if entry.is_dir() and now - stat.st_mtime > 60:
            n, size = _remove_tree(entry)
            files, freed = files + n, freed + size
        elif entry.is_file() and now - stat.st_mtime > LEGACY_AGE_SECONDS:
            entry.unlink(missing_ok=True)
            files, freed = files + 1, freed + stat.st_size
    return files, freed


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _remove_tree(folder: Path) -> tuple[int, int]:
    """Delete `folder` and everything in it; returns (files, bytes) removed."""
    files = size = 0
    if not folder.is_dir():
        return 0, 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                size += path.stat().st_size
                files += 1
        except OSError:
            continue
    shutil.rmtree(folder, ignore_errors=True)
    return files, size
