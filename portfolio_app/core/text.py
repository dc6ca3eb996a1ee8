"""Text a reader sees the same everywhere: words counted as a reviewer counts them, sizes in SI units."""

from __future__ import annotations

import re

# A word is a run of letters, digits or marks, joined by apostrophes or hyphens: "don't",
# "well-being" and "6th" are one word each; "—" and "..." are none.
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def count_words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def size_text(octets: int) -> str:
    """1234567 -> '1.2 MB' (SI units, as upload limits are given; 912 -> '912 bytes')."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if octets >= scale:
            return f"{octets / scale:.1f} {unit}"
    return f"{octets} bytes"


def clock(seconds: float) -> str:
    """A moment to the tenth, the same in the app, the offline viewer and the report:
    8.84 -> '0:08.8'; 12 -> '0:12.0'; 3725 -> '1:02:05.0'."""
    tenths = round(max(seconds, 0.0) * 10)  # rounded once, so 59.96 is '1:00.0', never '0:60.0'
    minutes, rest = divmod(tenths, 600)
    hours, minutes = divmod(minutes, 60)
    text = f"{rest // 10:02d}.{rest % 10}"
    return f"{hours}:{minutes:02d}:{text}" if hours else f"{minutes}:{text}"
