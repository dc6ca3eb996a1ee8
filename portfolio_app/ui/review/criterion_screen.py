"""One criterion of a review: the level descriptors side by side, the teacher's self-assessment and
reason, the evidence offered for it (tags), the answers of Parts 1 and 3, and the reviewer's
level and feedback. Edits are announced by signal; the window saves them."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.credential import Criterion
from portfolio_app.core.review import Review
from portfolio_app.core.text import clock

SAVE_AFTER_MS = 700  # feedback is saved a moment after typing pauses


class CriterionScreen(QScrollArea):
    level_chosen = Signal(str, str)  # criterion id, level id
    feedback_edited = Signal(str, str)  # criterion id, text
    flag_requested = Signal(str)  # evidence id
    unflag_requested = Signal(str)
    play_requested = Signal(str, object)  # evidence id, the tag chosen (submission.json's; None: the whole item)

    def __init__(self, criterion: Criterion, submission: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.criterion = criterion
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel(f"<h2>{html.escape(criterion.title)}</h2><p>{html.escape(criterion.description)}</p>")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self._levels())
        layout.addWidget(self._self_assessment(submission))
        layout.addWidget(self._evidence(submission))
        feedback_box = QGroupBox(self.tr("Your feedback on this criterion"))
        feedback_layout = QVBoxLayout(feedback_box)
        self.feedback = QPlainTextEdit()
        self.feedback.setAccessibleName(self.tr("Feedback on {criterion}").format(criterion=criterion.title))
        self.feedback.setPlaceholderText(self.tr("What the evidence shows, and what is missing…"))
        self.feedback.setFixedHeight(110)
        feedback_layout.addWidget(self.feedback)
        layout.addWidget(feedback_box)
        layout.addWidget(self._answers(submission))
        self.setWidget(body)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_feedback)
        self.feedback.textChanged.connect(self._timer.start)
        self._shown_feedback = ""

    def _levels(self) -> QWidget:
        box = QGroupBox(
            self.tr("Level (passing: {level})").format(level=self.criterion.level(self.criterion.passing_level).label)
        )
        grid = QGridLayout(box)
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[str, QRadioButton] = {}
        for column, level in enumerate(self.criterion.levels):
            button = QRadioButton(level.label)
            button.setAccessibleName(self.tr("Score {level}").format(level=level.label))
            self.level_group.addButton(button)
            self.level_buttons[level.id] = button
            button.toggled.connect(lambda on, lv=level.id: on and self._on_level_toggled(lv))
            descriptor = QLabel(level.descriptor)
            descriptor.setWordWrap(True)
            descriptor.setAlignment(Qt.AlignmentFlag.AlignTop)
            descriptor.setFrameShape(QFrame.Shape.StyledPanel)
            grid.addWidget(button, 0, column)
            grid.addWidget(descriptor, 1, column)
            grid.setColumnStretch(column, 1)  # each level's words as wide as the others', not its name's width
        self.flag_note = QLabel()
        self.flag_note.setWordWrap(True)
        grid.addWidget(self.flag_note, 2, 0, 1, len(self.criterion.levels))
        return box

    def _self_assessment(self, submission: dict[str, Any]) -> QWidget:
        box = QGroupBox(self.tr("The teacher's self-assessment"))
        layout = QVBoxLayout(box)
        found = next((a for a in submission.get("self_assessment", []) if a["criterion_id"] == self.criterion.id), None)
        if found is None:
            text = self.tr("Not self-assessed.")
        else:
            text = f"<b>{html.escape(found['level_label'])}</b> — {html.escape(found['justification'] or '')}"
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        return box

    def _evidence(self, submission: dict[str, Any]) -> QWidget:
        box = QGroupBox(self.tr("Evidence offered for this criterion"))
        layout = QVBoxLayout(box)
        evidence = {e["id"]: e for e in submission.get("evidence", [])}
        offered = {t for a in submission.get("self_assessment", []) if a["criterion_id"] == self.criterion.id
                   for t in a.get("tag_ids", ())}  # fmt: skip
        self.tags = QListWidget()
        self.tags.setAccessibleName(self.tr("Tagged evidence"))
        self.offered: dict[str, dict[str, Any]] = {}  # tag id -> the tag as submission.json has it
        for tag in submission.get("tags", []):
            if tag["criterion_id"] != self.criterion.id and tag["id"] not in offered:
                continue
            item = evidence.get(tag["evidence_id"], {})
            where = ""
            if tag.get("start_s") is not None:
                where = f" {clock(tag['start_s'])}–{clock(tag['end_s'])}"
            elif tag.get("region") and item.get("kind") == "document":
                where = self.tr(" region on page {page}").format(page=tag["region"]["page"] + 1)
            elif tag.get("region"):
                where = self.tr(" region")  # a photo has no pages
            row = QListWidgetItem(f"{item.get('title', tag['evidence_id'])} ({item.get('kind', '')}){where}"
                                  + (f": {tag['note']}" if tag.get("note") else ""))  # fmt: skip
            row.setData(Qt.ItemDataRole.UserRole, tag["evidence_id"])
            row.setData(Qt.ItemDataRole.UserRole + 1, tag["id"])  # an id: a dict per row costs 4x on 3,000 tags
            self.offered[tag["id"]] = tag
            self.tags.addItem(row)
        if self.tags.count() == 0:
            self.tags.addItem(self.tr("No evidence was tagged for this criterion."))
        self.tags.setMaximumHeight(140)
        self.tags.itemActivated.connect(lambda _item: self._on_play_clicked())
        layout.addWidget(self.tags)
        buttons = QHBoxLayout()
        self.play_button = QPushButton(self.tr("Play / Open"))
        self.play_button.setToolTip(self.tr("Play the tagged moment, or open the item (double-click does the same)"))
        self.play_button.clicked.connect(self._on_play_clicked)
        buttons.addWidget(self.play_button)
        self.flag_button = QPushButton(self.tr("Flag for Privacy…"))
        self.flag_button.setToolTip(
            self.tr("Evidence that breaks privacy scores Not Met for every criterion it is offered for")
        )
        self.flag_button.clicked.connect(self._on_flag_clicked)
        self.unflag_button = QPushButton(self.tr("Remove Flag"))
        self.unflag_button.clicked.connect(self._on_unflag_clicked)
        buttons.addWidget(self.flag_button)
        buttons.addWidget(self.unflag_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        return box

    def _answers(self, submission: dict[str, Any]) -> QWidget:
        box = QGroupBox(self.tr("Answers of Parts 1 and 3"))
        layout = QVBoxLayout(box)
        browser = QTextBrowser()
        parts = []
        for part, heading in (("part1", self.tr("Part 1: overview")), ("part3", self.tr("Part 3: reflection"))):
            parts.append(f"<h3>{heading}</h3>")
            for response in (r for r in submission.get("responses", []) if r["part"] == part):
                parts.append(f"<p><b>{html.escape(response['prompt'])}</b></p><p>{html.escape(response['text'])}</p>")
        note = submission.get("portfolio", {}).get("resubmission_note")
        if note:
            parts.insert(0, f"<h3>{self.tr('Resubmission note')}</h3><p>{html.escape(note)}</p>")
        browser.setHtml("".join(parts))
        browser.setMinimumHeight(220)
        layout.addWidget(browser)
        return box

    def show_review(self, review: Review) -> None:
        """Show the saved level, feedback and flags (the user's own unsaved typing is kept)."""
        level = review.level_of(self.criterion.id)
        flagged = self.criterion.id in review.flagged_criteria
        for level_id, button in self.level_buttons.items():
            button.blockSignals(True)
            button.setChecked(level_id == level)
            button.setEnabled(not review.signed and not flagged)
            button.blockSignals(False)
        self.flag_note.setText(
            self.tr("Evidence offered here is flagged for privacy, so this criterion scores Not Met.")
            if flagged
            else ""
        )
        score = review.scores.get(self.criterion.id)
        saved = score.feedback if score else ""
        if not self._timer.isActive() and self.feedback.toPlainText() != saved:
            self.feedback.blockSignals(True)
            self.feedback.setPlainText(saved)
            self.feedback.blockSignals(False)
        self.feedback.setReadOnly(review.signed)
        self.flag_button.setEnabled(not review.signed)
        self.unflag_button.setEnabled(not review.signed and bool(review.flags))

    def save_feedback(self) -> None:
        self._timer.stop()
        self.feedback_edited.emit(self.criterion.id, self.feedback.toPlainText())

    def _on_level_toggled(self, level_id: str) -> None:
        self._timer.stop()  # the feedback typed so far is saved with the level
        self.level_chosen.emit(self.criterion.id, level_id)

    def _selected_evidence(self) -> str | None:
        item = self.tags.currentItem() or self.tags.item(0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_play_clicked(self) -> None:
        item = self.tags.currentItem() or self.tags.item(0)
        if item is not None and (evidence_id := item.data(Qt.ItemDataRole.UserRole)) is not None:
            self.play_requested.emit(evidence_id, self.tag_at(self.tags.row(item)))

    def tag_at(self, row: int) -> dict[str, Any] | None:
        """The tag listed at `row` (None for the "nothing tagged" line)."""
        item = self.tags.item(row)
        return self.offered.get(item.data(Qt.ItemDataRole.UserRole + 1)) if item is not None else None

    def _on_flag_clicked(self) -> None:
        if (evidence_id := self._selected_evidence()) is not None:
            self.flag_requested.emit(evidence_id)

    def _on_unflag_clicked(self) -> None:
        if (evidence_id := self._selected_evidence()) is not None:
            self.unflag_requested.emit(evidence_id)

    def save_if_pending(self) -> None:
        """Save typing still waiting for its pause."""
        if self._timer.isActive():
            self.save_feedback()
