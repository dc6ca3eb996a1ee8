"""The library tree: the catalog, the teacher's portfolios grouped by credential, the trash."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from portfolio_app.core.portfolio import PortfolioSummary
from portfolio_app.ui.item_roles import ID_ROLE, KIND_ROLE
from portfolio_app.ui.library_model import LibraryModel, NodeKind

__all__ = ["LibraryTree", "NodeKind"]


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
        self._model = LibraryModel(self)
        self.setModel(self._model)
        self.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.activated.connect(self._on_activated)

    def show_portfolios(self, summaries: list[PortfolioSummary], trashed: int) -> None:
        """Rebuild from `summaries` (sorted by credential), keeping the current node if it still exists."""
        keep = self.current_node()
        blocker = self.selectionModel().blockSignals(True)
        self._model.set_library(summaries, trashed)
        self.expandAll()
        self.selectionModel().blockSignals(blocker)
        if keep is not None and self.select_node(*keep):
            return
        self.select_node(NodeKind.CATALOG, "")

    def listed_portfolios(self) -> int:
        """How many portfolios the tree lists (the start-up probe checks the library is shown)."""
        return self._model.portfolio_count()

    def current_node(self) -> tuple[str, str] | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return index.data(KIND_ROLE), index.data(ID_ROLE)

    def select_node(self, kind: str, node_id: str) -> bool:
        """Make a node current (emitting node_selected); False when it is not in the tree."""
        found = self._model.find(kind, node_id)
        if not found.isValid():
            return False
        if found == self.currentIndex():
            self.node_selected.emit(kind, node_id)
        else:
            self.setCurrentIndex(found)
        self.scrollTo(found)
        return True

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.node_selected.emit(current.data(KIND_ROLE), current.data(ID_ROLE))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == NodeKind.PORTFOLIO:
            self.portfolio_activated.emit(index.data(ID_ROLE))
