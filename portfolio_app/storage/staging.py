"""Per-process staging folders under `media/tmp/`, each owned through a lock file held open.

Several processes may use one library at once (the window, a district script running the CLI,
a background upload). Each writes its temp files into a folder of its own, `media/tmp/<id>/`,
and holds `media/tmp/<id>.lock` open and locked for as long as it lives. A process that opens
the library removes only folders whose lock it can take: their owner has ended (the operating
system drops a lock when its process dies, even on kill -9). The lock is an OS file lock
(`flock` on POSIX, `msvcrt.locking` on Windows), so it also holds between two stores opened in
one process, and on Windows the open lock file cannot even be deleted.

Beside it, `media/tmp/<id>.held/` says what the process still needs: an empty file per blob it
put into the store this session (a blob is there before a row names it; garbage collection
must not take it meanwhile), and a `*.outside` file per unfinished file it writes outside the
library (an export's `.part`), so that the files of a killed export are found and removed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = ".lock"
HELD_SUFFIX = ".held"
OUTSIDE_SUFFIX = ".outside"
COLLECTED = "collected"  # blobs a garbage collection set aside, in its staging folder
LEGACY_AGE_SECONDS = 24 * 3600  # loose temp files of app versions before staging folders


def _try_lock(fd: int) -> bool | None:
    """Take an exclusive lock on the open file `fd` without waiting; False when another holds it,
    None where the file system cannot lock (some network shares): then nobody's folder is removed."""
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
    except BlockingIOError:  # held by someone else
        return False
    except OSError:  # ENOLCK, EOPNOTSUPP: no locks here
        return None
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
            locked = _try_lock(fd)
            if locked is None or (locked and _same_file(fd, lock_path)):
                break  # without locks, the folder is simply never taken for a dead one's
            os.close(fd)
        self._fd: int | None = fd
        self._locked = locked is True
        self.lock_path = lock_path
        self.path = parent / name
        self.path.mkdir()
        self.held = parent / f"{name}{HELD_SUFFIX}"

    def hold(self, blob: str) -> None:
        """Keep `blob` from garbage collection while this process lives."""
        self.held.mkdir(exist_ok=True)
        (self.held / blob).touch()

    def register_outside(self, folder: Path, prefix: str, suffix: str) -> Path:
        """Note an unfinished file about to be written outside the library (`folder/prefix…suffix`).

        Returns the note; remove it with `forget_outside` once the file is complete or removed.
        """
        self.held.mkdir(exist_ok=True)
        note = self.held / f"{secrets.token_hex(8)}{OUTSIDE_SUFFIX}"
        note.write_text("\n".join([str(folder.resolve()), prefix, suffix]), encoding="utf-8")
        return note

    @staticmethod
    def forget_outside(note: Path) -> None:
        note.unlink(missing_ok=True)

    def release(self) -> None:
        """Remove the folder and give up the lock (the library closes)."""
        if self._fd is None:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        shutil.rmtree(self.held, ignore_errors=True)
        if self._locked:
            _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        self.lock_path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Abandoned:
    """What ended processes left: temp files in the library, unfinished files outside it."""

    temp_files: int = 0
    temp_bytes: int = 0
    partial_files: tuple[Path, ...] = ()
    partial_bytes: int = 0

    def __add__(self, other: Abandoned) -> Abandoned:
        return Abandoned(
            self.temp_files + other.temp_files,
            self.temp_bytes + other.temp_bytes,
            self.partial_files + other.partial_files,
            self.partial_bytes + other.partial_bytes,
        )


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
            if _try_lock(fd):
                _unlock(fd)
            else:  # held, or cannot be known: alive
                live.add(lock_path.name.removesuffix(LOCK_SUFFIX))
        finally:
            os.close(fd)
    return live


def held_by_live_processes(parent: Path) -> set[str]:
    """The blobs that running processes put into the store this session."""
    held: set[str] = set()
    for name in owned_by_live_processes(parent):
        folder = parent / f"{name}{HELD_SUFFIX}"
        with contextlib.suppress(OSError):
            held |= {p.name for p in folder.iterdir() if not p.name.endswith(OUTSIDE_SUFFIX)}
    return held


