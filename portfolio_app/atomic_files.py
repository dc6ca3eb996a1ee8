"""Writing a file so that its final name only ever holds a whole file: the one way every layer does it.

The file is written under a temp name in the same folder, `.<name>.part` (hidden, recognisable as
unfinished, and taken over by the next attempt at the same file after a crash), or, while another
writer holds that name, `.<name>.<random>.part`; flushed and fsynced, renamed over the target, and
the folder fsynced so the rename survives a power cut. On any failure the temp file goes and the
target is untouched. A full disk or a read-only folder is reported in words a teacher can act on.
Writers pass their format explicitly (PyAV, Pillow): the temp name does not end in the target's suffix.

Portable: `os.replace` renames over an existing file on Windows too; folders cannot be fsynced
there, which is skipped.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from portfolio_app.core.errors import StorageError

PART = ".part"


def temp_name(target: Path) -> Path:
    """Claim a temp name beside `target` (see the module doc): the file exists, empty, on return.

    A leftover of a crashed attempt under the plain name is taken over only once it is not being
    written: a name another live writer holds is never shared (the claim is an exclusive create).
    """
    plain = target.with_name(f".{target.name}{PART}")
    for candidate in (plain, target.with_name(f".{target.name}.{secrets.token_hex(6)}{PART}")):
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free temp name beside {target}")  # two random names taken: never in practice


def is_temp_name(path: Path) -> bool:
    """Whether `path` is one of our unfinished files (a crash may leave one behind)."""
    return path.name.startswith(".") and path.name.endswith(PART)


@contextmanager
def atomic_path(target: Path, what: str = "") -> Iterator[Path]:
    """A temp path to write `target` through (for writers that take a path: PyAV, Pillow);
    after a clean exit it is fsynced and renamed to `target`, after any other exit removed.

    Raises:
        StorageError: the disk is full, or the folder cannot be written (see disk_message).
    """
    try:
        temp = temp_name(target)
    except OSError as exc:
        raise StorageError(disk_message(exc, target, what)) from exc
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
        fsync_folder(target.parent)
    except OSError as exc:
        raise StorageError(disk_message(exc, target, what)) from exc
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def atomic_file(target: Path, what: str = "", *, text: bool = False) -> Iterator[IO]:
    """An open temp file (binary, or UTF-8 text with `text=True`) that becomes `target` on a clean exit."""
    with atomic_path(target, what) as temp:
        if text:
            with open(temp, "w", encoding="utf-8", newline="\n") as file:
                yield file
                file.flush()
        else:
            with open(temp, "wb") as file:
                yield file
                file.flush()


def write_atomically(target: Path, data: bytes | str, what: str = "") -> None:
    """Write `data` (bytes, or text as UTF-8) to `target` atomically."""
    with atomic_file(target, what, text=isinstance(data, str)) as file:
        file.write(data)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened: Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def disk_message(exc: OSError, target: Path, what: str = "") -> str:
    """The one message for a file that could not be written, by cause."""
    name = what or target.name
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"The disk is full: free some space and try again. {name} was not saved (in {target.parent})."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The app may not write to {target.parent} (read-only, or not yours): choose another folder."
    if exc.errno == errno.ENOENT:
        return f"The folder {target.parent} does not exist (was a drive removed?); {name} was not saved."
    return f"{name} could not be written to {target.parent}: {exc.strerror or exc}"
