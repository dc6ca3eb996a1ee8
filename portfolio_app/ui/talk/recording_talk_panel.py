"""The talk panel for a recording kept with the coach's observation: the same marking, timeline and
shares, measured with the observation's own coded questions, and the figures copied for the
post-conference instead of put into a reflection (the coach has no portfolio here)."""

from __future__ import annotations

import html

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QWidget

from portfolio_app.core.observation_talk import (
    MeasuredRecording,
    ObservedRecording,
    RecordingTalk,
    TimedWait,
    conference_text,
)
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.talk import TalkResult, clock_text
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation_talk as recording_ops
from portfolio_app.ui.talk.talk_panel import TalkPanel


class RecordingTalkPanel(TalkPanel):
    def __init__(self, ops: Operations, position=lambda: 0.0, marked_range=lambda: None, parent: QWidget | None = None):
        self.observed: ObservedRecording | None = None
        self.timed: tuple[TimedWait, ...] = ()  # the coach's timed waits beside the measured silences
        super().__init__(ops, position, marked_range, parent)
        self.sample_button.setText(self.tr("Use Marked Range as the Teacher's Voice"))
        self.sample_button.setToolTip(
            self.tr("Mark a few seconds where only the teacher talks with [ and ], then click here")
        )
        self.chart.teacher_label = self.tr("Teacher")
        self.question_button.setToolTip(self.tr("Press Q while watching, at the end of a question not coded"))
        # The observation's coded questions count by themselves; markers and portfolios are the teacher's.
        for widget in (self.markers_button, self.coach, self.prompts, self.reflect_button):
            widget.hide()
        for widget in (self.criteria, self.offer_button):
            widget.hide()
        self.copy_button = QPushButton(self.tr("Copy Figures for the Post-Conference"))
        self.copy_button.setToolTip(self.tr("Copies the figures as text, to paste into your conference notes"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.layout().addWidget(self.copy_button)
        self._show_controls()

    def set_recording(self, observed: ObservedRecording) -> None:
        self.observed = observed
        self.timeline.set_duration(observed.recording.duration_s or 0.0)
        self.sample = None
        self.timed = ()
        self.questions.clear()
        self._show(None)
        self._load()

    def measure(self) -> None:
        if self.observed is None or self.sample is None:
            return
        op = recording_ops.measure_recording_talk(
            self.observed.observation.id, self.observed.number, self.sample, tuple(self._question_times())
        )
        self._start_measuring(op, self._on_recording_measured)

    def _load(self) -> None:
        if self.observed is not None:
            recording_ops.load_recording_talk(self.observed.observation.id, self.observed.number).success(
                self._on_recording_loaded
            ).failure(self._on_failed).run(self.ops, self)

    def _on_recording_loaded(self, kept: RecordingTalk | None) -> None:
        if kept is None or self.observed is None or kept.recording_id != self.observed.recording.id:
            return
        self.timed = kept.timed
        self.set_sample(*kept.result.teacher_sample)
        self.questions.clear()
        for at in kept.questions:
            self.add_question(at)
        self._show(kept.result)

    def _on_recording_measured(self, outcome: Outcome[MeasuredRecording]) -> None:
        self.timed = outcome.value.timed
        self._on_measured(Outcome(outcome.value.result, outcome.changes))
        if outcome.value.note:
            self.message.setText(outcome.value.note)

    def _on_copy_button_clicked(self) -> None:
        if self.result is not None and self.observed is not None:
            QGuiApplication.clipboard().setText(
                conference_text(self.result, self.observed.observation.title, self.timed)
            )
            self.message.setText(self.tr("The figures are on the clipboard: paste them into your conference notes."))

    # -- showing --------------------------------------------------------------------------------

    def _ready(self) -> bool:
        return self.observed is not None

    def _duration(self) -> float | None:
        return self.observed.recording.duration_s if self.observed else None

    def _show_controls(self) -> None:
        super()._show_controls()
        if self.sample is None:
            self.sample_label.setText(self.tr("The teacher's voice: not marked yet"))
        else:
            start, end = self.sample
            self.sample_label.setText(
                self.tr("The teacher's voice: {start}–{end}").format(start=clock_text(start), end=clock_text(end))
            )
        if hasattr(self, "copy_button"):  # the base panel shows its controls before this one has its button
            self.copy_button.setEnabled(self.result is not None and not self._measuring)

    def _figures_text(self, result: TalkResult | None) -> str:
        if result is None:
            return self.tr(
                "Mark the teacher's voice, then measure: the questions you coded count, at their moments in "
                "the recording. Nothing leaves this computer."
            )
        title = self.observed.observation.title if self.observed else ""
        return html.escape(conference_text(result, title, self.timed)).replace("\n", "<br>")
