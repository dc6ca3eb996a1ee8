"""The Checklist tab: what stands between this portfolio and a submission (core.readiness).

The same list as `portfolio check` and the export gate. Each item says what to do; activating
it jumps to where it is fixed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.checklist_items import PRIVACY_RULES, Rule
from portfolio_app.core.readiness import Place, Readiness, ReadinessItem
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Failure, Operations
from portfolio_app.ui.operations.rubric import check_portfolio
from portfolio_app.ui.privacy.name_fixes import NameFixBar

_ITEM_ROLE = Qt.ItemDataRole.UserRole
_REMINDER_ROLE = Qt.ItemDataRole.UserRole + 1  # a criterion not met last time (a reminder, not a to-do)
_GROUPS = {  # heading for each place, in the order a teacher works
    Place.PROMPT: "Written answers (Parts 1 and 3)",
    Place.REQUIREMENT: "Evidence (Part 2)",
    Place.EVIDENCE: "Evidence (Part 2)",
    Place.CRITERION: "Self-assessment",
    Place.PORTFOLIO: "Portfolio",
}


class ChecklistPage(QWidget):
    item_activated = Signal(object)  # ReadinessItem
    readiness_changed = Signal(object)  # Readiness
    export_requested = Signal()

    def __init__(
        self, ops: Operations, on_error: Failure, undo_stack: QUndoStack | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        ops.changed.connect(self._on_ops_changed)
        self.on_error = on_error
        self.portfolio_id: str | None = None
        self.titles: dict[str, str] = {}  # criterion id -> title, for the reminders of a later attempt
        self.readiness: Readiness | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Checklist"))
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setIndentation(14)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_activated)
        hint = QLabel(self.tr("Double-click an item (or press Enter) to go where it is fixed."))
        hint.setEnabled(False)
        self.export_button = QPushButton(self.tr("&Export Bundle…"))
        self.export_button.setToolTip(self.tr("Write the portfolio as a signed bundle (a draft, while items are open)"))
        self.export_button.clicked.connect(self.export_requested)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        # Fixes for a student's name or a file whose names are unchecked, right where the item is.
        self.name_fixes = NameFixBar(ops, undo_stack or QUndoStack(self), self)
        self.name_fixes.failed.connect(on_error)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        layout.addWidget(self.name_fixes)
        layout.addWidget(hint)

    def show_portfolio(self, portfolio_id: str, titles: dict[str, str] | None = None) -> None:
        """Check `portfolio_id`; `titles` names its criteria (criterion id -> title) for the reminders."""
        self.portfolio_id = portfolio_id
        self.titles = titles or {}
        self.refresh()

    def refresh(self) -> None:
        portfolio_id = self.portfolio_id
        if portfolio_id is None:
            return

        def show(readiness: Readiness) -> None:
            if readiness.portfolio.id == self.portfolio_id:
                self._show(readiness)

        check_portfolio(portfolio_id).success(show).failure(self.on_error).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if (
            changes.evidence
            or changes.tags
            or changes.responses
            or changes.assessments
            or changes.roster
            or changes.privacy
        ):
            self.refresh()

    def _on_tree_current_changed(self, row: QTreeWidgetItem | None, _previous) -> None:
        item = row.data(0, _ITEM_ROLE) if row is not None else None
        self.name_fixes.show_item(self.portfolio_id, item)

    def _show(self, readiness: Readiness) -> None:
        self.readiness = readiness
        self.name_fixes.show_item(None, None)
        self.tree.clear()
        if readiness.ready:
            self.summary.setText(
                f"<h3 style='color:{palette.PASSING}'>✓ "
                + self.tr("Ready to export")
                + "</h3><p>"
                + self.tr("Every prompt is answered, every requirement met and every criterion rated and tagged.")
                + "</p>"
            )
        else:
            count = len(readiness.items)
            heading = (
                self.tr("1 item to do before you can export")
                if count == 1
                else self.tr("{count} items to do before you can export").format(count=count)
            )
            self.summary.setText(f"<h3>{heading}</h3>")
        groups: dict[str, QTreeWidgetItem] = {}
        rows: dict[str, list[QTreeWidgetItem]] = {}
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)  # once, not per row
        privacy_colour = QColor(palette.PRIVACY)
        self._show_not_met(readiness)
        for item in readiness.items:
            heading = self.tr("Privacy") if item.rule in PRIVACY_RULES else self.tr(_GROUPS[item.place])
            if heading not in groups:
                group = groups[heading] = QTreeWidgetItem([heading])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                rows[heading] = []
            row = QTreeWidgetItem([f"{item.message}\n    → {item.fix}"])  # not in the tree yet: no layout per row
            row.setIcon(0, warning)
            row.setData(0, _ITEM_ROLE, item)
            row.setToolTip(0, item.fix)
            if item.rule in PRIVACY_RULES:
                row.setForeground(0, privacy_colour)
            rows[heading].append(row)
        # Hundreds of rows for a large portfolio: each group filled before it joins the tree, all
        # groups joining at once, one layout and one repaint.
        for heading, group in groups.items():
            group.addChildren(rows[heading])
        self.tree.setUpdatesEnabled(False)
        self.tree.addTopLevelItems(list(groups.values()))
        self.tree.expandAll()
        self.tree.setUpdatesEnabled(True)
        self.readiness_changed.emit(readiness)

    def _show_not_met(self, readiness: Readiness) -> None:
        """A later attempt leads with what the reviewer found not met, and why (reminders: they do not block export)."""
        feedback = readiness.resubmission.feedback if readiness.resubmission is not None else None
        missed = [c for c in feedback.criteria if not c.passes] if feedback is not None else []
        if not missed:
            return
        group = QTreeWidgetItem(self.tree, [self.tr("Not met last time: the reviewer's feedback")])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for criterion in missed:
            title = self.titles.get(criterion.criterion_id, criterion.criterion_id)
            said = f"“{criterion.feedback}”" if criterion.feedback else self.tr("(no feedback on it)")
            row = QTreeWidgetItem(group, [f"{title}: {said}\n    → " + self.tr("Show it better in this attempt")])
            row.setData(0, _REMINDER_ROLE, criterion.criterion_id)
            row.setForeground(0, QColor(palette.WARNING))

    def rows(self) -> list[ReadinessItem]:
        """The readiness items listed (not the reminders of what was not met last time)."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            found += [group.child(r).data(0, _ITEM_ROLE) for r in range(group.childCount())]
        return [item for item in found if item is not None]

    def reminders(self) -> list[str]:
        """The criteria listed as not met last time, by id."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            found += [group.child(r).data(0, _REMINDER_ROLE) for r in range(group.childCount())]
        return [criterion for criterion in found if criterion is not None]

    def _on_tree_item_activated(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        item = row.data(0, _ITEM_ROLE)
        if item is not None:
            self.item_activated.emit(item)
        elif (criterion := row.data(0, _REMINDER_ROLE)) is not None:  # a reminder: go to the criterion
            self.item_activated.emit(ReadinessItem(Rule.BELOW_PASSING, Place.CRITERION, criterion, "", ""))
