"""The library tree: the catalog, the teacher's portfolios grouped by credential, the trash."""

from __future__ import annotations

import enum

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QFont, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from portfolio_app.core.portfolio import PortfolioSummary
from portfolio_app.resource_paths import resources_dir
from portfolio_app.ui.item_roles import ID_ROLE, KIND_ROLE


class NodeKind(enum.StrEnum):
    CATALOG = "catalog"
    CREDENTIAL = "credential"
    PORTFOLIO = "portfolio"
    TRASH = "trash"


def _icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


class LibraryTree(QTreeView):
    """Emits `node_selected(kind, id)`; `id` is empty for the catalog and the trash."""

    node_selected = Signal(str, str)
    portfolio_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Library"))
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.activated.connect(self._on_activated)

    def show_portfolios(self, summaries: list[PortfolioSummary], trashed: int) -> None:
        """Rebuild from `summaries` (sorted by credential), keeping the current node if it still exists."""
        keep = self.current_node()
        blocker = self.selectionModel().blockSignals(True)
        self._model.clear()
        root = self._model.invisibleRootItem()
        folder_icon, file_icon = _icon("credential"), _icon("portfolio")
        catalog = self._item(self.tr("Credential Catalog"), NodeKind.CATALOG, "")
        catalog.setIcon(_icon("catalog"))
        root.appendRow(catalog)
        groups: dict[str, QStandardItem] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for summary in summaries:
            p = summary.portfolio
            group = groups.get(p.credential_id)
            if group is None:
                group = self._item(summary.credential_title, NodeKind.CREDENTIAL, p.credential_id)
                group.setFont(bold)
                group.setIcon(folder_icon)
                groups[p.credential_id] = group
                root.appendRow(group)
            item = self._item(p.title, NodeKind.PORTFOLIO, p.id)
            item.setIcon(file_icon)
            item.setToolTip(
                self.tr("{status} · attempt {attempt} · {evidence} evidence · {tags} tags").format(
                    status=p.status, attempt=p.attempt, evidence=summary.evidence_count, tags=summary.tag_count
                )
            )
            group.appendRow(item)
        trash = self._item(
            self.tr("Trash ({count})").format(count=trashed) if trashed else self.tr("Trash"), NodeKind.TRASH, ""
        )
        trash.setIcon(_icon("trash"))
        root.appendRow(trash)
        self.expandAll()
        self.selectionModel().blockSignals(blocker)
        if keep is not None and self.select_node(*keep):
            return
        self.select_node(NodeKind.CATALOG, "")

    def current_node(self) -> tuple[str, str] | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return index.data(KIND_ROLE), index.data(ID_ROLE)

    def select_node(self, kind: str, node_id: str) -> bool:
        """Make a node current (emitting node_selected); False when it is not in the tree."""
        found = self._find(kind, node_id)
        if found is None:
            return False
        if found == self.currentIndex():
            self.node_selected.emit(kind, node_id)
        else:
            self.setCurrentIndex(found)
        self.scrollTo(found)
        return True

    def _find(self, kind: str, node_id: str) -> QModelIndex | None:
        pending = [self._model.index(r, 0) for r in range(self._model.rowCount())]
        while pending:
            index = pending.pop(0)
            if index.data(KIND_ROLE) == kind and index.data(ID_ROLE) == node_id:
                return index
            pending += [self._model.index(r, 0, index) for r in range(self._model.rowCount(index))]
        return None

    def _item(self, text: str, kind: NodeKind, node_id: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(str(kind), KIND_ROLE)
        item.setData(node_id, ID_ROLE)
        item.setEditable(False)
        return item

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.node_selected.emit(current.data(KIND_ROLE), current.data(ID_ROLE))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == NodeKind.PORTFOLIO:
            self.portfolio_activated.emit(index.data(ID_ROLE))
