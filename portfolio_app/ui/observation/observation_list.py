"""The coach's observations, newest first: reopen one (its summary, exports, signing) or start another."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from portfolio_app.core.observation import clock_text
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


class ObservationList(QWidget):
    opened = Signal(str)  # observation id
    new_requested = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self._stale = False
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Your observations"))
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            [self.tr("Observation"), self.tr("Scheme"), self.tr("Started"), self.tr("Length"), self.tr("Events")]
        )
        self.tree.itemActivated.connect(self._on_tree_item_activated)  # Enter or a double-click
        self.tree.currentItemChanged.connect(lambda *_: self.open_button.setEnabled(self.current() is not None))
        self.empty = QLabel(self.tr("No observations yet: start one, and it is kept here to reopen."))
        self.new_button = QPushButton(self.tr("&New Observation…"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Your observations</b>")))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        ops.changed.connect(self._on_ops_changed)
        self.reload()

    def reload(self) -> None:
        self._stale = False
        ops_observation.list_observations().success(self._show).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes, initiator) -> None:
        if changes.observations:
            if self.isVisible():
                self.reload()
            else:
                self._stale = True  # while coding: read once when shown again, not per key press

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _show(self, summaries) -> None:
        chosen = self.current()
        self.tree.clear()
        for s in summaries:
            o = s.observation
            length = clock_text(o.duration_s) if o.duration_s is not None else self.tr("not stopped")
            started = o.created_at[:16].replace("T", " ")
            item = QTreeWidgetItem([o.title, o.scheme.title, started, length, str(s.events)])
            item.setData(0, Qt.ItemDataRole.UserRole, o.id)
            self.tree.addTopLevelItem(item)
            if o.id == chosen:
                self.tree.setCurrentItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        self.empty.setVisible(not summaries)
        if self.tree.currentItem() is None and summaries:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def current(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def ids(self) -> list[str]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in items]

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.opened.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def _on_open_button_clicked(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.opened.emit(chosen)
