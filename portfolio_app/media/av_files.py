"""Media files opened by FFmpeg (PyAV) for reading and writing, their failures put in words for people."""

from __future__ import annotations

import errno
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import av

from portfolio_app.atomic_files import disk_message
from portfolio_app.core.errors import MediaError, StorageError

MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".m4a": "ipod"}


def guarded(src: Path, items: Iterator) -> Iterator:
    """`items`, with read and decode failures turned into a MediaError that names `src`."""
    try:
        yield from items
    except av.error.FFmpegError as error:
        raise unreadable(src, "part of the recording is damaged and cannot be read") from error


def open_input(src: Path) -> av.container.InputContainer:
    """`src` opened for reading by FFmpeg; MediaError (empty, missing, not media, ends early) otherwise."""
    try:
        if src.stat().st_size == 0:
            raise MediaError(src.name, "the file is empty")
        source = av.open(str(src), metadata_errors="replace")
    except FileNotFoundError as error:
        raise MediaError(src.name, "the file is no longer there") from error
    except PermissionError as error:
        raise MediaError(src.name, "the file cannot be opened: permission denied") from error
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise unreadable(src, "this is not a video or sound file we can read") from error
    if source.format.name == "tty" or not (source.streams.video or source.streams.audio):
        source.close()  # FFmpeg shows a text file as a "video" of its characters
        raise MediaError(src.name, "this is not a video or sound file we can read")
    return source


@contextmanager
def open_output(path: Path, dst: Path, src: Path) -> Iterator[av.container.OutputContainer]:
    """An output container at `path` in the format `dst`'s suffix names; write failures become errors for people."""
    muxer = MUXERS.get(dst.suffix.lower())
    options = {"movflags": "+faststart"} if muxer else {}  # the index first, so players can start at once
    try:
        with av.open(str(path), "w", format=muxer, options=options) as out:
            yield out
    except av.error.FFmpegError as error:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageError(disk_message(error, dst)) from error
        raise MediaError(src.name, f"could not be saved as {dst.name}: {error.strerror}") from error


def unreadable(src: Path, otherwise: str) -> MediaError:
    """The error for a file FFmpeg cannot read: "ends early" if its MP4/MOV boxes run past its end."""
    offset, size = 0, 0
    with suppress(OSError), src.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        while offset + 16 <= size and (offset or file.read(8)[4:8] == b"ftyp"):
            file.seek(offset)
            length, _, large = struct.unpack(">I4sQ", file.read(16))
            length = large if length == 1 else length
            offset = offset + length if length >= 8 else size  # 0: "to the end of the file"
    if offset > size:
        return MediaError(src.name, "the file ends early: it may not have finished copying")
    return MediaError(src.name, otherwise)
