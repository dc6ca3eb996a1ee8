"""Talk time for one recording: mark your voice and your questions, measure, read, and use the figures.

The panel sits under a player: it asks the player (through two callables) where the playhead is
and which range is marked, and asks it to seek through `seek_requested`. Everything it does to the
library is an op from ui/operations/talk.py; it refreshes when `ops.changed` says talk changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import Credential
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence, Marker
from portfolio_app.core.talk import LIMITS, QuestionSource, StoredTalk, TalkResult, WaitTime, clock_text
from portfolio_app.ui import palette
from portfolio_app.ui.operations import LongTask, Operations
from portfolio_app.ui.operations import evidence as evidence_ops
from portfolio_app.ui.operations import talk as talk_ops
from portfolio_app.ui.talk.coach_questions import CoachQuestionsBox
from portfolio_app.ui.talk.shares_chart import SharesChart
from portfolio_app.ui.talk.talk_timeline import TalkTimeline


class TalkPanel(QWidget):
    seek_requested = Signal(float)  # seconds
    measured = Signal(object)  # the TalkResult just kept

    def __init__(
        self,
        ops: Operations,
        position: Callable[[], float] = lambda: 0.0,
        marked_range: Callable[[], tuple[float, float] | None] = lambda: None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self._position = position
        self._marked_range = marked_range
        self.evidence: Evidence | None = None
        self.result: TalkResult | None = None
        self.sample: tuple[float, float] | None = None
        self.task: LongTask | None = None
        self._measuring = False

        self.timeline = TalkTimeline()
        self.timeline.seek_requested.connect(self.seek_requested)
        self.chart = SharesChart()
        self.sample_label = QLabel()
        self.sample_button = QPushButton(self.tr("Use Marked Range as My Voice"))
        self.sample_button.setToolTip(self.tr("Mark a few seconds where only you talk with [ and ], then click here"))
        self.sample_button.clicked.connect(self._on_sample_button_clicked)
        self.questions = QListWidget()
        self.questions.setAccessibleName(self.tr("Questions"))
        self.questions.setMaximumHeight(80)
        self.questions.itemActivated.connect(lambda item: self.seek_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        # Q while watching, at the end of each question: the window adds this action to the player too.
        self.question_action = QAction(self.tr("Question Here"), self)
        self.question_action.setShortcut(QKeySequence(Qt.Key.Key_Q))
        self.question_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.question_action.triggered.connect(self._on_question_action_triggered)
        self.addAction(self.question_action)
        self.question_button = QPushButton(self.tr("Question Here (Q)"))
        self.question_button.setToolTip(self.tr("Press Q while watching, at the end of each question you ask"))
        self.question_button.clicked.connect(self.question_action.trigger)
        self.markers_button = QPushButton(self.tr("Questions from Markers"))
        self.markers_button.setToolTip(self.tr("Take the markers pressed while recording as questions"))
        self.markers_button.clicked.connect(self._on_markers_button_clicked)
        self.coach = CoachQuestionsBox(ops)
        self.coach.failed.connect(self._on_failed)
        self.remove_button = QPushButton(self.tr("Remove Question"))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.measure_button = QPushButton(self.tr("Measure Talk Time"))
        self.measure_button.clicked.connect(self.measure)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(palette.text_style(palette.WARNING))
        self.prompts = QComboBox()
        self.prompts.setAccessibleName(self.tr("Reflection prompt"))
        self.reflect_button = QPushButton(self.tr("Add to My Reflection"))
        self.reflect_button.clicked.connect(self._on_reflect_button_clicked)
        self.criteria = QComboBox()
        self.criteria.setAccessibleName(self.tr("Criterion"))
        self.offer_button = QPushButton(self.tr("Offer as Evidence"))
        self.offer_button.clicked.connect(self._on_offer_button_clicked)
        self.limits = QLabel(
            self.tr("What this cannot tell:") + "<ul>" + "".join(f"<li>{x}</li>" for x in LIMITS) + "</ul>"
        )
        self.limits.setWordWrap(True)
        # A note, not a control: muted, but dark enough to read (a disabled label's grey is not).
        self.limits.setStyleSheet(palette.text_style(palette.MUTED))

        grid = QGridLayout()
        grid.addWidget(self.sample_label, 0, 0)
        grid.addWidget(self.sample_button, 0, 1)
        grid.addWidget(self.questions, 1, 0, 3, 1)
        grid.addWidget(self.question_button, 1, 1)
        grid.addWidget(self.markers_button, 2, 1)
        grid.addWidget(self.remove_button, 3, 1)
        run = QHBoxLayout()
        run.addWidget(self.measure_button)
        run.addWidget(self.progress, 1)
        run.addWidget(self.cancel_button)
        use = QGridLayout()
        use.addWidget(self.prompts, 0, 0)
        use.addWidget(self.reflect_button, 0, 1)
        use.addWidget(self.criteria, 1, 0)
        use.addWidget(self.offer_button, 1, 1)
        use.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.timeline)
        layout.addWidget(self.chart)
        layout.addLayout(grid)
        layout.addWidget(self.coach)
        layout.addLayout(run)
        # The figures grow with every question (forty in a long lesson) and the limits are six lines:
        # they scroll in a box of their own, so the controls and the player keep their room.
        details = QWidget()
        shown = QVBoxLayout(details)
        shown.setContentsMargins(0, 0, 0, 0)
        shown.addWidget(self.figures)
        shown.addWidget(self.limits)
        shown.addStretch(1)
        self.details = QScrollArea()
        self.details.setWidget(details)
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setMinimumHeight(110)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addLayout(use)
        self.ops.changed.connect(self._on_ops_changed)
        self._show(None)

    # -- what the window tells the panel -------------------------------------------------------

    def set_evidence(self, evidence: Evidence, credential: Credential) -> None:
        self.evidence = evidence
        self.prompts.clear()
        for prompt in credential.reflection.prompts:
            self.prompts.addItem(prompt.text[:80], prompt.id)
        self.criteria.clear()
        for criterion in credential.criteria:
            self.criteria.addItem(criterion.title, criterion.id)
        self.timeline.set_duration(evidence.duration_s or 0.0)
        self.sample = None
        self.questions.clear()
        self.coach.set_evidence(evidence.id)
        self._show(None)
        self._load()

    def set_position(self, seconds: float) -> None:
        self.timeline.set_position(seconds)

    def set_sample(self, start: float, end: float) -> None:
        self.sample = (start, end)
        self.timeline.set_sample(self.sample)
        self._show_controls()

    def add_question(self, at: float) -> None:
        if any(abs(self._question_times()[i] - at) < 0.05 for i in range(self.questions.count())):
            return
        item = QListWidgetItem(self.tr("Question at {time}").format(time=clock_text(at)))
        item.setData(Qt.ItemDataRole.UserRole, at)
        self.questions.addItem(item)
        self.questions.sortItems()
        self._show_controls()

    # -- ops ------------------------------------------------------------------------------------

    def measure(self) -> None:
        if self.evidence is None or self.sample is None:
            return
        coach = self.coach.choice()
        op = talk_ops.measure_talk(
            self.evidence.id, self.sample, tuple(self._question_times()), coach, drop_coach=coach is None
        )
        self._start_measuring(op, self._on_measured)

    def _start_measuring(self, op, on_done) -> None:
        """Run a measuring op with its progress shown, cancellable until `on_done` or a failure."""
        self.message.clear()
        self.progress.setValue(0)
        op.progress(lambda fraction, _text: self.progress.setValue(round(fraction * 100)))
        op.success(on_done).failure(self._on_failed)
        self._measuring = True
        task = op.run(self.ops, initiator=self)
        self.task = task if self._measuring else None  # a synchronous run has already finished
        self._show_controls()

    def _load(self) -> None:
        if self.evidence is not None:
            talk_ops.load_talk(self.evidence.id).success(self._on_loaded).failure(self._on_failed).run(self.ops, self)

    def _on_loaded(self, stored: StoredTalk | None) -> None:
        if stored is None or self.evidence is None or stored.evidence_id != self.evidence.id:
            return
        self.set_sample(*stored.result.teacher_sample)
        self.questions.clear()
        for at in stored.questions:
            self.add_question(at)
        self.coach.show_kept(stored.result.coach)
        self._show(stored.result)

    def _on_measured(self, outcome: Outcome[TalkResult]) -> None:
        result = outcome.value
        self._measuring, self.task = False, None
        self.progress.setValue(100)
        self.coach.show_kept(result.coach)
        self._show(result)
        self.measured.emit(result)

    def _on_failed(self, error: BaseException) -> None:
        self._measuring, self.task = False, None
        self.message.setText(str(error))
        self._show_controls()

    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        if changes.talk and initiator is not self:
            self._load()

    # -- buttons --------------------------------------------------------------------------------

    def _on_sample_button_clicked(self) -> None:
        marked = self._marked_range()
        if marked is None:
            self.message.setText(self.tr("Mark a few seconds where only you talk ([ and ] under the player) first."))
            return
        self.message.clear()
        self.set_sample(*marked)

    def _on_question_action_triggered(self) -> None:
        self.add_question(self._position())

    def _on_markers_button_clicked(self) -> None:
        if self.evidence is not None:
            evidence_ops.list_markers(self.evidence.id).success(self._on_markers_loaded).failure(self._on_failed).run(
                self.ops, initiator=self
            )

    def _on_markers_loaded(self, markers: list[Marker]) -> None:
        for marker in markers:
            self.add_question(marker.at_s)
        if not markers:
            self.message.setText(self.tr("This recording has no markers."))

    def _on_remove_button_clicked(self) -> None:
        for item in self.questions.selectedItems():
            self.questions.takeItem(self.questions.row(item))
        self._show_controls()

    def _on_cancel_button_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_reflect_button_clicked(self) -> None:
        if self.evidence is not None and self.prompts.currentData():
            op = talk_ops.add_talk_to_answer(self.evidence.id, self.prompts.currentData())
            op.success(lambda _r: self.message.setText(self.tr("Added to your answer."))).failure(self._on_failed)
            op.run(self.ops, initiator=self)

    def _on_offer_button_clicked(self) -> None:
        if self.evidence is not None and self.criteria.currentData():
            op = talk_ops.offer_talk(self.evidence.id, self.criteria.currentData())
            op.success(lambda _t: self.message.setText(self.tr("Offered as evidence (a tag over the recording).")))
            op.failure(self._on_failed).run(self.ops, initiator=self)

    # -- showing --------------------------------------------------------------------------------

    def _ready(self) -> bool:
        """Whether a recording is open to measure (a panel for another kind of recording says otherwise)."""
        return self.evidence is not None

    def _duration(self) -> float | None:
        return self.evidence.duration_s if self.evidence else None

    def _question_times(self) -> list[float]:
        return [self.questions.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.questions.count())]

    def _show(self, result: TalkResult | None) -> None:
        self.result = result
        self.timeline.set_result(result, self._duration())
        self.timeline.set_sample(self.sample)
        self.chart.set_result(result)
        self.figures.setText(self._figures_text(result))
        self._show_controls()

    def _show_controls(self) -> None:
        running = self._measuring
        if self.sample is None:
            self.sample_label.setText(self.tr("Your voice: not marked yet"))
        else:
            start, end = self.sample
            self.sample_label.setText(
                self.tr("Your voice: {start}–{end}").format(start=clock_text(start), end=clock_text(end))
            )
        self.measure_button.setEnabled(self._ready() and self.sample is not None and not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        self.remove_button.setEnabled(self.questions.count() > 0)
        for widget in (self.prompts, self.reflect_button, self.criteria, self.offer_button):
            widget.setEnabled(self.result is not None and not running)

    def _figures_text(self, result: TalkResult | None) -> str:
        if result is None:
            return self.tr("Mark your voice, mark your questions, then measure. Nothing leaves this computer.")
        longest = result.longest_teacher_monologue
        lines = [
            self.tr("You talked {teacher:.0%} of the time, students {students:.0%}; silence {silence:.0%}.").format(
                teacher=result.teacher_share, students=result.student_share, silence=result.silence_share
            )
        ]
        if longest is not None:
            lines.append(
                self.tr("Your longest stretch: {length:.0f} s, from {start}.").format(
                    length=longest.length, start=clock_text(longest.start)
                )
            )
        for wait in result.wait_times:
            if wait.wait is None:
                lines.append(
                    self.tr(
                        "Question at {at}{by}: no wait measured (no teacher talk ends there, or nobody spoke after)."
                    ).format(at=clock_text(wait.question_at), by=self._asked_by(wait))
                )
            else:
                lines.append(
                    self.tr("Question at {at}{by}: waited {wait:.1f} s.").format(
                        at=clock_text(wait.question_at), by=self._asked_by(wait), wait=wait.wait
                    )
                )
        return "<br>".join(lines)

    def _asked_by(self, wait: WaitTime) -> str:
        if wait.source == QuestionSource.COACH:
            return self.tr(" (coded by your coach: {code})").format(code=self.coach.label_of(wait.code or ""))
        if wait.source == QuestionSource.BOTH:
            return self.tr(" (yours, coded by your coach too: {code})").format(
                code=self.coach.label_of(wait.code or "")
            )
        return ""
