"""File ▸ Trust Lists…: the organisations whose trust lists are imported, whom they approve, import and remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.trust import TrustList
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import trust as trust_ops

ISSUER_ROLE = Qt.ItemDataRole.UserRole


class TrustListsDialog(QDialog):
    """Every imported trust list with its approved people and revoked keys; Import… and Remove."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("trustListsDialog")
        self.setWindowTitle(self.tr("Trust Lists"))
        intro = QLabel(
            self.tr(
                "A trust list is an organisation's signed list of the coaches and reviewers it approves. "
                "Every bundle, observation and review you open names its signer by these lists."
            )
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("Organisation or person"), self.tr("Role"), self.tr("Valid"), self.tr("Key")]
        )
        self.tree.setAccessibleName(self.tr("Imported trust lists"))
        self.tree.itemSelectionChanged.connect(self._on_tree_selection_changed)
        self.message = QLabel()
        self.message.setObjectName("trustMessage")
        self.message.setWordWrap(True)
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self.ops.changed.connect(self._on_ops_changed)
        self.reload()

    def reload(self) -> None:
        trust_ops.trust_lists().success(self._show).run(self.ops, initiator=self)

    def _show(self, lists: list[TrustList]) -> None:
        self.tree.clear()
        for trust in lists:
            top = QTreeWidgetItem(
                [
                    trust.organisation,
                    self.tr("issuer"),
                    self.tr("list of {date}").format(date=trust.list_date),
                    trust.issuer_fingerprint,
                ]
            )
            top.setData(0, ISSUER_ROLE, trust.issuer_fingerprint)
            for approval in trust.approvals:
                valid = f"{approval.valid_from} – {approval.valid_until or ''}"
                top.addChild(QTreeWidgetItem([approval.name, approval.role, valid, approval.fingerprint]))
            for revocation in trust.revocations:
                revoked = self.tr("revoked from {date}").format(date=revocation.since)
                top.addChild(QTreeWidgetItem([self.tr("(revoked key)"), "", revoked, revocation.fingerprint]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        if not lists and not self.message.text():  # what was just done stays said
            self.message.setText(self.tr("No trust list is imported yet: every signer is shown as an unknown key."))

    def _on_import_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import Trust Lists"), str(Path.home()), self.tr("Trust list (*.zip)")
        )
        self.import_paths([Path(p) for p in chosen])

    def import_paths(self, paths: list[Path]) -> None:
        for path in paths:
            trust_ops.import_trust_list(path).success(self._on_imported).failure(
                lambda exc, name=path.name: self.message.setText(
                    self.tr("{name} was not imported: {reason}").format(name=name, reason=exc)
                )
            ).run(self.ops, initiator=self)

    def _on_imported(self, outcome) -> None:
        result = outcome.value
        what = self.tr("The trust list of {org} of {date}").format(
            org=result.trust.organisation, date=result.trust.list_date
        )
        if result.unchanged:
            self.message.setText(self.tr("{what} was already imported.").format(what=what))
        elif result.replaced is not None:
            self.message.setText(
                self.tr("{what} is imported; it replaces the list of {old}.").format(
                    what=what, old=result.replaced.list_date
                )
            )
        else:
            self.message.setText(self.tr("{what} is imported.").format(what=what))
        self.reload()

    def selected_issuer(self) -> str | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, ISSUER_ROLE) if item is not None else None

    def remove_selected(self) -> None:
        issuer = self.selected_issuer()
        if issuer is None:
            return
        trust_ops.remove_trust_list(issuer).success(
            lambda outcome: self.message.setText(
                self.tr("The trust list of {org} is removed.").format(org=outcome.value.organisation)
            )
        ).run(self.ops, initiator=self)
        self.reload()

    def _on_tree_selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_issuer() is not None)

    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if changes.trust and initiator is not self:
            self.reload()
