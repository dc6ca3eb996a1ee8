"""Runs use cases off the GUI thread, one at a time, and hands results back on the GUI thread.

All library work goes through one worker thread, so database access is serialised and the
window never waits on the disk. Tests make the runner synchronous, so most GUI tests never
wait on threads (the idea of Picard's `run_task` and Anki's `CollectionOp`).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from portfolio_app.core.changes import Changes
from portfolio_app.core.outcome import Outcome

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


class LongTask(QObject):
    """Handle of long work (import, trim, compress): progress arrives here, cancel goes from here.

    The work function is called as `work(report, cancelled)`: `report(fraction, text)` may be
    called from the worker at any rate (it is throttled before it reaches the GUI thread), and
    `cancelled()` says whether the user asked to stop.
    """

    progressed = Signal(float, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self._last_report = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, fraction: float, text: str = "") -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_report < 0.05:  # at most 20 updates a second
            return
        self._last_report = now
        self.progressed.emit(fraction, text)


class TaskRunner(QObject):
    """Serial runner of library work. Emits `changed` after every use case that changed something."""

    changed = Signal(object, object)  # Changes, initiator (whoever asked for the work, or None)
    failed = Signal(object)  # an exception no caller handled
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Long media work (copying, decoding, encoding) runs beside the database worker, so the
        # window can still read and save while a video is being compressed.
        self._media_pool = QThreadPool(self)
        self._media_pool.setMaxThreadCount(1)
        self._in_flight: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        initiator: object = None,
    ) -> None:
        """Run `work()` on the worker; `on_done(result)` or `on_error(exc)` run on the GUI thread.

        When the result is an Outcome, `changed` is emitted with its Changes after `on_done`.
        """
        if self.synchronous:
            try:
                result = work()
            except BaseException as exc:  # exactly what the worker thread catches
                self._report(exc, on_error)
            else:
                self._deliver(result, on_done, initiator)
            return
        relay = _Relay()
        self._in_flight.add(relay)
        if len(self._in_flight) == 1:
            self.busy_changed.emit(True)
        relay.finished.connect(lambda result: self._finish(relay, lambda: self._deliver(result, on_done, initiator)))
        relay.failed.connect(lambda exc: self._finish(relay, lambda: self._report(exc, on_error)))
        self._pool.start(_Task(work, relay))

    def run_long(
        self,
        work: Callable[[Callable[[float, str], None], Callable[[], bool]], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        *,
        initiator: object = None,
    ) -> LongTask:
        """Run `work(report, cancelled)` on the media worker; returns the task to watch or cancel.

        Pass `on_progress` here rather than connecting to the returned task: the work starts at
        once, and progress emitted before a connection exists is lost. The work must not touch
        the database: hand its result to `run` for that.
        """
        task = LongTask()
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if self.synchronous:
            self.run(lambda: work(task.report, task.cancelled), on_done, on_error, initiator=initiator)
            return task
        relay = _Relay()
        self._in_flight.add(relay)
        if len(self._in_flight) == 1:
            self.busy_changed.emit(True)
        relay.finished.connect(lambda result: self._finish(relay, lambda: self._deliver(result, on_done, initiator)))
        relay.failed.connect(lambda exc: self._finish(relay, lambda: self._report(exc, on_error)))
        self._media_pool.start(_Task(lambda: work(task.report, task.cancelled), relay))
        return task

    @property
    def busy(self) -> bool:
        """Whether work is queued, running, or its result not yet delivered to the GUI thread."""
        return bool(self._in_flight)

    def wait(self) -> None:
        """Block until queued work is done (on quit, so nothing half-written is abandoned)."""
        self._media_pool.waitForDone()
        self._pool.waitForDone()

    def _finish(self, relay: _Relay, deliver: Callable[[], None]) -> None:
        self._in_flight.discard(relay)
        if not self._in_flight:
            self.busy_changed.emit(False)
        deliver()

    def _deliver(self, result: Any, on_done: Done | None, initiator: object) -> None:
        if on_done is not None:
            on_done(result)
        if isinstance(result, Outcome) and result.changes:
            self.changed.emit(result.changes, initiator)
        elif isinstance(result, Changes) and result:
            self.changed.emit(result, initiator)

    def _report(self, exc: BaseException, on_error: Failed | None) -> None:
        if on_error is not None:
            on_error(exc)
            return
        import logging

        logging.getLogger(__name__).error(
            "Unhandled error in background work: %s\n%s", exc, getattr(exc, "__traceback_text__", "")
        )
        self.failed.emit(exc)
