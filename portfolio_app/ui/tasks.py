"""Runs use cases off the GUI thread, one at a time, and hands results back on the GUI thread.

All library work goes through one worker thread, so database access is serialised and the
window never waits on the disk. Tests make the runner synchronous, so most GUI tests never
wait on threads (the idea of Picard's `run_task` and Anki's `CollectionOp`).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from portfolio_app.core.changes import Changes
from portfolio_app.services.outcome import Outcome

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # reported to the GUI thread, never swallowed
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class TaskRunner(QObject):
    """Serial runner of library work. Emits `changed` after every use case that changed something."""

    changed = Signal(object)  # Changes
    failed = Signal(object)  # an exception no caller handled
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._in_flight: set[_Relay] = set()

    def run(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Run `work()` on the worker; `on_done(result)` or `on_error(exc)` run on the GUI thread.

        When the result is an Outcome, `changed` is emitted with its Changes after `on_done`.
        """
        if self.synchronous:
            try:
                result = work()
            except Exception as exc:
                self._report(exc, on_error)
            else:
                self._deliver(result, on_done)
            return
        relay = _Relay()
        self._in_flight.add(relay)
        if len(self._in_flight) == 1:
            self.busy_changed.emit(True)
        relay.finished.connect(lambda result: self._finish(relay, lambda: self._deliver(result, on_done)))
        relay.failed.connect(lambda exc: self._finish(relay, lambda: self._report(exc, on_error)))
        self._pool.start(_Task(work, relay))

    def wait(self) -> None:
        """Block until queued work is done (on quit, so nothing half-written is abandoned)."""
        self._pool.waitForDone()

    def _finish(self, relay: _Relay, deliver: Callable[[], None]) -> None:
        self._in_flight.discard(relay)
        if not self._in_flight:
            self.busy_changed.emit(False)
        deliver()

    def _deliver(self, result: Any, on_done: Done | None) -> None:
        if on_done is not None:
            on_done(result)
        if isinstance(result, Outcome) and result.changes:
            self.changed.emit(result.changes)
        elif isinstance(result, Changes) and result:
            self.changed.emit(result)

    def _report(self, exc: BaseException, on_error: Failed | None) -> None:
        if on_error is not None:
            on_error(exc)
            return
        import logging

        logging.getLogger(__name__).error(
            "Unhandled error in background work: %s\n%s", exc, getattr(exc, "__traceback_text__", "")
        )
        self.failed.emit(exc)
