"""The library tree's model: catalog, credentials with their portfolios, trash.

A lazy model rather than QStandardItemModel: it keeps the summaries and answers `data()` for
the rows a view paints, so a library of 500 portfolios costs no more to show than one of 5.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QFont, QIcon

from portfolio_app.core.portfolio import PortfolioSummary
from portfolio_app.resource_paths import resources_dir
from portfolio_app.ui.item_roles import ID_ROLE, KIND_ROLE

# Qt.ItemDataRole values as ints (see item_roles.py for why).
DISPLAY_ROLE, DECORATION_ROLE, TOOLTIP_ROLE, ACCESSIBLE_TEXT_ROLE, FONT_ROLE = 0, 1, 3, 11, 6
_TOP = 0  # internalId of top-level rows; children carry their group's row + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class NodeKind(enum.StrEnum):
    CATALOG = "catalog"
    CREDENTIAL = "credential"
    PORTFOLIO = "portfolio"
    TRASH = "trash"


def _tr(text: str) -> str:
    return QCoreApplication.translate("LibraryTree", text)


def _icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


class _Group:
    __slots__ = ("credential_id", "title", "portfolios")

    def __init__(self, credential_id: str, title: str):
        self.credential_id = credential_id
        self.title = title
        self.portfolios: list[PortfolioSummary] = []


class LibraryModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._trashed = 0
        self._icons: dict[NodeKind, QIcon] = {}
        self._bold: QFont | None = None

    def set_library(self, summaries: list[PortfolioSummary], trashed: int) -> None:
        """Show `summaries` (sorted by credential title) and the number of trashed portfolios."""
        self.beginResetModel()
        groups: dict[str, _Group] = {}
        for summary in summaries:
            key = summary.portfolio.credential_id
            if key not in groups:
                groups[key] = _Group(key, summary.credential_title)
            groups[key].portfolios.append(summary)
        self._groups = list(groups.values())
        self._trashed = trashed
        self.endResetModel()

    # -- structure --------------------------------------------------------------------------

    def portfolio_count(self) -> int:
        return sum(len(group.portfolios) for group in self._groups)

    # rowCount and hasChildren are asked of every row when the tree lays itself out (1,100 calls for
    # 500 portfolios): a portfolio, whose internalId is its group's row + 1, is answered first.
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.internalId() != _TOP:
            return 0
        if not parent.isValid():
            return len(self._groups) + 2  # catalog, groups…, trash
        group = self._group_at(parent.row())
        return len(group.portfolios) if group is not None else 0

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return parent.internalId() == _TOP and self.rowCount(parent) > 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0 or row >= self.rowCount(parent):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1 if parent.isValid() else _TOP)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    # -- content ----------------------------------------------------------------------------

    def node(self, index: AnyIndex) -> tuple[NodeKind, str]:
        if index.internalId() != _TOP:
            summary = self._groups[index.internalId() - 2].portfolios[index.row()]
            return NodeKind.PORTFOLIO, summary.portfolio.id
        if index.row() == 0:
            return NodeKind.CATALOG, ""
        group = self._group_at(index.row())
        if group is None:
            return NodeKind.TRASH, ""
        return NodeKind.CREDENTIAL, group.credential_id

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE):
        if not index.isValid():
            return None
        kind, node_id = self.node(index)
        if role == KIND_ROLE:
            return str(kind)
        if role == ID_ROLE:
            return node_id
        if role in (DISPLAY_ROLE, ACCESSIBLE_TEXT_ROLE):
            return self._text(index, kind)
        if role == DECORATION_ROLE:
            if kind not in self._icons:
                self._icons[kind] = _icon(str(kind))
            return self._icons[kind]
        if role == FONT_ROLE and kind == NodeKind.CREDENTIAL:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == TOOLTIP_ROLE and kind == NodeKind.PORTFOLIO:
            summary = self._groups[index.internalId() - 2].portfolios[index.row()]
            p = summary.portfolio
            return _tr("{status} · attempt {attempt} · {evidence} evidence · {tags} tags").format(
                status=p.status, attempt=p.attempt, evidence=summary.evidence_count, tags=summary.tag_count
            )
        return None

    def find(self, kind: str, node_id: str) -> QModelIndex:
        """The index of a node, or an invalid index when it is not in the tree."""
        if kind == NodeKind.CATALOG:
            return self.index(0, 0)
        if kind == NodeKind.TRASH:
            return self.index(len(self._groups) + 1, 0)
        for row, group in enumerate(self._groups, start=1):
            if kind == NodeKind.CREDENTIAL and group.credential_id == node_id:
                return self.index(row, 0)
            if kind == NodeKind.PORTFOLIO:
                for child, summary in enumerate(group.portfolios):
                    if summary.portfolio.id == node_id:
                        return self.createIndex(child, 0, row + 1)
        return QModelIndex()

    def _group_at(self, row: int) -> _Group | None:
        return self._groups[row - 1] if 1 <= row <= len(self._groups) else None

    def _text(self, index: AnyIndex, kind: NodeKind) -> str:
        if kind == NodeKind.CATALOG:
            return _tr("Credential Catalog")
        if kind == NodeKind.TRASH:
            return _tr("Trash ({count})").format(count=self._trashed) if self._trashed else _tr("Trash")
        if kind == NodeKind.CREDENTIAL:
            return self._groups[index.row() - 1].title
        portfolio = self._groups[index.internalId() - 2].portfolios[index.row()].portfolio
        if portfolio.attempt > 1:  # a resubmission keeps its title: the attempt tells them apart
            return _tr("{title} · attempt {n}").format(title=portfolio.title, n=portfolio.attempt)
        return portfolio.title