def remove_abandoned(
    parent: Path, *, dry_run: bool = False, put_back: Callable[[Path], None] | None = None
) -> Abandoned:
    """Delete the staging folders of processes that ended, and the unfinished files they noted.

    Safe while other processes run: a folder is removed only while this process holds its
    lock, so its owner cannot be alive. Blobs a garbage collection had set aside when it was
    killed (in `<folder>/collected/`) go to `put_back` first: whether nothing needs them was
    not yet decided. With `dry_run`, only counts.
    """
    found = Abandoned()
    if not parent.is_dir():
        return found
    for lock_path in parent.glob(f"*{LOCK_SUFFIX}"):
        try:
            fd = os.open(lock_path, os.O_RDWR)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # its owner is alive (or, without locks, may be)
            name = lock_path.name.removesuffix(LOCK_SUFFIX)
            if put_back is not None and not dry_run and (parent / name / COLLECTED).is_dir():
                for blob in (parent / name / COLLECTED).iterdir():
                    put_back(blob)
            found += _partials(parent / f"{name}{HELD_SUFFIX}", dry_run)
            found += _remove_tree(parent / name, dry_run)
            if not dry_run:
                shutil.rmtree(parent / f"{name}{HELD_SUFFIX}", ignore_errors=True)
                if os.name != "nt":  # on POSIX the file can go while still open and locked
                    lock_path.unlink(missing_ok=True)
            _unlock(fd)
        finally:
            os.close(fd)
        if os.name == "nt" and not dry_run:  # another process may have opened it meanwhile: a later clean-up takes it
            with contextlib.suppress(OSError):
                lock_path.unlink(missing_ok=True)
    return found + _strays(parent, dry_run)


def _strays(parent: Path, dry_run: bool) -> Abandoned:
    """Folders whose lock file an interrupted clean-up already removed; loose files of old app versions."""
    found = Abandoned()
    live = {p.name.removesuffix(LOCK_SUFFIX) for p in parent.glob(f"*{LOCK_SUFFIX}")}
    now = time.time()
    for entry in parent.iterdir():
        if entry.name.endswith(LOCK_SUFFIX) or entry.name.removesuffix(HELD_SUFFIX) in live:
            continue
        try:
            stat = entry.lstat()
        except OSError:
            continue
        # A young folder may belong to a process between creating its lock and its folder.
        if entry.is_dir() and now - stat.st_mtime > 60:
            found += _remove_tree(entry, dry_run)
        elif entry.is_file() and now - stat.st_mtime > LEGACY_AGE_SECONDS:
            if not dry_run:
                entry.unlink(missing_ok=True)
            found += Abandoned(1, stat.st_size)
    return found


def _partials(held: Path, dry_run: bool) -> Abandoned:
    """The unfinished outside files a dead process noted (an export killed half-way)."""
    files: list[Path] = []
    size = 0
    for note in held.glob(f"*{OUTSIDE_SUFFIX}") if held.is_dir() else ():
        try:
            folder, prefix, suffix = note.read_text(encoding="utf-8").split("\n")
            candidates = list(Path(folder).iterdir())
        except (OSError, ValueError):
            continue
        for path in candidates:
            if path.name.startswith(prefix) and path.name.endswith(suffix) and path.is_file():
                with contextlib.suppress(OSError):
                    size += path.stat().st_size
                    if not dry_run:
                        path.unlink()
                    files.append(path)
    return Abandoned(partial_files=tuple(files), partial_bytes=size)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _remove_tree(folder: Path, dry_run: bool = False) -> Abandoned:
    """Delete `folder` and everything in it; returns what went."""
    files = size = 0
    if not folder.is_dir():
        return Abandoned()
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                size += path.stat().st_size
                files += 1
        except OSError:
            continue
    if not dry_run:
        shutil.rmtree(folder, ignore_errors=True)
    return Abandoned(files, size)
