"""The parts of the ZIP format (PKWARE APPNOTE 6.3) that bundles use: stored entries, ZIP64, UTF-8 names."""

from __future__ import annotations

import struct
from datetime import datetime

LOCAL_SIGNATURE = 0x04034B50
CENTRAL_SIGNATURE = 0x02014B50
END_SIGNATURE = 0x06054B50
ZIP64_END_SIGNATURE = 0x06064B50
ZIP64_LOCATOR_SIGNATURE = 0x07064B50
ZIP64_EXTRA = 0x0001
UTF8_FLAG = 0x0800
ENCRYPTED_FLAG = 0x0001
STORED = 0
DEFLATED = 8
MAX_32 = 0xFFFFFFFF
MAX_16 = 0xFFFF

LOCAL = struct.Struct("<IHHHHHIIIHH")  # signature .. extra length: 30 bytes
CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
END = struct.Struct("<IHHHHIIH")  # 22 bytes
ZIP64_END = struct.Struct("<IQHHIIQQQQ")  # 56 bytes
ZIP64_LOCATOR = struct.Struct("<IIQI")  # 20 bytes
EXTRA_HEADER = struct.Struct("<HH")

UNIX_FILE_ATTRIBUTES = 0o100644 << 16  # a regular file, rw-r--r--
MADE_BY_UNIX = (3 << 8) | 45  # host Unix, spec 4.5 (ZIP64)


def dos_time(iso: str) -> tuple[int, int]:
    """(time, date) fields of an ISO 8601 timestamp, clamped to the years DOS dates can hold."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    year = min(max(moment.year, 1980), 2107)
    return (
        (moment.hour << 11) | (moment.minute << 5) | (moment.second // 2),
        ((year - 1980) << 9) | (moment.month << 5) | moment.day,
    )
