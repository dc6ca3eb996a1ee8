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
    """12.5 -> '0:12.5'; 3725 -> '1:02:05'."""
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    text = f"{rest:04.1f}" if rest % 1 else f"{int(rest):02d}"
    return f"{hours}:{minutes:02d}:{text}" if hours else f"{minutes}:{text}"
