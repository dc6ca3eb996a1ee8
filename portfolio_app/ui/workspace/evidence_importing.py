"""Import…, Import Folder… and drops in the evidence list: one batch at a time (more wait their
turn), rows added as they arrive, a summary at the end. Mixed into EvidencePane."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from portfolio_app.core.importing import ImportSummary
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.operations.importing import EvidenceImport
from portfolio_app.ui.workspace.import_filters import name_filters
from portfolio_app.ui.workspace.import_progress import ImportSummaryDialog, summary_text


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """Dropped files and folders to import; .zip files are bundles, which the main window opens."""
    paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() != ".zip"]


class EvidenceImporting:
    """The evidence pane's imports (the pane owns the list, the progress panel and the timer)."""

    def choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import Evidence"), "", ";;".join(name_filters()))
        if paths:
            self.import_paths(paths)

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a Folder of Evidence"))
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: Sequence[str | Path]) -> EvidenceImport | None:
        """Import files and folders into the open portfolio: what Import… and drops call."""
        if self.portfolio_id is None or not paths:
            return None
        batch = [Path(p) for p in paths]
        if self.importer is not None and self.importer.running:
            self._queued_imports.append((self.portfolio_id, batch))
            self.status_reported.emit(self.tr("These files will be imported after the ones under way."))
            return None
        return self._start_import(self.portfolio_id, batch)

    def _start_import(self, portfolio_id: str, paths: list[Path]) -> EvidenceImport:
        importer = EvidenceImport(self.ops, portfolio_id, paths, self)
        self.importer = importer
        importer.file_started.connect(self.progress.show_file)
        importer.file_progressed.connect(self.progress.show_fraction)
        importer.evidence_recorded.connect(self._on_importer_evidence_recorded)
        importer.finished.connect(self._on_importer_finished)
        self.progress.start()
        importer.start()
        return importer

    def cancel_import(self) -> None:
        """Stop the batch under way and drop the ones waiting (Cancel, or quitting)."""
        self._queued_imports.clear()
        if self.importer is not None:
            self.importer.cancel()

    def _on_progress_cancel_requested(self) -> None:
        self.cancel_import()

    def _on_importer_evidence_recorded(self, evidence: Evidence) -> None:
        if evidence.portfolio_id != self.portfolio_id:
            return  # the teacher moved to another portfolio; it gets the file all the same
        self._arrived.append(evidence)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_arrived(self) -> None:
        arrived, self._arrived = self._arrived, []
        self.model.add(arrived)

    def _on_importer_finished(self, summary: ImportSummary) -> None:
        self._flush_timer.stop()
        self._flush_arrived()
        self.progress.hide()
        self.importer = None
        text = summary_text(summary)
        self.status_reported.emit(text)
        if summary.imported and self.selected() is None and summary.portfolio_id == self.portfolio_id:
            self.select(summary.imported[0].id)
        if summary.problems:
            self.summary_dialog = ImportSummaryDialog(summary, self)
            self.summary_dialog.open()  # not exec(): the window goes on while it is read
        self.import_finished.emit(summary)
        if self._queued_imports:
            portfolio_id, paths = self._queued_imports.pop(0)
            self._start_import(portfolio_id, paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.portfolio_id is not None and local_paths(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self.portfolio_id is not None and local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if self.portfolio_id is not None and paths:
            event.acceptProposedAction()
            self.import_paths(paths)
