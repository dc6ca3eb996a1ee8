"""Redact…: the teacher draws boxes, the redacted copy is made in the background and takes the
original's place; the whole redaction is one step on the window's undo stack.

The slow half runs on the media worker behind a progress dialog with Cancel; recording runs on
the database worker (services.redaction). Undo trashes the copy and gives the original its place
back; redo takes it again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services import redaction
from portfolio_app.services.evidence import media_path
from portfolio_app.ui.privacy.private_copies import PrivateCopyFlow
from portfolio_app.ui.privacy.redaction_dialog import RedactionDialog
from portfolio_app.ui.workspace.edit_dialogs import run_media_job


class Redaction(PrivateCopyFlow):
    """The Redact… flow for one window: `made(evidence_id)` when a copy is made, `failed(exc)` on errors."""

    def start(self, evidence: Evidence) -> None:
        """Ask for the boxes, then make the redacted copy in the background."""
        if not redaction.is_redactable(evidence):
            return
        from portfolio_app.ui.viewers.document_viewer import HAVE_PDF

        if evidence.kind == EvidenceKind.DOCUMENT and not HAVE_PDF:
            self.failed(PortfolioError(self.tr("This copy of the app cannot show PDF pages to redact them.")))
            return
        dialog = RedactionDialog(evidence, media_path(self.library, evidence), self.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.redact(evidence, dialog.boxes_by_page())

    def redact(self, evidence: Evidence, boxes: redaction.BoxesByPage) -> None:
        store, library = self.library.store, self.library
        run_media_job(
            self.widget,
            self.runner,
            self.tr("Redacting “{title}”").format(title=evidence.title),
            lambda report, cancelled: redaction.prepare_redaction(store, evidence, boxes, report, cancelled),
            lambda staged: redaction.record_redacted(library, evidence, staged, boxes),
            lambda copy: self._on_recorded(evidence, copy),
            self.failed,
        )

    def _on_recorded(self, original: Evidence, copy: redaction.RedactedCopy) -> None:
        text = QCoreApplication.translate("Undo", "Redact “{title}”").format(title=original.title)
        self.took_place(text, copy.evidence.id, copy.handover)
