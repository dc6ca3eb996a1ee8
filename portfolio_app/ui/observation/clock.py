"""The observation's clock: a timer that pauses and resumes (the time a code is logged at)."""

from __future__ import annotations

import time
from collections.abc import Callable


class PausableClock:
    """Seconds of observing: runs from `start()`, stands still while paused."""

    def __init__(self, now: Callable[[], float] = time.monotonic, *, from_s: float = 0.0):
        self._now = now
        self._banked = from_s  # an observation continued later goes on from where it stopped
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        if self._since is None:
            self._since = self._now()

    def pause(self) -> None:
        if self._since is not None:
            self._banked += self._now() - self._since
            self._since = None

    def seconds(self) -> float:
        return self._banked + (self._now() - self._since if self._since is not None else 0.0)
