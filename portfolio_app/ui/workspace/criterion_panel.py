"""One criterion in detail: its level descriptors side by side (the passing one marked), the level
the teacher chose, why, and the tags offered as evidence for it.

The panel only shows and reports: the self-assessment tab turns its signals into undoable steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.credential import Criterion, EvidenceKind, Level
from portfolio_app.core.feedback import CriterionFeedback
from portfolio_app.core.portfolio import Evidence, SelfAssessment, Tag
from portfolio_app.core.text import clock
from portfolio_app.ui import palette
from portfolio_app.ui.workspace.autosave_edit import AutosaveEdit

TAG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CARD_WIDTH = 240
VISIBLE_TAGS = 6  # the offered-evidence list grows to this many rows, then scrolls


def tag_place(tag: Tag, evidence: Evidence | None) -> str:
    """Where a tag points: '1:05–1:40', 'region on page 2', 'region of the photo' or 'whole item'."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("CriterionPanel", text)

    if tag.span is not None:
        return f"{clock(tag.span.start_s)}–{clock(tag.span.end_s)}"
    if tag.region is not None:
        if evidence is not None and evidence.kind == EvidenceKind.DOCUMENT:
            return tr("region on page {page}").format(page=tag.region.page + 1)
        return tr("region of the photo")
    return tr("whole item")


