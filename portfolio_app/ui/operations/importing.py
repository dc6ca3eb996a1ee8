"""One import batch from the window: the service's `import_batch`, driven across the two workers.

The batch is one generator (services.evidence.import_batch, the same the CLI runs). Each file is
one MediaOp: the generator is advanced on the media worker until the file is staged (the long
copy), then on the database worker to record it (a short transaction), so the database worker is
never held by a copy and the window stays free. It turns the steps into signals for the progress panel.
Cancelling stops the file under way; a file staged as the user cancelled is removed again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from portfolio_app.core.changes import Changes
from portfolio_app.core.importing import ImportProblem, ImportSummary
from portfolio_app.services import evidence as uc
from portfolio_app.ui.operations import LongTask, MediaOp, Operations


class EvidenceImport(QObject):
    """Started with `start()`; reports by signal; `finished` comes exactly once."""

    file_started = Signal(int, int, str)  # files done, files in all, name of the file under way
    file_progressed = Signal(float)  # fraction of the file under way
    evidence_recorded = Signal(object)  # Evidence new to the portfolio
    finished = Signal(object)  # ImportSummary

    def __init__(self, ops: Operations, portfolio_id: str, paths: Sequence[Path], parent: QObject | None):
        super().__init__(parent)
        self.ops = ops
        self.summary = ImportSummary(portfolio_id)
        self._paths = [Path(p) for p in paths]
        self._batch = None  # the generator, made and advanced only on the workers, one step at a time
        self._report = None  # the progress callback of the media step under way
        self._stop = threading.Event()
        self._task: LongTask | None = None
        self._finished = False

    @property
    def portfolio_id(self) -> str:
        return self.summary.portfolio_id

    @property
    def running(self) -> bool:
        return not self._finished

    def start(self) -> None:
        self._stage_next()

    def cancel(self) -> None:
        """Stop after removing what the file under way put in the store; recorded files stay."""
        if self._finished or self._stop.is_set():
            return
        self._stop.set()
        self.summary.cancelled = True
        if self._task is not None:
            self._task.cancel()

    # -- one file: a media op (stage on the media worker, record on the database worker) ------

    def _stage_next(self) -> None:
        portfolio_id, paths, stop = self.portfolio_id, self._paths, self._stop

        def progress(done: int, size: int) -> None:
            if self._report is not None:
                self._report(done / size if size else 0.0, "")

        def stage(library, report, _cancelled):
            self._report = report
            if self._batch is None:
                self._batch = uc.import_batch(
                    library, portfolio_id, paths, file_progress=progress, cancelled=stop.is_set
                )
            return _advance(self._batch, until=uc.FileStaged)

        def record(_library, steps: list) -> tuple[list, bool]:
            """The file's steps, and whether the batch has more files."""
            if not steps or not isinstance(steps[-1], uc.FileStaged):
                return steps, False  # the batch has ended
            if stop.is_set():  # staged as the user cancelled: closing the batch removes the file
                self._batch.close()
                return steps[:-1], False
            return steps + _advance(self._batch, until=(uc.FileImported, uc.FileFailed)), True

        self._task = (
            MediaOp(stage, record, discard=lambda _library, _steps: self._batch.close())
            .progress(lambda fraction, _text: self.file_progressed.emit(fraction))
            .success(self._on_file_done)
            .failure(self._on_batch_failed)
            .run(self.ops, initiator=self)
        )

    def _on_file_done(self, result: tuple[list, bool]) -> None:
        steps, more = result
        self._task = None
        self._take(steps)
        if more and not self._stop.is_set():
            self._stage_next()
        else:
            self._finish()

    def _on_batch_failed(self, exc: BaseException) -> None:
        self._task = None
        names = ", ".join(p.name for p in self._paths)
        self.summary.problems.append(ImportProblem(names, str(exc)))
        self.summary.total = max(self.summary.total, len(self.summary.problems))
        self._finish()

    def _take(self, steps: list) -> None:
        summary = self.summary
        for step in steps:
            if isinstance(step, uc.BatchListed):
                summary.total = len(step.files)
            elif isinstance(step, uc.FileStarted):
                self.file_started.emit(step.index, step.total, step.path.name)
            elif isinstance(step, uc.FileImported):
                (summary.imported if step.new else summary.already_there).append(step.evidence)
                if step.new:
                    self.evidence_recorded.emit(step.evidence)
            elif isinstance(step, uc.FileFailed):
                summary.problems.append(step.problem)
            elif isinstance(step, uc.BatchCancelled):
                summary.cancelled = True

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        if self._stop.is_set():
            self.summary.cancelled = True
        if self.summary.imported:
            self.ops.announce(Changes(evidence=True, portfolios=True), initiator=self)
        self.finished.emit(self.summary)


def _advance(batch, until) -> list:
    """The batch's next steps, up to and including the first of type `until` (or to its end)."""
    steps = []
    for step in batch:
        steps.append(step)
        if isinstance(step, until):
            break
    return steps


def accepted_file_types() -> dict[str, tuple[str, ...]]:
    """The extensions the importer accepts, by kind ("Videos": ("mp4", …)), as media knows them."""
    from portfolio_app.media.sniff import EXTENSIONS

    labels = {"video": "Videos", "audio": "Audio", "image": "Photos", "document": "Documents"}
    kinds: dict[str, list[str]] = {}
    for extension, (kind, _media_type) in EXTENSIONS.items():
        kinds.setdefault(labels.get(str(kind), str(kind).capitalize()), []).append(extension.lstrip("."))
    return {label: tuple(extensions) for label, extensions in kinds.items()}
