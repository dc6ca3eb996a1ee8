"""A bag to verify, read from a ZIP (without unpacking it) or from a folder, never written to.

Each source lists the bag's files (paths from the bag's top folder, `/`-separated) with their
sizes, reports what is wrong with its structure (paths that escape the bag, symlinks,
duplicates, several top folders, archives too large or bomb-like) and streams a file's bytes.
A ZIP's central directory is checked against the limits before anything else is read.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from portfolio_app.bundle import zipformat as z
from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.bundle.read_ahead import CHUNK, read_ahead


@dataclass(frozen=True)
class Limits:
    """What a bundle may declare before it is refused unread (protects disk, memory and time)."""

    max_entries: int = 100_000
    max_total_bytes: int = 64 * 10**9
    max_ratio: float = 200.0  # uncompressed / compressed size of a deflated entry
    max_central_directory_bytes: int = 64 << 20
    max_name_bytes: int = 1024


@dataclass(frozen=True)
class Problem:
    entry: str  # the file or zip entry at fault, or "(bundle)" for the whole
    reason: str


@dataclass
class _ZipEntry:
    name: str
    method: int
    offset: int
    compressed: int
    size: int
    data_offset: int = 0


@dataclass
class BagSource:
    """Files of a bag (path -> size) and the problems of its structure."""

    location: Path
    name: str | None = None  # the bag's top folder
    files: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def chunks(self, path: str) -> Iterator[memoryview]:
        raise NotImplementedError

    def read(self, path: str) -> bytes:
        return b"".join(bytes(chunk) for chunk in self.chunks(path))


class DirectoryBag(BagSource):
    """A bag folder (or a folder holding exactly one bag folder, as unzipping a bundle makes)."""

    def __init__(self, location: Path):
        super().__init__(location)
        root = location
        if not (root / "bagit.txt").exists():
            inner = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
            if len(inner) == 1 and (inner[0] / "bagit.txt").exists():
                root = inner[0]
        self.root = root
        self.name = root.name
        self._walk(root, "")

    def _walk(self, folder: Path, prefix: str) -> None:
        with os.scandir(folder) as listing:
            for item in sorted(listing, key=lambda e: e.name):
                relative = prefix + item.name
                mode = item.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    self.problems.append(Problem(relative, "is a symbolic link: a bag holds only regular files"))
                elif stat.S_ISDIR(mode):
                    self._walk(Path(item.path), relative + "/")
                elif stat.S_ISREG(mode):
                    self.files[relative] = item.stat(follow_symlinks=False).st_size
                else:
                    self.problems.append(Problem(relative, "is not a regular file"))

    def chunks(self, path: str) -> Iterator[memoryview]:
        return read_ahead(self.root / path, 0, self.files[path])


class ZipBag(BagSource):
    """A bundle .zip: one top folder; stored or deflated entries; streamed, never extracted."""

    def __init__(self, location: Path, limits: Limits):
        super().__init__(location)
        self.limits = limits
        self._entries: dict[str, _ZipEntry] = {}
        try:
            with open(location, "rb") as reader:
                entries = self._central_directory(reader)
                if not self.problems:
                    self._check(reader, entries)
        except (OSError, struct.error, ValueError) as exc:
            raise BundleFormatError(f"{location.name} is not a bundle we can read: {exc}") from exc

    def chunks(self, path: str) -> Iterator[memoryview]:
        entry = self._entries[path]
        raw = read_ahead(self.location, entry.data_offset, entry.compressed)
        if entry.method == z.STORED:
            return raw
        return _inflate(raw, entry.size, path)

    def _central_directory(self, reader) -> list[_ZipEntry]:
        size = reader.seek(0, os.SEEK_END)
        tail_start = max(0, size - (z.END.size + 0xFFFF))
        reader.seek(tail_start)
        tail = reader.read()
        at = tail.rfind(struct.pack("<I", z.END_SIGNATURE))
        if at < 0:
            raise ValueError("it is not a ZIP archive (no end of central directory)")
        _, disk, cd_disk, _, count, cd_size, cd_start, _ = z.END.unpack_from(tail, at)
        if disk or cd_disk:
            raise ValueError("it is split over several files")
        end_at = tail_start + at
        if count == z.MAX_16 or cd_size == z.MAX_32 or cd_start == z.MAX_32:
            locator = tail_start + at - z.ZIP64_LOCATOR.size
            reader.seek(locator)
            sig, _, zip64_end, _ = z.ZIP64_LOCATOR.unpack(reader.read(z.ZIP64_LOCATOR.size))
            if sig != z.ZIP64_LOCATOR_SIGNATURE:
                raise ValueError("its ZIP64 end record is missing")
            reader.seek(zip64_end)
            fields = z.ZIP64_END.unpack(reader.read(z.ZIP64_END.size))
            if fields[0] != z.ZIP64_END_SIGNATURE:
                raise ValueError("its ZIP64 end record is damaged")
            count, cd_size, cd_start = fields[7], fields[8], fields[9]
            end_at = zip64_end
        if count > self.limits.max_entries:
            self.problems.append(Problem("(bundle)", f"declares {count} entries, more than {self.limits.max_entries}"))
            return []
        if cd_size > self.limits.max_central_directory_bytes or cd_start + cd_size > end_at:
            self.problems.append(Problem("(bundle)", "its central directory is too large or lies outside the file"))
            return []
        reader.seek(cd_start)
        data = reader.read(cd_size)
        entries = []
        position = 0
        for _ in range(count):
            entry, position = self._central_entry(data, position)
            entries.append(entry)
        self._archive_end = cd_start
        return entries

    def _central_entry(self, data: bytes, position: int) -> tuple[_ZipEntry, int]:
        """The entry whose central record starts at `position`, and where the next record starts."""
        fields = z.CENTRAL.unpack_from(data, position)
        if fields[0] != z.CENTRAL_SIGNATURE:
            raise ValueError("its central directory is damaged")
        made_by, flags, method = fields[1], fields[3], fields[4]
        compressed, size, name_length, extra_length, comment_length = (
            fields[8],
            fields[9],
            fields[10],
            fields[11],
            fields[12],
        )
        external, offset = fields[15], fields[16]
        start = position + z.CENTRAL.size
        raw_name = data[start : start + name_length]
        extra = data[start + name_length : start + name_length + extra_length]
        name = raw_name.decode("utf-8" if flags & z.UTF8_FLAG else "cp437", errors="replace")
        values = iter(_zip64_values(extra))
        if size == z.MAX_32:
            size = next(values, size)
        if compressed == z.MAX_32:
            compressed = next(values, compressed)
        if offset == z.MAX_32:
            offset = next(values, offset)
        if name_length > self.limits.max_name_bytes:
            self.problems.append(Problem(name[:80] + "…", "has a name too long for a bundle"))
        if flags & z.ENCRYPTED_FLAG:
            self.problems.append(Problem(name, "is encrypted"))
        if method not in (z.STORED, z.DEFLATED):
            self.problems.append(Problem(name, f"uses compression method {method}, which bundles do not"))
        mode = external >> 16  # Unix st_mode; some writers leave the type bits out, which means a file
        if made_by >> 8 == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
            self.problems.append(Problem(name, f"is {kind}: a bag holds only regular files"))
        return _ZipEntry(name, method, offset, compressed, size), start + name_length + extra_length + comment_length

    def _check(self, reader, entries: list[_ZipEntry]) -> None:
        total = sum(e.size for e in entries)
        if total > self.limits.max_total_bytes:
            self.problems.append(
                Problem("(bundle)", f"declares {total:,} bytes, more than the limit of {self.limits.max_total_bytes:,}")
            )
            return
        tops: set[str] = set()
        seen: dict[str, str] = {}
        for entry in entries:
            bad = _unsafe(entry.name)
            if bad:
                self.problems.append(Problem(entry.name, bad))
                continue
            folded = unicodedata.normalize("NFC", entry.name).casefold()
            if folded in seen:
                self.problems.append(Problem(entry.name, f"is in the archive twice (as {seen[folded]!r} too)"))
                continue
            seen[folded] = entry.name
            top, _, rest = entry.name.partition("/")
            tops.add(top)
            if not rest and not entry.name.endswith("/"):
                self.problems.append(Problem(entry.name, "is outside the bag's folder"))
                continue
            if entry.name.endswith("/"):
                if entry.size:
                    self.problems.append(Problem(entry.name, "is a folder entry with content"))
                continue
            if entry.method == z.STORED and entry.compressed != entry.size:
                self.problems.append(Problem(entry.name, "declares a stored size different from its size"))
                continue
            if entry.method == z.DEFLATED and entry.size > self.limits.max_ratio * max(entry.compressed, 1):
                self.problems.append(Problem(entry.name, "expands far beyond its compressed size (a zip bomb)"))
                continue
            self._entries[rest] = entry
            self.files[rest] = entry.size
        if len(tops) > 1:
            self.problems.append(
                Problem("(bundle)", f"has {len(tops)} top folders ({', '.join(sorted(tops))}), not one")
            )
        self.name = next(iter(tops)) if len(tops) == 1 else None
        self._locate(reader)

    def _locate(self, reader) -> None:
        """Find each entry's data; refuse entries that overlap or run past the central directory."""
        end = 0
        for path, entry in sorted(self._entries.items(), key=lambda item: item[1].offset):
            reader.seek(entry.offset)
            header = reader.read(z.LOCAL.size)
            fields = z.LOCAL.unpack(header) if len(header) == z.LOCAL.size else None
            if fields is None or fields[0] != z.LOCAL_SIGNATURE:
                self._drop(path, "has no local header where the directory says")
                continue
            local_name = reader.read(fields[9])
            if local_name.decode("utf-8", errors="replace") != entry.name and local_name.decode("cp437") != entry.name:
                self._drop(path, "has a different name in its local header")
                continue
            entry.data_offset = entry.offset + z.LOCAL.size + fields[9] + fields[10]
            if entry.offset < end or entry.data_offset + entry.compressed > self._archive_end:
                self._drop(path, "overlaps another entry or runs past the archive (a zip bomb trick)")
                continue
            end = entry.data_offset + entry.compressed

    def _drop(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self._entries[path].name, reason))
        del self._entries[path]
        del self.files[path]


