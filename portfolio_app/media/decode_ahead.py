"""Decoding on a thread of its own, a few frames ahead of the encoder.

FFmpeg's decoder and x264 each run threads of their own, but one Python loop that decodes,
scales and then encodes makes them take turns: while x264 waits for the next picture, the
decoder sits idle, and the other way round. Here the decoding (and, when the caller asks,
the scaling: swscale is single-threaded) runs on a producer thread, at most DEPTH frames
ahead of the encoding loop. PyAV releases the GIL inside FFmpeg's calls, so both cores work.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

DEPTH = 8  # frames decoded ahead: 8 decoded 1080p frames are about 25 MB
_END = object()


class DecodeAhead:
    """Iterates `(frame, prepared)` pairs of `frames`, produced on another thread.

    `prepare(frame)` runs on that thread too (a scale to the output size, or None). Use it as a
    context manager inside the block that keeps the input open: leaving it stops the producer
    and waits for it, so the input is never closed under a running decoder.
    """

    def __init__(self, frames: Iterator[Any], prepare: Callable[[Any], Any] | None = None, depth: int = DEPTH):
        self._frames = frames
        self._prepare = prepare
        self._items: queue.Queue[Any] = queue.Queue(depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="decode-ahead", daemon=True)

    def __enter__(self) -> DecodeAhead:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._thread.is_alive():  # unblock a producer waiting for room
            with contextlib.suppress(queue.Empty):
                self._items.get(timeout=0.05)
        self._thread.join()

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        while (item := self._items.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _produce(self) -> None:
        try:
            for frame in self._frames:
                if self._stop.is_set():
                    return
                self._put((frame, self._prepare(frame) if self._prepare is not None else None))
            self._put(_END)
        except BaseException as exc:  # handed to the consuming thread, which raises it
            self._put(exc)

    def _put(self, item: Any) -> None:
        while not self._stop.is_set():
            try:
                self._items.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
