"""Deleted portfolios: restore them, or delete them for good."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from portfolio_app.core.portfolio import PortfolioSummary
from portfolio_app.ui.item_roles import ID_ROLE


class TrashPage(QWidget):
    restore_requested = Signal(str)
    purge_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Deleted portfolios"))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.clicked.connect(lambda: self._emit(self.restore_requested))
        self.purge_button = QPushButton(self.tr("Delete &Forever…"))
        self.purge_button.clicked.connect(lambda: self._emit(self.purge_requested))
        self.empty = QLabel(
            self.tr("The trash is empty. Deleted portfolios wait here until you restore them or delete them for good.")
        )
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<h2>Trash</h2>")))
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_trash(self, summaries: list[PortfolioSummary]) -> None:
        self.list.clear()
        for s in summaries:
            item = QListWidgetItem(f"{s.portfolio.title} — {s.credential_title}")
            item.setData(ID_ROLE, s.portfolio.id)
            self.list.addItem(item)
        self.empty.setVisible(not summaries)
        self.list.setVisible(bool(summaries))
        if summaries:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.restore_button.setEnabled(has)
        self.purge_button.setEnabled(has)

    def _emit(self, signal: Signal) -> None:
        item = self.list.currentItem()
        if item is not None:
            signal.emit(item.data(ID_ROLE))
