"""The one way the window works on the library (the idea of Anki's `CollectionOp`).

`Operations` owns the `Library`. A widget never holds it: it builds an op from a function in one
of this package's topic modules (`operations.tag.add_tag(...)`) and runs it:

    add_tag(evidence_id, criterion_id, note=note).success(self._on_tag_added).run(self.ops, initiator=self)

The op's work gets the library on a worker thread; `success` and `failure` run on the GUI thread;
and when the result is an `Outcome` (or a `Changes`) that changed something, `ops.changed`
announces `(changes, initiator)`. Views subscribe to `changed` and refresh only what concerns them,
skipping their own edits when `initiator is self` if they already show them.

Three kinds of op:
- `LibraryOp`: database work, serialised on the database worker.
- `LongOp`: long work with progress and cancel on the media worker (copying, encoding, verifying).
- `MediaOp`: the two-phase media edit: prepare a file on the media worker, record it on the
  database worker, and discard the prepared file if recording fails (import, recording, photo
  edits, trim, compress, blur, redaction).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from portfolio_app.core.changes import Changes
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services.library import Library
from portfolio_app.ui.operations.runner import LongTask, TaskRunner

T = TypeVar("T")
P = TypeVar("P")
Report = Callable[[float, str], None]  # fraction done, what is being done
Cancelled = Callable[[], bool]
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]

__all__ = ["LibraryOp", "LongOp", "LongTask", "MediaOp", "Operations", "open_operations"]


class Operations(QObject):
    """Runs ops on the library's workers and announces what they changed."""

    changed = Signal(object, object)  # Changes, initiator (the object that asked, or None)
    failed = Signal(object)  # an error no op's failure handler took
    busy_changed = Signal(bool)

    def __init__(self, library: Library, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self._library = library
        self._runner = TaskRunner(self, synchronous=synchronous)
        self._runner.changed.connect(self.changed)
        self._runner.failed.connect(self.failed)
        self._runner.busy_changed.connect(self.busy_changed)

    @property
    def data_dir(self) -> Path:
        """The library's folder (a path to show, not a way in)."""
        return self._library.data_dir

    @property
    def synchronous(self) -> bool:
        return self._runner.synchronous

    @property
    def busy(self) -> bool:
        """Whether work is queued, running, or its result not yet delivered."""
        return self._runner.busy

    def wait(self) -> None:
        """Block until queued work is done (on quit, so nothing half-written is abandoned)."""
        self._runner.wait()

    def media_path(self, evidence: Evidence) -> Path | None:
        """Where the file of `evidence` is (to show or play; never to write), or None for a note."""
        return self._library.store.path(evidence.blob) if evidence.blob else None

    def thumbnail_path(self, evidence: Evidence) -> Path | None:
        return self._library.store.path(evidence.thumbnail) if evidence.thumbnail else None

    def temp_path(self, suffix: str) -> Path:
        """A new file name in the library's temp folder, for a recording to write into and adopt."""
        return self._library.store.temp_path(suffix)

    def announce(self, changes: Changes, initiator: object = None) -> None:
        """Tell every view that `changes` happened (a reload the window asks for)."""
        if changes:
            self.changed.emit(changes, initiator)

    def close(self) -> None:
        """Finish queued work and close the library."""
        self.wait()
        self._library.close()

    def _submit(
        self, work: Callable[[Library], Any], success: Success | None, failure: Failure | None, initiator: object
    ) -> None:
        library = self._library
        self._runner.run(lambda: work(library), success, failure, initiator=initiator)

    def _submit_long(
        self,
        work: Callable[[Library, Report, Cancelled], Any],
        success: Success | None,
        failure: Failure | None,
        progress: Report | None,
        initiator: object,
    ) -> LongTask:
        library = self._library
        return self._runner.run_long(
            lambda report, cancelled: work(library, report, cancelled),
            success,
            failure,
            progress,
            initiator=initiator,
        )


def open_operations(data_dir: str | Path | None = None, parent: QObject | None = None) -> Operations:
    """Open the library in `data_dir` (see services.library.open_library) behind its operations.

    Raises:
        PortfolioError: the library cannot be opened.
    """
    from portfolio_app.services.library import open_library

    return Operations(open_library(data_dir), parent)


class _Op(Generic[T]):
    def __init__(self) -> None:
        self._success: Success | None = None
        self._failure: Failure | None = None

    def success(self, fn: Callable[[T], None]):
        """Call `fn(result)` on the GUI thread when the work succeeds."""
        self._success = fn
        return self

    def failure(self, fn: Failure):
        """Call `fn(error)` on the GUI thread when the work fails (else `Operations.failed`)."""
        self._failure = fn
        return self


class LibraryOp(_Op[T]):
    """Database work: `work(library)` runs on the database worker, one op at a time."""

    def __init__(self, work: Callable[[Library], T]):
        super().__init__()
        self._work = work

    def run(self, ops: Operations, initiator: object = None) -> None:
        ops._submit(self._work, self._success, self._failure, initiator)


class LongOp(_Op[T]):
    """Long work with progress and cancel: `work(library, report, cancelled)` on the media worker.

    The work must not write the database; hand what it made to a LibraryOp (or use MediaOp).
    """

    def __init__(self, work: Callable[[Library, Report, Cancelled], T]):
        super().__init__()
        self._work = work
        self._progress: Report | None = None

    def progress(self, fn: Report):
        """Call `fn(fraction, text)` on the GUI thread as the work goes (throttled)."""
        self._progress = fn
        return self

    def run(self, ops: Operations, initiator: object = None) -> LongTask:
        """Start the work; the returned task's `cancel()` asks it to stop."""
        return ops._submit_long(self._work, self._success, self._failure, self._progress, initiator)


class MediaOp(_Op[T], Generic[P, T]):
    """Prepare a file on the media worker, then record it on the database worker.

    `prepare(library, report, cancelled)` makes the file (a staged import, a trimmed copy) and
    leaves nothing behind if it fails; `record(library, prepared)` adds it to the library in
    one transaction. If recording fails, `discard(library, prepared)` removes the prepared file
    (by default: the staged blobs that nothing references).
    """

    def __init__(
        self,
        prepare: Callable[[Library, Report, Cancelled], P],
        record: Callable[[Library, P], T],
        discard: Callable[[Library, P], None] | None = None,
    ):
        super().__init__()
        self._prepare = prepare
        self._record = record
        self._discard = discard or _discard_staged
        self._progress: Report | None = None

    def progress(self, fn: Report):
        self._progress = fn
        return self

    def run(self, ops: Operations, initiator: object = None) -> LongTask:
        def recorded(library: Library, prepared: P) -> T:
            try:
                return self._record(library, prepared)
            except BaseException:
                self._discard(library, prepared)
                raise

        def prepared(result: P) -> None:
            ops._submit(lambda library: recorded(library, result), self._success, self._failure, initiator)

        return ops._submit_long(self._prepare, prepared, self._failure, self._progress, initiator)


def _discard_staged(library: Library, prepared: Any) -> None:
    from portfolio_app.services.evidence import StagedFile, discard_staged

    if isinstance(prepared, StagedFile):
        discard_staged(library, prepared)
