"""A coach's signed observation, read from its verified record: the whole lesson as lanes of coded events
(the observation room's timeline), the teacher's tagged moments shaded as a video's tags are, and the
coach's notes in order. Who was observed is not shown: a review is blind, and the teacher knows.

The reviewer sees it inside a bundle (review/evidence_preview.py); the teacher in the portfolio
(observation_evidence.py), where a click also plays the recording and tags the moment."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QListWidget, QScrollArea, QVBoxLayout, QWidget

from portfolio_app.core.carried_observation import CarriedObservation
from portfolio_app.core.observation import clock_text
from portfolio_app.core.talk import figures_text
from portfolio_app.ui.observation.timeline_lanes import LaneItem, TimelineLanes


class ObservationView(QWidget):
    moment_clicked = Signal(float)  # seconds into the observation, where the lanes were clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.observation: CarriedObservation | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.talk = QLabel()  # the coach's Talk Time on the recording, when it was measured and handed over
        self.talk.setWordWrap(True)
        self.talk.hide()
        self.lanes: TimelineLanes | None = None  # made per observation: its lanes are its scheme's codes
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(self.tr("Timeline of the coded events"))
        self.moment = QLabel()
        self.moment.setWordWrap(True)
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("The coach's notes in order"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.talk)
        layout.addWidget(self.scroll)
        layout.addWidget(self.moment)
        self.below = QVBoxLayout()  # what the teacher's side adds under the lanes: the recording, a Tag button
        self.below.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.below)
        layout.addWidget(QLabel(self.tr("<b>The coach's notes</b>")))
        layout.addWidget(self.notes, 1)

    def show_observation(self, observation: CarriedObservation, tagged: list[tuple[float, float]]) -> None:
        """Show the whole observation with the `tagged` ranges (seconds) shaded."""
        self.observation = observation
        self.heading.setText(
            self.tr(
                "<b>{title}</b> — {scheme}, observed by {observer}; {length}, {events} coded events. "
                "<small>Signed by the coach's key {key}…, checked again here.</small>"
            ).format(
                title=escape(observation.title),
                scheme=escape(observation.scheme.title),
                observer=escape(observation.observer or self.tr("a coach")),
                length=clock_text(observation.length_s),
                events=len(observation.events),
                key=observation.signer_fingerprint[:16],
            )
        )
        self.talk.setText(
            "<br>".join(
                self.tr(
                    "Talk time on the recording from {start}, as the coach measured it (an estimate): {figures}."
                ).format(start=clock_text(start), figures=escape(figures_text(figures)))
                for start, figures in observation.talk
            )
        )
        self.talk.setVisible(bool(observation.talk))
        lanes = TimelineLanes(observation.scheme)
        lanes.setAccessibleName(self.tr("Timeline of {title}").format(title=observation.title))
        lanes.set_items(
            [
                LaneItem(key, e.code_id, e.start_s, e.end_s, state=e.end_s is not None)
                for key, e in enumerate(observation.events)
            ],
            [at for at, _text in observation.notes],
        )
        lanes.show_whole(observation.length_s)
        lanes.set_highlights(tagged)
        lanes.moment_clicked.connect(self._on_lanes_moment_clicked)
        self.scroll.setWidget(lanes)  # the previous observation's lanes go with their scroll area
        self.scroll.setFixedHeight(min(lanes.minimumHeight(), 420) + 2 * self.scroll.frameWidth())
        self.lanes = lanes
        self.notes.clear()
        self.notes.addItems([f"{clock_text(at)}  {text}" for at, text in observation.notes])
        self._say_tagged(tagged)

    def set_tagged(self, tagged: list[tuple[float, float]]) -> None:
        """Shade these ranges (seconds) instead: the tags changed."""
        if self.lanes is not None:
            self.lanes.set_highlights(tagged)
            self._say_tagged(tagged)

    def _say_tagged(self, tagged: list[tuple[float, float]]) -> None:
        if tagged:
            self.moment.setText(
                self.tr("Shaded: the moment tagged, {start}–{end}.").format(
                    start=clock_text(tagged[0][0]), end=clock_text(tagged[0][1])
                )
            )
        else:
            self.moment.setText(self.tr("Click the lanes to see what was coded at a moment."))

    def _on_lanes_moment_clicked(self, seconds: float) -> None:
        """Say what was coded around the moment clicked, and the note nearest it."""
        if self.observation is None:
            return
        near = [
            e.code_id
            for e in self.observation.events
            if (e.end_s is not None and e.start_s <= seconds <= e.end_s) or abs(e.start_s - seconds) <= 3
        ]
        codes = ", ".join(dict.fromkeys(near)) or self.tr("nothing")
        self.moment.setText(self.tr("At {time}: {codes}.").format(time=clock_text(seconds), codes=codes))
        self.moment_clicked.emit(seconds)
