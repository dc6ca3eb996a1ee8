"""A streaming writer of stored (uncompressed) ZIP archives, for files of any size.

Evidence is copied in large chunks: this thread reads and computes the CRC-32 while another
writes, so a copy costs about as much as its slowest part (zlib.crc32 and file I/O release the
GIL). Sizes are known before an entry starts, so each local header is written with its final
sizes and only the CRC is patched in afterwards (pwrite): no data descriptors, which some
unzip tools handle badly for stored entries. ZIP64 fields are written where a size or offset
needs them.
"""

from __future__ import annotations

import os
import queue
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.bundle.zipformat import (
    CENTRAL,
    CENTRAL_SIGNATURE,
    END,
    END_SIGNATURE,
    EXTRA_HEADER,
    LOCAL,
    LOCAL_SIGNATURE,
    MADE_BY_UNIX,
    MAX_16,
    MAX_32,
    STORED,
    UNIX_FILE_ATTRIBUTES,
    UTF8_FLAG,
    ZIP64_END,
    ZIP64_END_SIGNATURE,
    ZIP64_EXTRA,
    ZIP64_LOCATOR,
    ZIP64_LOCATOR_SIGNATURE,
    dos_time,
)

ZIP64_FROM = MAX_32  # sizes and offsets from here on go in ZIP64 fields (tests lower it)
# 2 MiB reads, eight in flight (16 MiB): on a cold cache, 8 MiB chunks made the export 1.6x slower
# (fewer, longer stalls between reading and writing; bench/export_bundle.py).
CHUNK = 2 << 20
BUFFERS = 8

Chunked = Callable[[int], None]  # called with the bytes of each chunk copied; raises to stop


class SourceError(Exception):
    """A file being copied into the archive could not be read, or changed size meanwhile."""


@dataclass
class _Entry:
    name: bytes
    offset: int
    size: int
    crc: int = 0