def _zip64_values(extra: bytes) -> list[int]:
    position = 0
    while position + 4 <= len(extra):
        kind, length = z.EXTRA_HEADER.unpack_from(extra, position)
        body = extra[position + 4 : position + 4 + length]
        if kind == z.ZIP64_EXTRA:
            return [int.from_bytes(body[i : i + 8], "little") for i in range(0, len(body) - 7, 8)]
        position += 4 + length
    return []


def _unsafe(name: str) -> str | None:
    """Why an entry name could land outside the bag when unpacked, or None."""
    if "\\" in name:
        return "has a backslash in its name (a Windows path that can escape the bag)"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path"
    parts = name.rstrip("/").split("/")
    if any(part in ("..", ".") for part in parts):
        return "has '..' or '.' in its path, which escapes the bag"
    if any(part == "" for part in parts) or any(ord(c) < 32 for c in name):
        return "has an empty path part or a control character in its name"
    return None


def _inflate(raw: Iterator[memoryview], size: int, path: str) -> Iterator[memoryview]:
    """Deflated data, never more than the `size` the directory declared."""
    decompressor = zlib.decompressobj(-15)
    produced = 0
    for chunk in raw:
        data = decompressor.decompress(chunk, CHUNK)
        while True:
            produced += len(data)
            if produced > size:
                raise EOFError(f"{path} expands beyond its declared size")
            if data:
                yield memoryview(data)
            if not decompressor.unconsumed_tail:
                break
            data = decompressor.decompress(decompressor.unconsumed_tail, CHUNK)
    tail = decompressor.flush()
    produced += len(tail)
    if produced != size:
        raise EOFError(f"{path} does not expand to its declared size")
    if tail:
        yield memoryview(tail)


def open_bag(location: Path, limits: Limits | None = None) -> BagSource:
    """The bag at `location`, a .zip bundle or a folder."""
    if location.is_dir():
        return DirectoryBag(location)
    if not location.is_file():
        raise BundleFormatError(f"{location} does not exist.")
    return ZipBag(location, limits or Limits())
