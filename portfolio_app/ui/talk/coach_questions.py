"""The coach's questions in the talk panel: which observation's coded questions count, where its 0:00 is in
the recording, which codes are questions; after measuring, how well the observation fits the recording
(what fell outside it, and another offset when clearly more questions fall at the end of teacher talk)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.talk import CoachQuestions, clock_text
from portfolio_app.core.talk_questions import CoachChoice, CoachObservation
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import talk as talk_ops


def signed_clock(seconds: float) -> str:
    return f"−{clock_text(-seconds)}" if seconds < 0 else clock_text(seconds)


class CoachQuestionsBox(QWidget):
    failed = Signal(object)  # the error of loading the observations

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.evidence_id: str | None = None
        self.offered: list[CoachObservation] = []
        self.kept: CoachQuestions | None = None
        self.observation = QComboBox()
        self.observation.setAccessibleName(self.tr("Coach's observation"))
        self.observation.setToolTip(self.tr("Take the questions your coach coded in an observation of this lesson"))
        self.observation.currentIndexChanged.connect(self._on_observation_changed)
        self.offset = QDoubleSpinBox()
        self.offset.setRange(-86400.0, 86400.0)
        self.offset.setDecimals(1)
        self.offset.setSuffix(self.tr(" s"))
        self.offset.setAccessibleName(self.tr("Where the observation's 0:00 is in the recording"))
        self.offset.setToolTip(
            self.tr(
                "Seconds into the recording when the coach's clock read 0:00. 0 when the coach coded this recording "
                "or started together with the camera; negative when the coach's stopwatch started first."
            )
        )
        self.offset.valueChanged.connect(self._on_offset_changed)
        self.codes_menu = QMenu(self)
        self.codes_button = QToolButton()
        self.codes_button.setText(self.tr("Question Codes"))
        self.codes_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.codes_button.setMenu(self.codes_menu)
        self.codes_button.setToolTip(self.tr("Which of the observation's codes are the teacher asking a question"))
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.better_button = QPushButton()
        self.better_button.clicked.connect(self._on_better_button_clicked)
        self.better_button.hide()
        self.better_offset: float | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Coach's questions:")), 0, 0)
        grid.addWidget(self.observation, 0, 1)
        grid.addWidget(QLabel(self.tr("its 0:00 at")), 0, 2)
        grid.addWidget(self.offset, 0, 3)
        grid.addWidget(self.codes_button, 0, 4)
        grid.addWidget(self.report, 1, 0, 1, 4)
        grid.addWidget(self.better_button, 1, 4)
        grid.setColumnStretch(1, 1)
        self._fill([])
        self.ops.changed.connect(self._on_ops_changed)

    # -- what the panel tells the box ----------------------------------------------------------

    def set_evidence(self, evidence_id: str) -> None:
        self.evidence_id = evidence_id
        self.kept = None
        self._fill([])
        self._load()

    def show_kept(self, kept: CoachQuestions | None) -> None:
        """The observation, offset and codes a measurement used, and how it fitted."""
        self.kept = kept
        self._apply_kept()

    def choice(self) -> CoachChoice | None:
        entry = self._current()
        if entry is None:
            return None
        codes = tuple(a.data() for a in self.codes_menu.actions() if a.isChecked())
        return CoachChoice(entry.observation.ref, self.offset.value(), codes)

    def label_of(self, code: str) -> str:
        entry = self._current()
        found = entry and next((c for c in entry.observation.scheme.codes if c.id == code), None)
        return found.label if found else code

    # -- inside ---------------------------------------------------------------------------------

    def _load(self) -> None:
        if self.evidence_id is not None:
            op = talk_ops.coach_observations(self.evidence_id)
            op.success(self._on_observations_loaded).failure(self.failed.emit).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.evidence or changes.observations:  # a signed observation imported, an observation coded
            self._load()

    def _on_observations_loaded(self, offered: list[CoachObservation]) -> None:
        chosen = self.choice()  # what the teacher set stays set when the list is read again
        self._fill(offered)
        index = self.observation.findData(chosen.observation) if chosen else -1
        if chosen is not None and index > 0:
            self.observation.setCurrentIndex(index)
            self.offset.setValue(chosen.offset_s or 0.0)
            for action in self.codes_menu.actions():
                action.setChecked(action.data() in chosen.codes)
            self._show_report()
        else:
            self._apply_kept()

    def _fill(self, offered: list[CoachObservation]) -> None:
        self.offered = offered
        self.observation.blockSignals(True)
        self.observation.clear()
        self.observation.addItem(self.tr("None (only your marks)"), None)
        for entry in offered:
            self.observation.addItem(f"{entry.observation.title} — {entry.where}", entry.observation.ref)
        self.observation.blockSignals(False)
        self.observation.setEnabled(bool(offered))
        self._on_observation_changed()

    def _current(self) -> CoachObservation | None:
        ref = self.observation.currentData()
        return next((e for e in self.offered if e.observation.ref == ref), None)

    def _apply_kept(self) -> None:
        kept = self.kept
        if kept is not None:
            index = self.observation.findData(kept.observation)
            if index < 0:  # kept with the figures, but no longer in the library
                self.report.setText(self.tr("The observation these figures took questions from is gone."))
                return
            self.observation.setCurrentIndex(index)
            self.offset.setValue(kept.offset_s)
            for action in self.codes_menu.actions():
                action.setChecked(action.data() in kept.codes)
        self._show_report()

    def _on_observation_changed(self) -> None:
        entry = self._current()
        self.codes_menu.clear()
        for widget in (self.offset, self.codes_button):
            widget.setEnabled(entry is not None)
        if entry is not None:
            for code in entry.observation.scheme.codes:
                action = QAction(f"{code.label} ({code.id})", self.codes_menu)
                action.setData(code.id)
                action.setCheckable(True)
                action.setChecked(code.id in entry.question_codes)
                self.codes_menu.addAction(action)
            self.offset.setValue(entry.observation.offset_s)
        self._show_report()

    def _show_report(self) -> None:
        entry, kept = self._current(), self.kept
        self.better_button.hide()
        if entry is None:
            self.report.setText(
                self.tr("No observation of this lesson in the portfolio yet.")
                if not self.offered
                else self.tr("Your coach's coded questions can count too: choose the observation.")
            )
            return
        if kept is None or kept.observation != entry.observation.ref:
            self.report.setText(self._before_text(entry))
            return
        text = self.tr(
            "{placed} of {coded} coded questions fall in the recording; {fit} of them at the end of your talk."
        ).format(placed=kept.placed, coded=kept.coded, fit=kept.at_turn_end)
        if kept.outside:
            text += " " + self.tr("Left out, outside the recording: {moments} (the coach's clock).").format(
                moments=", ".join(clock_text(t) for t in kept.outside)
            )
        if kept.without_moment:
            text += " " + self.tr("{n} coded per interval have no moment.").format(n=kept.without_moment)
        if kept.better_offset_s is not None:
            text += " " + self.tr(
                "With its 0:00 at {at}, {fit} fall at the end of your talk: the clocks may not have started together."
            ).format(at=signed_clock(kept.better_offset_s), fit=kept.better_at_turn_end)
            self.better_offset = kept.better_offset_s
            self.better_button.setText(self.tr("Use {at}").format(at=signed_clock(kept.better_offset_s)))
            self.better_button.show()
        self.report.setText(text)

    def _before_text(self, entry: CoachObservation) -> str:
        if entry.interval_coded:
            return self.tr("Coded per interval: its questions say in which interval, not when.")
        if not entry.question_codes:
            return self.tr("Its scheme marks no code as a question: choose them under Question Codes.")
        labels = ", ".join(self.label_of(c) for c in entry.question_codes)
        return self.tr("Questions: {labels}. Measure to see how the observation fits the recording.").format(
            labels=labels
        )

    def _on_offset_changed(self, value: float) -> None:
        kept, entry = self.kept, self._current()
        if kept is not None and entry is not None and kept.observation == entry.observation.ref:
            if abs(value - kept.offset_s) > 0.05:
                self.report.setText(self.tr("Measure again to use the questions at the new offset."))
                self.better_button.hide()
            else:
                self._show_report()

    def _on_better_button_clicked(self) -> None:
        if self.better_offset is not None:
            self.offset.setValue(self.better_offset)
