"""Ways to change a bundle after it was signed, as an attacker or an accident would."""

from __future__ import annotations

import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

Items = list[tuple[zipfile.ZipInfo, bytes]]


def rewrite(source: Path, target: Path, edit: Callable[[Items], Items], compression: int = zipfile.ZIP_STORED) -> Path:
    """Copy a zip through `edit`, which gets and returns (ZipInfo, content) pairs; CRCs are made right."""
    with zipfile.ZipFile(source) as archive:
        items = [(info, archive.read(info)) for info in archive.infolist()]
    with warnings.catch_warnings(), zipfile.ZipFile(target, "w") as out:
        warnings.simplefilter("ignore")  # duplicate names are the point of some edits
        for info, data in edit(items):
            info.compress_type = compression
            out.writestr(info, data)
    return target


def flip_byte(items: Items, suffix: str) -> Items:
    """Change one byte in the middle of the entry whose name ends with `suffix`."""
    out = []
    for info, data in items:
        if info.filename.endswith(suffix):
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]
        out.append((info, data))
    return out


def renamed(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(name, info.date_time)
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    return copy


def point_at_same_data(path: Path, first: str, second: str) -> None:
    """Make the central record of `second` point at `first`'s local header (overlapping entries)."""
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    cd_start = struct.unpack_from("<I", data, end + 16)[0]
    offsets = {}
    position = cd_start
    while data[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        name = data[position + 46 : position + 46 + name_length].decode()
        offsets[name] = position
        position += 46 + name_length + extra_length + comment_length
    first_offset = struct.unpack_from("<I", data, offsets[first] + 42)[0]
    struct.pack_into("<I", data, offsets[second] + 42, first_offset)
    path.write_bytes(bytes(data))