class StoredZipWriter:
    """Appends stored entries to an open file descriptor, then the central directory on `finish`."""

    def __init__(self, fd: int, modified: str):
        self._fd = fd
        self._time, self._date = dos_time(modified)
        self._entries: list[_Entry] = []
        self._offset = 0
        self._buffers: list[bytearray] = []  # made on first need, reused by every file

    def add_bytes(self, name: str, data: bytes) -> None:
        entry = self._start(name, len(data))
        entry.crc = zlib.crc32(data)
        self._write(data)
        self._patch_crc(entry)

    def add_file(self, name: str, source: Path, size: int, on_chunk: Chunked | None = None) -> None:
        """Copy `size` bytes of `source` into a new entry; `on_chunk` may raise (e.g. Cancelled) to stop."""
        entry = self._start(name, size)
        try:
            reader = open(source, "rb", buffering=0)  # noqa: SIM115 - only opening and reading are the source's fault
        except OSError as exc:
            raise SourceError(f"cannot be read ({exc.strerror or exc})") from exc
        with reader:
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(reader.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
            if not self._buffers:
                self._buffers = [bytearray(CHUNK) for _ in range(BUFFERS)]
            entry.crc, copied = _copy(reader, self._fd, self._buffers, on_chunk)
        if copied != size:
            raise SourceError(f"changed size while it was copied ({size} bytes expected, {copied} read)")
        self._offset += copied
        self._patch_crc(entry)

    def finish(self) -> int:
        """Write the central directory and end records; returns the archive's size."""
        start = self._offset
        for entry in self._entries:
            extra = _zip64_extra(
                [entry.size, entry.size] if entry.size >= ZIP64_FROM else [],
                entry.offset if entry.offset >= ZIP64_FROM else None,
            )
            header = CENTRAL.pack(
                CENTRAL_SIGNATURE,
                MADE_BY_UNIX,
                45 if extra else 20,
                UTF8_FLAG,
                STORED,
                self._time,
                self._date,
                entry.crc,
                MAX_32 if entry.size >= ZIP64_FROM else entry.size,
                MAX_32 if entry.size >= ZIP64_FROM else entry.size,
                len(entry.name),
                len(extra),
                0,
                0,
                0,
                UNIX_FILE_ATTRIBUTES,
                MAX_32 if entry.offset >= ZIP64_FROM else entry.offset,
            )
            self._write(header + entry.name + extra)
        size = self._offset - start
        count = len(self._entries)
        zip64 = count >= MAX_16 or start >= ZIP64_FROM or size >= ZIP64_FROM
        if zip64:
            zip64_end = self._offset
            self._write(
                ZIP64_END.pack(
                    ZIP64_END_SIGNATURE, ZIP64_END.size - 12, MADE_BY_UNIX, 45, 0, 0, count, count, size, start
                )
                + ZIP64_LOCATOR.pack(ZIP64_LOCATOR_SIGNATURE, 0, zip64_end, 1)
            )
        self._write(
            END.pack(
                END_SIGNATURE,
                0,
                0,
                MAX_16 if zip64 else count,  # with ZIP64, readers take the real values from its end record
                MAX_16 if zip64 else count,
                MAX_32 if zip64 else size,
                MAX_32 if zip64 else start,
                0,
            )
        )
        return self._offset

    def _start(self, name: str, size: int) -> _Entry:
        encoded = name.encode("utf-8")
        entry = _Entry(encoded, self._offset, size)
        big = size >= ZIP64_FROM
        extra = _zip64_extra([size, size], None) if big else b""
        header = LOCAL.pack(
            LOCAL_SIGNATURE,
            45 if big else 20,
            UTF8_FLAG,
            STORED,
            self._time,
            self._date,
            0,  # the CRC, patched in when the data is written
            MAX_32 if big else size,
            MAX_32 if big else size,
            len(encoded),
            len(extra),
        )
        self._write(header + encoded + extra)
        self._entries.append(entry)
        return entry

    def _patch_crc(self, entry: _Entry) -> None:
        os.pwrite(self._fd, entry.crc.to_bytes(4, "little"), entry.offset + 14)

    def _write(self, data: bytes) -> None:
        _write_all(self._fd, memoryview(data))
        self._offset += len(data)


def _zip64_extra(sizes: list[int], offset: int | None) -> bytes:
    values = sizes + ([offset] if offset is not None else [])
    if not values:
        return b""
    body = b"".join(v.to_bytes(8, "little") for v in values)
    return EXTRA_HEADER.pack(ZIP64_EXTRA, len(body)) + body


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _copy(reader, fd: int, buffers: list[bytearray], on_chunk: Chunked | None) -> tuple[int, int]:
    """Read and CRC on this thread, write on another; returns (crc, bytes copied)."""
    free: queue.Queue[bytearray] = queue.Queue()
    for buffer in buffers:
        free.put(buffer)
    full: queue.Queue[tuple[bytearray, int] | None] = queue.Queue()
    failure: list[BaseException] = []

    def write() -> None:
        while (item := full.get()) is not None:
            buffer, length = item
            if not failure:
                try:
                    _write_all(fd, memoryview(buffer)[:length])
                except BaseException as exc:  # handed to the reading thread
                    failure.append(exc)
            free.put(buffer)

    writer = threading.Thread(target=write, name="bundle-zip-writer", daemon=True)
    writer.start()
    crc = 0
    copied = 0
    try:
        while not failure:
            buffer = free.get()
            try:
                length = reader.readinto(buffer)
            except OSError as exc:
                raise SourceError(f"cannot be read ({exc.strerror or exc})") from exc
            if not length:
                free.put(buffer)
                break
            crc = zlib.crc32(memoryview(buffer)[:length], crc)
            full.put((buffer, length))
            copied += length
            if on_chunk is not None:
                on_chunk(length)
    finally:
        full.put(None)
        writer.join()
    if failure:
        raise failure[0]
    return crc, copied
