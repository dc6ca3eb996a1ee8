"""Reads files for the viewers off the GUI thread: decoding a photo, copying a document out.

Beside the task runner's workers rather than on them: a viewer must not wait behind the file
an import is copying, and these jobs only read the media store, never the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class BackgroundReader(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def read(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Run `work()` on the reader's thread; `on_done(result)` or `on_error(exc)` on the GUI thread."""
        relay = _Relay()
        self._relays.add(relay)
        relay.finished.connect(lambda result: (self._relays.discard(relay), on_done(result)))
        relay.failed.connect(lambda exc: (self._relays.discard(relay), on_error(exc)))

        def run() -> None:
            try:
                result = work()
            except Exception as exc:  # handed to the GUI thread, never swallowed
                relay.failed.emit(exc)
            else:
                relay.finished.emit(result)

        self._pool.start(run)

    def wait(self) -> None:
        self._pool.waitForDone()
