"""Redact…: the teacher draws boxes, the redacted copy is made in the background and takes the
original's place; the whole redaction is one step on the window's undo stack.

The slow half runs on the media worker behind a progress dialog with Cancel; recording runs on
the database worker (services.redaction). Undo trashes the copy and gives the original its place
back; redo takes it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.edits import is_redactable
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.operations import privacy as privacy_ops
from portfolio_app.ui.privacy.private_copies import PrivateCopyFlow
from portfolio_app.ui.privacy.redaction_dialog import RedactionDialog
from portfolio_app.ui.progress import run_with_progress

if TYPE_CHECKING:
    from portfolio_app.services.redaction import BoxesByPage, RedactedCopy


class Redaction(PrivateCopyFlow):
    """The Redact… flow for one window: `made(evidence_id)` when a copy is made, `failed(exc)` on errors."""

    def start(self, evidence: Evidence) -> None:
        """Ask for the boxes, then make the redacted copy in the background."""
        if not is_redactable(evidence):
            return
        from portfolio_app.ui.viewers.document_viewer import HAVE_PDF

        if evidence.kind == EvidenceKind.DOCUMENT and not HAVE_PDF:
            self.failed(PortfolioError(self.tr("This copy of the app cannot show PDF pages to redact them.")))
            return
        dialog = RedactionDialog(evidence, self.ops.media_path(evidence), self.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.redact(evidence, dialog.boxes_by_page())

    def redact(self, evidence: Evidence, boxes: BoxesByPage) -> None:
        run_with_progress(
            self.widget,
            self.ops,
            self.tr("Redacting “{title}”").format(title=evidence.title),
            privacy_ops.redact(evidence, boxes),
            lambda outcome: self._on_recorded(evidence, outcome.value),
            self.failed,
        )

    def _on_recorded(self, original: Evidence, copy: RedactedCopy) -> None:
        text = QCoreApplication.translate("Undo", "Redact “{title}”").format(title=original.title)
        self.took_place(text, copy.evidence.id, copy.handover)