class LevelCard(QFrame):
    """One level: a radio button with its label, the passing mark, and the descriptor. A click
    anywhere on the card chooses it."""

    def __init__(self, level: Level, passing: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.level = level
        self.setObjectName("levelCard")
        self.setProperty("chosen", False)
        self.radio = QRadioButton(level.label)
        font = self.radio.font()
        font.setBold(True)
        self.radio.setFont(font)
        self.radio.setAccessibleDescription(level.descriptor)
        self.mark = QLabel(self.tr("✓ Passing level") if passing else "")
        self.mark.setStyleSheet(f"color: {palette.PASSING}; font-weight: bold;")
        self.mark.setVisible(passing)
        self.descriptor = QLabel(level.descriptor)
        self.descriptor.setWordWrap(True)
        self.descriptor.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.descriptor.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        layout.addWidget(self.radio)
        layout.addWidget(self.mark)
        layout.addWidget(self.descriptor, 1)
        border, chosen, chosen_background = palette.CARD_BORDER, palette.CHOSEN, palette.CHOSEN_BACKGROUND
        self.setStyleSheet(
            f"QFrame#levelCard {{ border: 1px solid {border}; border-radius: 6px; background: palette(base); }}"
            f'QFrame#levelCard[chosen="true"] {{ border: 2px solid {chosen}; background: {chosen_background}; }}'
        )

    def sizeHint(self) -> QSize:
        # The same width for every card, so the columns share the row equally however long
        # their descriptors are; the height then follows the width (the label wraps).
        return QSize(CARD_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(CARD_WIDTH // 2, super().minimumSizeHint().height())

    def set_chosen(self, chosen: bool) -> None:
        if self.property("chosen") != chosen:
            self.setProperty("chosen", chosen)
            self.style().unpolish(self)
            self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.radio.isChecked():
            self.radio.click()
        super().mousePressEvent(event)


class CriterionPanel(QWidget):
    level_chosen = Signal(str, str)  # criterion id, level id
    tag_offered = Signal(str, str, bool)  # criterion id, tag id, offered
    tag_activated = Signal(str)  # tag id: show the tagged moment or region
    justification_due = Signal(str, str, str)  # criterion id, text before, text now

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.criterion: Criterion | None = None
        self.assessment: SelfAssessment | None = None
        self.cards: list[LevelCard] = []
        self._filling = False
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet(f"color: {palette.MUTED};")
        self.reviewed = QLabel()  # what the reviewer found, once feedback is back
        self.reviewed.setWordWrap(True)
        self.reviewed.setTextFormat(Qt.TextFormat.RichText)
        self.reviewed.setAccessibleName(self.tr("The reviewer's feedback on this criterion"))
        self.reviewed.hide()
        self.levels_label = QLabel(self.tr("Choose the level your evidence shows:"))
        self.group = QButtonGroup(self)
        self.group.idClicked.connect(self._on_group_id_clicked)
        self.levels_row = QHBoxLayout()
        self.levels_row.setSpacing(12)

        self.justification = AutosaveEdit(min_lines=4, max_lines=14)
        self.justification.setAccessibleName(self.tr("Why this level"))
        self.justification.save_due.connect(self._on_justification_save_due)
        justification_label = QLabel(self.tr("&Why this level?"))
        justification_label.setBuddy(self.justification)
        justification_label.setStyleSheet("font-weight: bold;")

        self.tags = QListWidget()
        self.tags.setAccessibleName(self.tr("Evidence offered for this criterion"))
        self.tags.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tags.setWordWrap(True)
        self.tags.setSpacing(2)
        self.tags.setAlternatingRowColors(True)
        self.tags.itemChanged.connect(self._on_tags_item_changed)
        self.tags.activated.connect(self._on_tags_activated)
        tags_label = QLabel(self.tr("Evidence &offered"))
        tags_label.setBuddy(self.tags)
        tags_label.setStyleSheet("font-weight: bold;")
        self.tags_hint = QLabel()
        self.tags_hint.setWordWrap(True)
        self.tags_hint.setStyleSheet(f"color: {palette.MUTED};")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addWidget(self.reviewed)
        layout.addSpacing(4)
        layout.addWidget(self.levels_label)
        layout.addLayout(self.levels_row)
        layout.addSpacing(8)
        why = QVBoxLayout()
        why.setSpacing(6)
        why.addWidget(justification_label)
        why.addWidget(self.justification)
        why.addStretch(1)
        offered = QVBoxLayout()
        offered.setSpacing(6)
        offered.addWidget(tags_label)
        offered.addWidget(self.tags_hint)
        offered.addWidget(self.tags)
        offered.addStretch(1)
        below = QHBoxLayout()
        below.setSpacing(20)
        below.addLayout(why, 1)
        below.addLayout(offered, 1)
        layout.addLayout(below)
        layout.addStretch(1)

    def show_criterion(
        self,
        criterion: Criterion,
        assessment: SelfAssessment | None,
        justification: str,
        tags: Sequence[Tag],
        evidence: Mapping[str, Evidence],
    ) -> None:
        """Show a criterion; the same one again only updates its level and tags, and leaves the
        justification alone (it may hold text on its way to being saved)."""
        if self.criterion is None or criterion.id != self.criterion.id:
            self.justification.flush()  # typed for the criterion shown before: saved as that one's
            self.criterion = criterion
            self._build_levels(criterion)
            self.justification.load(justification)
        self.criterion = criterion
        self.assessment = assessment
        self._show_level(assessment)
        rated = assessment is not None
        self.justification.setEnabled(rated)
        self.justification.setPlaceholderText(
            self.tr("Say what your evidence shows, and point to the moments you tagged.")
            if rated
            else self.tr("Choose a level first, then say why.")
        )
        self._show_tags(tags, evidence, assessment)

    def show_reviewed(self, reviewed: CriterionFeedback | None, earlier: bool) -> None:
        """The reviewer's level and feedback on the criterion shown (from the attempt before, if `earlier`)."""
        if reviewed is None or self.criterion is None:
            self.reviewed.hide()
            return
        label = escape(self.criterion.level(reviewed.level_id).label)
        verdict = self.tr("met") if reviewed.passes else self.tr("not met")
        when = self.tr("Last attempt, the reviewer") if earlier else self.tr("The reviewer")
        text = self.tr("{when} scored <b>{level}</b> ({verdict})").format(when=when, level=label, verdict=verdict)
        if reviewed.feedback:
            text += f": “{escape(reviewed.feedback)}”"
        colour = palette.PASSING if reviewed.passes else palette.WARNING
        self.reviewed.setText(f"<span style='color:{colour}'>{'✓' if reviewed.passes else '✗'}</span> {text}")
        self.reviewed.show()

    def _build_levels(self, criterion: Criterion) -> None:
        for card in self.cards:
            self.group.removeButton(card.radio)
            self.levels_row.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards = []
        self.title.setText(f"<h3 style='margin:0'>{escape(criterion.title)}</h3>")
        self.description.setText(criterion.description)
        for rank, level in enumerate(criterion.levels):  # lowest first, left to right
            card = LevelCard(level, level.id == criterion.passing_level)
            self.group.addButton(card.radio, rank)
            self.levels_row.addWidget(card, 1)
            self.cards.append(card)

    def _show_level(self, assessment: SelfAssessment | None) -> None:
        chosen = None if assessment is None else assessment.level_id
        self.group.setExclusive(False)  # lets every button go unchecked when nothing is rated
        for card in self.cards:
            card.radio.setChecked(card.level.id == chosen)
            card.set_chosen(card.level.id == chosen)
        self.group.setExclusive(True)

    def _show_tags(self, tags: Sequence[Tag], evidence: Mapping[str, Evidence], assessment: SelfAssessment | None):
        current = self.tags.currentItem()
        current_id = current.data(TAG_ID_ROLE) if current is not None else None
        offered = set(assessment.tag_ids) if assessment is not None else {t.id for t in tags}
        self._filling = True
        try:
            self.tags.clear()
            for tag in tags:
                item = self._tag_item(tag, evidence.get(tag.evidence_id), tag.id in offered, assessment is not None)
                self.tags.addItem(item)
                if tag.id == current_id:
                    self.tags.setCurrentItem(item)
        finally:
            self._filling = False
        if not tags:
            self.tags_hint.setText(
                self.tr(
                    "No tags for this criterion yet. In the Evidence tab, tag the moment of a video "
                    "or the region of a photo that shows it."
                )
            )
        elif assessment is None:
            self.tags_hint.setText(self.tr("Choose a level first; every tag below is then offered to reviewers."))
        else:
            self.tags_hint.setText(
                self.tr(
                    "Untick a tag to keep it from reviewers for this criterion. Double-click or press Enter to see it."
                )
            )
        self.tags.setVisible(bool(tags))
        self._fit_tags()

    def _fit_tags(self) -> None:
        rows = min(self.tags.count(), VISIBLE_TAGS)
        height = sum(self.tags.sizeHintForRow(r) + 2 * self.tags.spacing() for r in range(rows))
        self.tags.setFixedHeight(height + 2 * self.tags.frameWidth() + 4)

    def _tag_item(self, tag: Tag, evidence: Evidence | None, offered: bool, rated: bool) -> QListWidgetItem:
        title = evidence.title if evidence is not None else self.tr("(evidence not found)")
        text = f"{title} · {tag_place(tag, evidence)}"
        if tag.note:
            text += f"\n{tag.note}"
        item = QListWidgetItem(text)
        item.setData(TAG_ID_ROLE, tag.id)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if rated:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setFlags(flags)
        item.setCheckState(Qt.CheckState.Checked if offered else Qt.CheckState.Unchecked)
        item.setToolTip(tag.note or text)
        return item

    def tag_item(self, tag_id: str) -> QListWidgetItem | None:
        for row in range(self.tags.count()):
            item = self.tags.item(row)
            if item.data(TAG_ID_ROLE) == tag_id:
                return item
        return None

    def flush(self) -> None:
        self.justification.flush()

    def _on_group_id_clicked(self, rank: int) -> None:
        if self.criterion is None:
            return
        level = self.criterion.levels[rank]
        for card in self.cards:
            card.set_chosen(card.level.id == level.id)
        if self.assessment is None or self.assessment.level_id != level.id:
            self.level_chosen.emit(self.criterion.id, level.id)

    def _on_justification_save_due(self, old: str, new: str) -> None:
        if self.criterion is not None:
            self.justification_due.emit(self.criterion.id, old, new)

    def _on_tags_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or self.criterion is None:
            return
        self.tag_offered.emit(self.criterion.id, item.data(TAG_ID_ROLE), item.checkState() == Qt.CheckState.Checked)

    def _on_tags_activated(self, index) -> None:
        item = self.tags.item(index.row())
        if item is not None:
            self.tag_activated.emit(item.data(TAG_ID_ROLE))
