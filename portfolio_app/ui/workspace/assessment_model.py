"""The self-assessment overview as a table: each criterion, its part, the level chosen, how many
tags point at it, and whether it reaches the passing level."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from portfolio_app.core.credential import Criterion, Part
from portfolio_app.core.feedback import CriterionFeedback, Feedback
from portfolio_app.core.portfolio import SelfAssessment
from portfolio_app.core.readiness import PortfolioContent
from portfolio_app.ui import palette

Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    CRITERION = 0
    PART = 1
    LEVEL = 2
    EVIDENCE = 3
    PASSES = 4
    REVIEWER = 5  # the reviewer's level, once feedback came back (hidden before)


@dataclass(frozen=True)
class Standing:
    """Where one criterion stands: the teacher's rating of it and the tags that show it."""

    criterion: Criterion
    assessment: SelfAssessment | None
    tag_count: int
    reviewed: CriterionFeedback | None = None  # what the reviewer found (this attempt, or the one before)

    @property
    def passes(self) -> bool | None:
        """None while the criterion is not rated."""
        return None if self.assessment is None else self.criterion.passes(self.assessment.level_id)

    @property
    def level_label(self) -> str | None:
        return None if self.assessment is None else self.criterion.level(self.assessment.level_id).label


def standings(content: PortfolioContent, feedback: Feedback | None = None) -> list[Standing]:
    counts = Counter(t.criterion_id for t in content.tags)
    reviewed = {c.criterion_id: c for c in feedback.criteria} if feedback else {}
    return [
        Standing(c, content.assessments.get(c.id), counts[c.id], reviewed.get(c.id))
        for c in content.credential.criteria
    ]


class CriteriaModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Standing] = []
        self.earlier = False  # the reviewer's column shows the attempt before this one

    def set_standings(self, rows: list[Standing]) -> None:
        """Show new standings; the same criteria only change their cells, so selection stays."""
        if [r.criterion.id for r in rows] == [r.criterion.id for r in self._rows] and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(Column) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def standing(self, row: int) -> Standing:
        return self._rows[row]

    def row_of(self, criterion_id: str) -> int:
        for row, standing in enumerate(self._rows):
            if standing.criterion.id == criterion_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(Column(section)))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.CRITERION: self.tr("Criterion"),
            Column.PART: self.tr("Part"),
            Column.LEVEL: self.tr("Your level"),
            Column.EVIDENCE: self.tr("Tags"),
            Column.PASSES: self.tr("Passes"),
            Column.REVIEWER: self.tr("Reviewer") if not self.earlier else self.tr("Reviewer, last attempt"),
        }[Column(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        standing, column = self._rows[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(standing, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(standing, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(standing, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.PASSES and standing.passes is not None:
            return QBrush(QColor(palette.PASSING_BACKGROUND if standing.passes else palette.BELOW_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and column == Column.PASSES and standing.passes is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and column == Column.LEVEL and standing.assessment is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(column))
        return None

    def _text(self, standing: Standing, column: Column) -> str:
        if column == Column.CRITERION:
            return standing.criterion.title
        if column == Column.PART:
            return _part_label(standing.criterion.part)
        if column == Column.LEVEL:
            return standing.level_label or self.tr("Not rated")
        if column == Column.EVIDENCE:
            return str(standing.tag_count)
        if column == Column.REVIEWER:
            if standing.reviewed is None:
                return "—"
            label = standing.criterion.level(standing.reviewed.level_id).label
            return (self.tr("✓ Met: {level}") if standing.reviewed.passes else self.tr("✗ Not met: {level}")).format(
                level=label
            )
        if standing.passes is None:
            return "—"
        return self.tr("✓ Yes") if standing.passes else self.tr("✗ No")

    def _tip(self, standing: Standing, column: Column) -> str | None:
        criterion = standing.criterion
        passing = criterion.level(criterion.passing_level).label
        if column == Column.CRITERION:
            return criterion.description
        if column == Column.REVIEWER and standing.reviewed is not None:
            return standing.reviewed.feedback or None
        if column == Column.EVIDENCE:
            if standing.tag_count == 1:
                return self.tr("1 tag points reviewers at this criterion")
            return self.tr("{count} tags point reviewers at this criterion").format(count=standing.tag_count)
        if column in (Column.PASSES, Column.LEVEL):
            if standing.passes is None:
                return self.tr("Not rated yet; passing is “{passing}”").format(passing=passing)
            if standing.passes:
                return self.tr("“{level}” reaches the passing level, “{passing}”").format(
                    level=standing.level_label, passing=passing
                )
            return self.tr("“{level}” is below the passing level, “{passing}”").format(
                level=standing.level_label, passing=passing
            )
        return None

    def _foreground(self, standing: Standing, column: Column) -> QBrush | None:
        if column == Column.PASSES and standing.passes is not None:
            return QBrush(QColor(palette.PASSING if standing.passes else palette.WARNING))
        if column == Column.REVIEWER and standing.reviewed is not None:
            return QBrush(QColor(palette.PASSING if standing.reviewed.passes else palette.WARNING))
        if column == Column.LEVEL and standing.assessment is None or column == Column.PART:
            return QBrush(QColor(palette.MUTED))
        if column == Column.PASSES:
            return QBrush(QColor(palette.MUTED))
        return None


def _part_label(part: Part) -> str:
    labels = {
        Part.OVERVIEW: QCoreApplication.translate("CriteriaModel", "Part 1"),
        Part.WORK_EXAMPLES: QCoreApplication.translate("CriteriaModel", "Part 2"),
        Part.REFLECTION: QCoreApplication.translate("CriteriaModel", "Part 3"),
    }
    return labels[part]


def _alignment(column: Column) -> Qt.AlignmentFlag:
    if column in (Column.PART, Column.EVIDENCE, Column.PASSES):
        return Qt.AlignmentFlag.AlignCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
