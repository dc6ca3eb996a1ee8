"""Under the evidence player: the talk timeline of a measured recording and its figures in one line.

Hidden for recordings not yet measured (Talk Time… in the Edit menu measures them). It loads its
own figures through an op and follows `ops.changed`, so a measurement made elsewhere shows here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.talk import QuestionSource, StoredTalk
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import talk as talk_ops
from portfolio_app.ui.talk.talk_timeline import TalkTimeline


class TalkStrip(QWidget):
    seek_requested = Signal(float)  # seconds

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.evidence_id: str | None = None
        self.timeline = TalkTimeline()
        self.timeline.seek_requested.connect(self.seek_requested)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.timeline)
        layout.addWidget(self.summary)
        self.ops.changed.connect(self._on_ops_changed)
        self.hide()

    def show_evidence(self, evidence: Evidence | None) -> None:
        """Show the figures of `evidence` if it is a measured recording; otherwise hide."""
        timed = evidence is not None and evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO)
        self.evidence_id = evidence.id if timed else None
        self.hide()
        self._load()

    def set_position(self, seconds: float) -> None:
        self.timeline.set_position(seconds)

    def _load(self) -> None:
        if self.evidence_id is not None:
            talk_ops.load_talk(self.evidence_id).success(self._on_loaded).failure(lambda _e: None).run(self.ops, self)

    def _on_loaded(self, stored: StoredTalk | None) -> None:
        if stored is None or stored.evidence_id != self.evidence_id:
            return
        result = stored.result
        self.timeline.set_result(result)
        self.timeline.set_sample(result.teacher_sample)
        waits = ", ".join(f"{w.wait:.1f} s" for w in result.wait_times if w.wait is not None)
        coached = sum(1 for w in result.wait_times if w.source != QuestionSource.TEACHER)
        if waits and coached:
            waits += self.tr(" ({coached} of the questions coded by your coach)").format(coached=coached)
        self.summary.setText(
            self.tr("Talk time: you {teacher:.0%}, students {students:.0%}, silence {silence:.0%}").format(
                teacher=result.teacher_share, students=result.student_share, silence=result.silence_share
            )
            + (self.tr("; waits after questions: {waits}").format(waits=waits) if waits else "")
            + self.tr(" (an estimate: see Talk Time… for what it cannot tell)")
        )
        self.show()

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.talk:
            self._load()
