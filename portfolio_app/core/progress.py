"""The two callables that long work takes: how far it has come, and whether to stop.

Defined once here, so the media, bundle and service layers and the ui all mean the same thing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float], None]  # a fraction from 0.0 to 1.0
CancelCheck = Callable[[], bool]  # True once the user asked to stop
FileProgress = Callable[[int, int], None]  # bytes done, bytes in all
ByteProgress = Callable[[int], None]  # bytes copied so far
