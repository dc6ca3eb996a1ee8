"""One import batch from the window: files and folders into a portfolio, file by file.

Each file is staged (copied while hashing, probed, thumbnailed) as its own long job on the
media worker, and recorded by its own short job on the database worker, so a batch of 1,000
photos never holds the database worker for more than one file and the window stays free.
While file N is recorded, file N+1 is already being staged.

A bad file is reported and the batch goes on. Cancelling stops the file under way and removes
what it had put in the store; files already staged are recorded, so they stay.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from portfolio_app.core.errors import Cancelled, MediaError, PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services import evidence as uc
from portfolio_app.services.library import Library
from portfolio_app.ui.operations.runner import LongTask, TaskRunner

log = logging.getLogger(__name__)

# The names the importer accepts (portfolio_app.media.sniff.EXTENSIONS, which the ui may not
# import). Kept in step by hand; a name missing here can still be dropped or chosen with "All files".
FILE_TYPES = {
    "Videos": ("mp4", "m4v", "mov", "mkv", "webm", "avi"),
    "Audio": ("m4a", "mp3", "wav"),
    "Photos": ("jpg", "jpeg", "png", "heic", "heif"),
    "Documents": ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


def _patterns(extensions: Sequence[str]) -> str:
    # Both cases: file dialogs on Linux match case-sensitively, and cameras write IMG_0001.JPG.
    return " ".join(f"*.{e} *.{e.upper()}" for e in extensions)


def name_filters() -> list[str]:
    """The file dialog's filters: every usable file first, then each kind, then all files."""
    names = {"Videos": _tr("Videos"), "Audio": _tr("Audio"), "Photos": _tr("Photos"), "Documents": _tr("Documents")}
    every = " ".join(_patterns(exts) for exts in FILE_TYPES.values())
    filters = [_tr("Evidence files ({patterns})").format(patterns=every)]
    filters += [f"{names[key]} ({_patterns(exts)})" for key, exts in FILE_TYPES.items()]
    return [*filters, _tr("All files (*)")]


@dataclass(frozen=True)
class ImportProblem:
    """A file that could not be used, and why, in words for the teacher."""

    name: str
    reason: str


@dataclass
class ImportSummary:
    portfolio_id: str
    total: int = 0
    imported: list[Evidence] = field(default_factory=list)
    already_there: list[Evidence] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def not_imported(self) -> int:
        """Files the batch never reached because it was cancelled."""
        return self.total - len(self.imported) - len(self.already_there) - len(self.problems)


def _record(library: Library, portfolio_id: str, staged: uc.StagedFile) -> tuple[Evidence, bool]:
    # Returns the evidence and whether it is new, not the Outcome: the runner would announce every
    # file's Changes and each would reload the library tree; the batch announces once, at its end.
    outcome = uc.record_staged(library, portfolio_id, staged)
    return outcome.value, bool(outcome.changes)


def _problem(path: Path, exc: BaseException) -> ImportProblem:
    if isinstance(exc, MediaError):
        return ImportProblem(exc.file_name, exc.problem)
    if isinstance(exc, PortfolioError):
        return ImportProblem(path.name, str(exc))
    log.error("Importing %s failed unexpectedly: %s\n%s", path, exc, getattr(exc, "__traceback_text__", ""))
    return ImportProblem(path.name, f"could not be imported ({exc})")


