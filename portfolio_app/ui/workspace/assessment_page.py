"""The Self-assessment tab: an overview of every criterion above, the selected one in detail below.

Choosing a level, offering or withholding a tag and typing a justification are steps on the
window's undo stack (see operations.rubric); the tab shows what the library holds after each,
when the operations report that tags, assessments or evidence changed.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.readiness import PortfolioContent
from portfolio_app.ui import palette
from portfolio_app.ui.observation.coach_ratings import CoachRatingsView
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.review import feedback_in_view
from portfolio_app.ui.operations.rubric import EditJustification, choose_level, offer_tags
from portfolio_app.ui.workspace.assessment_model import Column, CriteriaModel, Standing, standings
from portfolio_app.ui.workspace.criterion_panel import CriterionPanel


class AssessmentPage(QWidget):
    tag_activated = Signal(str)  # tag id, double-clicked or Enter in the offered evidence
    failed = Signal(object)

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.undo_stack = ops, undo_stack
        self.portfolio_id: str | None = None
        self.content: PortfolioContent | None = None
        self._wanted_criterion: str | None = None
        # Justifications handed over for saving in this portfolio, by criterion: newer than the
        # loaded content until the reload after the save arrives.
        self._typed: dict[str, str] = {}
        self.feedback = None  # (Feedback, earlier) the reviewer's decision shown beside, or None

        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Self-assessment summary"))
        self.model = CriteriaModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Criteria overview"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the levels below, arrows move in the grid
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CRITERION, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(72)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.model.modelReset.connect(self._fit_table)

        ops.changed.connect(self._on_ops_changed)
        self.coach = CoachRatingsView(ops)  # a coach's signed ratings, when the portfolio holds any
        self.panel = CriterionPanel()
        self.panel.level_chosen.connect(self._on_panel_level_chosen)
        self.panel.tag_offered.connect(self._on_panel_tag_offered)
        self.panel.justification_due.connect(self._on_panel_justification_due)
        self.panel.tag_activated.connect(self.tag_activated)
        self.panel.hide()
        self.detail = QScrollArea()
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setWidget(self.panel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 0)
        layout.setSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.coach)
        layout.addWidget(self.detail, 1)

    # -- what is shown ----------------------------------------------------------------------

    def show_content(self, portfolio_id: str, content: PortfolioContent) -> None:
        """Show a portfolio's self-assessment, keeping the selected criterion."""
        if portfolio_id != self.portfolio_id:
            self.flush()
            self._typed = {}
            keep = None
        else:
            keep = self.current_criterion_id()
        if portfolio_id != self.portfolio_id:
            self.feedback = None
        self.portfolio_id, self.content = portfolio_id, content
        self.coach.show_portfolio(portfolio_id)
        rows = self._show_standings()
        self._read_feedback()
        self._show_summary(rows)
        wanted, self._wanted_criterion = self._wanted_criterion, None
        row = self.model.row_of(wanted or keep or "")
        if row < 0 and rows:
            row = 0
        if row >= 0 and row != self.table.currentIndex().row():
            self._select_row(row)  # shows the detail through currentRowChanged
        else:
            self._show_detail()
        if wanted is not None:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_standings(self) -> list[Standing]:
        assert self.content is not None
        feedback, earlier = self.feedback if self.feedback is not None else (None, False)
        if earlier != self.model.earlier:
            self.model.earlier = earlier
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.REVIEWER, Column.REVIEWER)
        rows = standings(self.content, feedback)
        self.model.set_standings(rows)
        self.table.setColumnHidden(Column.REVIEWER, feedback is None)
        return rows

    def _read_feedback(self) -> None:
        """The reviewer's levels, once feedback is back (read with the content, and after an import)."""
        portfolio_id = self.portfolio_id
        if portfolio_id is None:
            return
        feedback_in_view(portfolio_id).success(lambda found: self._on_feedback_found(portfolio_id, found)).failure(
            self.failed.emit
        ).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.reviews and self.content is not None:
            self._read_feedback()

    def _on_feedback_found(self, portfolio_id: str, found) -> None:
        if portfolio_id != self.portfolio_id or found == self.feedback:
            return
        self.feedback = found
        self._show_standings()
        self._show_detail()

    def _show_summary(self, rows: list[Standing]) -> None:
        passing = sum(1 for r in rows if r.passes)
        rated = sum(1 for r in rows if r.assessment is not None)
        text = self.tr("{passing} of {total} criteria reach the passing level").format(passing=passing, total=len(rows))
        if rated < len(rows):
            text += " · " + self.tr("{left} not rated yet").format(left=len(rows) - rated)
        colour = palette.PASSING if rows and passing == len(rows) else palette.MUTED
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _fit_table(self) -> None:
        """As tall as its rows: a credential has a handful of criteria, and the detail gets the rest."""
        rows = self.model.rowCount()
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(rows)) if rows else 0
        self.table.setFixedHeight(height)

    def _select_row(self, row: int) -> None:
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(row, 0))

    def current_criterion_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.standing(index.row()).criterion.id if index.isValid() else None

    def select_criterion(self, criterion_id: str) -> bool:
        """Select a criterion's row and give the grid the focus (asked before the portfolio has
        loaded, it happens once it has)."""
        row = self.model.row_of(criterion_id)
        if row < 0 or self.content is None:
            self._wanted_criterion = criterion_id
            return False
        self._select_row(row)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        if self.content is None or not index.isValid():
            self.panel.hide()
            return
        standing = self.model.standing(index.row())
        criterion, assessment = standing.criterion, standing.assessment
        justification = self._typed.get(criterion.id, assessment.justification if assessment else "")
        tags = [t for t in self.content.tags if t.criterion_id == criterion.id]
        evidence = {e.id: e for e in self.content.evidence}
        self.panel.show_criterion(criterion, assessment, justification, tags, evidence)
        self.panel.show_reviewed(standing.reviewed, self.model.earlier)
        self.panel.show()

    # -- changes ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Save a justification typed and not yet saved, now."""
        self.panel.flush()

    def _on_panel_level_chosen(self, criterion_id: str, level_id: str) -> None:
        if self.portfolio_id is None or self.content is None:
            return
        label = self.content.credential.criterion(criterion_id).level(level_id).label
        self.undo_stack.push(choose_level(self.ops, self.portfolio_id, criterion_id, level_id, label, self.failed.emit))

    def _on_panel_tag_offered(self, criterion_id: str, tag_id: str, offered: bool) -> None:
        if self.portfolio_id is not None:
            self.undo_stack.push(
                offer_tags(self.ops, self.portfolio_id, criterion_id, [tag_id], offered, self.failed.emit)
            )

    def _on_panel_justification_due(self, criterion_id: str, old: str, new: str) -> None:
        if self.portfolio_id is None:
            return
        self._typed[criterion_id] = new
        self.undo_stack.push(
            EditJustification(
                self,
                self.ops,
                self.portfolio_id,
                criterion_id,
                old,
                new,
                self.panel.justification.burst,
                self.failed.emit,
            )
        )

    def apply_justification(self, portfolio_id: str, criterion_id: str, text: str) -> None:
        """Show a justification put back by undo or redo (the step saves it)."""
        if portfolio_id != self.portfolio_id:
            return
        self._typed[criterion_id] = text
        if self.panel.criterion is not None and self.panel.criterion.id == criterion_id:
            self.panel.justification.apply(text)
