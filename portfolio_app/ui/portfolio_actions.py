"""The library's own use cases in the window: new, rename and delete a portfolio, the trash,
importing a credential definition. Mixed into MainWindow, which owns the tree and the undo stack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence

from portfolio_app.core.errors import PortfolioError
from portfolio_app.ui.operations import portfolio as portfolio_ops
from portfolio_app.ui.sidebar import NodeKind


class PortfolioActions:
    """New Portfolio…, Rename…, Delete, the trash's Restore and Delete Forever, Import Definition…"""

    def new_portfolio(self, credential_id: str | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        from portfolio_app.ui.dialogs import NewPortfolioDialog

        if not self._credentials:
            QMessageBox.information(
                self, self.tr("No credentials"), self.tr("The catalog is empty: import a credential definition first.")
            )
            return
        dialog = NewPortfolioDialog(self._credentials, credential_id or self.catalog_page.current_credential_id(), self)
        if dialog.exec() != NewPortfolioDialog.DialogCode.Accepted:
            return
        chosen_id, title = dialog.chosen()

        def on_created(portfolio_id: str) -> None:
            self._pending_select = (NodeKind.PORTFOLIO, portfolio_id)
            self.statusBar().showMessage(self.tr("Portfolio created."), 5000)

        self.undo_stack.push(portfolio_ops.create_portfolio_command(self.ops, chosen_id, title, on_created))

    def rename_portfolio(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        portfolio = self.open_portfolio
        if portfolio is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Rename Portfolio"), self.tr("New title:"), text=portfolio.title)
        if not ok or title.strip() == portfolio.title:
            return
        if not title.strip():
            self.show_error(PortfolioError(self.tr("A portfolio needs a title.")))
            return
        self.undo_stack.push(portfolio_ops.rename_portfolio_command(self.ops, portfolio.id, portfolio.title, title))

    def delete_portfolio(self) -> None:
        portfolio = self.open_portfolio
        if portfolio is None:
            return
        from PySide6.QtWidgets import QMessageBox

        undo_keys = self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        buttons = QMessageBox.StandardButton
        # a portfolio is weeks of work: one key press on the sidebar must not move it on its own
        answer = QMessageBox.question(
            self,
            self.tr("Move to Trash?"),
            self.tr("Move the portfolio “{title}” to the Trash?\n\nUndo ({keys}) or the Trash brings it back.").format(
                title=portfolio.title, keys=undo_keys
            ),
            buttons.Yes | buttons.Cancel,
            buttons.Cancel,
        )
        if answer != buttons.Yes:
            return
        self._pending_select = (NodeKind.CREDENTIAL, portfolio.credential_id)
        self.undo_stack.push(portfolio_ops.delete_portfolio_command(self.ops, portfolio.id, portfolio.title))
        self.statusBar().showMessage(
            self.tr("“{title}” moved to the Trash. Undo ({keys}) brings it back.").format(
                title=portfolio.title, keys=undo_keys
            ),
            8000,
        )

    def _on_trash_restore_requested(self, portfolio_id: str) -> None:
        self._pending_select = (NodeKind.PORTFOLIO, portfolio_id)
        portfolio_ops.restore_portfolio(portfolio_id).failure(self.show_error).run(self.ops, initiator=self)

    def _on_trash_purge_requested(self, portfolio_id: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self,
            self.tr("Delete Forever"),
            self.tr(
                "Delete this portfolio for good, with its responses, tags and self-assessment? This cannot be undone."
            ),
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return
        self.undo_stack.clear()  # earlier commands may name the portfolio that is going away
        portfolio_ops.purge_portfolio(portfolio_id).failure(self.show_error).run(self.ops, initiator=self)

    def import_definition(self, paths: list[str] | None = None) -> None:
        if not paths:
            from PySide6.QtWidgets import QFileDialog

            paths, _ = QFileDialog.getOpenFileNames(
                self, self.tr("Import Credential Definition"), "", self.tr("Credential definitions (*.json)")
            )
        for path in paths or []:

            def done(outcome, name=Path(path).name) -> None:
                if outcome.changes:
                    self.statusBar().showMessage(self.tr("Imported “{title}”.").format(title=outcome.value.title), 5000)
                    self._pending_credential = outcome.value.id  # selected once the catalog reloads
                    self.show_catalog()
                else:
                    self.statusBar().showMessage(self.tr("{name} is already in the catalog.").format(name=name), 5000)

            portfolio_ops.import_credential(Path(path)).success(done).failure(self.show_error).run(self.ops, self)