class EvidenceImport(QObject):
    """Started with `start()`; reports by signal; `finished` comes exactly once."""

    file_started = Signal(int, int, str)  # files done, files in all, name of the file under way
    file_progressed = Signal(float)  # fraction of the file under way
    evidence_recorded = Signal(object)  # Evidence new to the portfolio
    finished = Signal(object)  # ImportSummary

    def __init__(
        self, library: Library, runner: TaskRunner, portfolio_id: str, paths: Sequence[Path], parent: QObject | None
    ):
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.summary = ImportSummary(portfolio_id)
        self._paths = list(paths)
        self._pending: deque[Path] = deque()
        self._task: LongTask | None = None
        self._staging = False  # a long job (listing folders, staging a file) is under way
        self._writes = 0  # record or discard jobs queued on the database worker
        self._done = 0
        self._pumping = False
        self._cancel_requested = False
        self._finished = False

    @property
    def portfolio_id(self) -> str:
        return self.summary.portfolio_id

    @property
    def running(self) -> bool:
        return not self._finished

    def start(self) -> None:
        paths = self._paths
        self._staging = True
        task = self.runner.run_long(
            lambda _report, _cancelled: uc.expand_paths(paths), self._on_listing_done, self._on_listing_failed
        )
        if self._staging:  # still listing folders on the media worker
            self._task = task

    def cancel(self) -> None:
        """Stop after removing what the file under way put in the store; recorded files stay."""
        if self._finished or self._cancel_requested:
            return
        self._cancel_requested = True
        self.summary.cancelled = True
        self._pending.clear()
        if self._task is not None:
            self._task.cancel()
        self._finish_if_idle()

    # -- the pipeline -----------------------------------------------------------------------

    def _on_listing_done(self, files: list[Path]) -> None:
        self._staging = False
        self._task = None
        self.summary.total = len(files)
        if not self._cancel_requested:
            self._pending.extend(files)
        self._pump()

    def _on_listing_failed(self, exc: BaseException) -> None:
        self._staging = False
        self._task = None
        self.summary.problems.append(ImportProblem(", ".join(p.name for p in self._paths), str(exc)))
        self.summary.total = len(self.summary.problems)
        self._finish_if_idle()

    def _pump(self) -> None:
        """Start staging the next file. A loop rather than recursion: a synchronous runner (tests)
        calls back before run_long returns, and a batch of 1,000 would otherwise nest 1,000 deep."""
        if self._pumping:
            return
        self._pumping = True
        try:
            while self._pending and not self._staging and not self._cancel_requested:
                path = self._pending.popleft()
                self.file_started.emit(self._done, self.summary.total, path.name)
                if self._cancel_requested:  # cancelled by someone watching file_started
                    break
                self._staging = True
                task = self.runner.run_long(
                    self._stage_work(path),
                    lambda staged, path=path: self._on_staged(path, staged),
                    lambda exc, path=path: self._on_stage_failed(path, exc),
                    on_progress=lambda fraction, _text: self.file_progressed.emit(fraction),
                )
                if self._staging:  # still running on the media worker
                    self._task = task
        finally:
            self._pumping = False
        self._finish_if_idle()

    def _stage_work(self, path: Path):
        store = self.library.store

        def work(report, cancelled) -> uc.StagedFile:
            def progress(done: int, size: int) -> None:
                report(done / size if size else 0.0, "")

            return uc.stage_file(store, path, progress, cancelled)

        return work

    def _on_staged(self, path: Path, staged: uc.StagedFile) -> None:
        self._staging = False
        self._task = None
        self._done += 1
        library, portfolio_id = self.library, self.portfolio_id
        self._writes += 1
        if self._cancel_requested:  # finished staging as the user cancelled: leave nothing behind
            self.runner.run(lambda: uc.discard_staged(library, staged), self._on_write_done, self._on_discard_failed)
        else:
            self.runner.run(
                lambda: _record(library, portfolio_id, staged),
                self._on_recorded,
                lambda exc: self._on_record_failed(path, staged, exc),
            )
        self._pump()

    def _on_stage_failed(self, path: Path, exc: BaseException) -> None:
        self._staging = False
        self._task = None
        if not isinstance(exc, Cancelled):
            self._done += 1
            self.summary.problems.append(_problem(path, exc))
        self._pump()

    def _on_recorded(self, result: tuple[Evidence, bool]) -> None:
        evidence, is_new = result
        (self.summary.imported if is_new else self.summary.already_there).append(evidence)
        if is_new:
            self.evidence_recorded.emit(evidence)
        self._on_write_done(None)

    def _on_record_failed(self, path: Path, staged: uc.StagedFile, exc: BaseException) -> None:
        self.summary.problems.append(_problem(path, exc))
        library = self.library
        self.runner.run(lambda: uc.discard_staged(library, staged), self._on_write_done, self._on_discard_failed)

    def _on_discard_failed(self, exc: BaseException) -> None:
        # Not the teacher's problem: an unreferenced blob is only disk space, and nothing names it.
        log.warning("Could not remove a cancelled import's file from the store: %s", exc)
        self._on_write_done(None)

    def _on_write_done(self, _result: object) -> None:
        self._writes -= 1
        self._finish_if_idle()

    def _finish_if_idle(self) -> None:
        if self._finished or self._staging or self._writes or self._pumping:
            return
        if self._pending and not self._cancel_requested:
            return
        self._finished = True
        self.finished.emit(self.summary)
