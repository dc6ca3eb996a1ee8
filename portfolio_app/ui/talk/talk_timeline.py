"""The talk timeline under the player: teacher, students and silence as bands, questions and their waits
as marks; a click asks the player to go there."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from portfolio_app.core.talk import (
    WAIT_LINE_S,
    QuestionSource,
    Speaker,
    TalkResult,
    TalkSegment,
    WaitTime,
    clock_text,
)
from portfolio_app.ui import palette

COLOURS = {
    Speaker.TEACHER: QColor(palette.TALK_TEACHER),
    Speaker.STUDENT: QColor(palette.TALK_STUDENT),
}
SILENCE = QColor(palette.SILENCE)
SAMPLE = palette.colour(palette.TALK_TEACHER, 60)
LONG_WAIT = QColor(palette.LONG_WAIT)  # a wait of 3 s or more
SHORT_WAIT = QColor(palette.SHORT_WAIT)
UNSURE_ALPHA = 110  # a segment the method is unsure of (confidence under 0.7) is drawn paler


class TalkTimeline(QWidget):
    seek_requested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(52)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Talk timeline"))
        self.setToolTip(
            self.tr(
                "Blue: you. Orange: students. Grey: silence. ▼ a question you marked, ◆ one your coach coded "
                "(▼ with a dot: both). Click to play from there."
            )
        )
        self.result: TalkResult | None = None
        self.duration = 0.0
        self.sample: tuple[float, float] | None = None
        self.position = 0.0

    def set_result(self, result: TalkResult | None, duration: float | None = None) -> None:
        self.result = result
        self.duration = result.duration if result else (duration or 0.0)
        self._describe()
        self.update()

    def set_duration(self, duration: float) -> None:
        if self.result is None:
            self.duration = duration
            self.update()

    def set_sample(self, sample: tuple[float, float] | None) -> None:
        self.sample = sample
        self.update()

    def set_position(self, seconds: float) -> None:
        self.position = seconds
        self.update()

    def seconds_at(self, x: float) -> float:
        if self.duration <= 0 or self.width() <= 0:
            return 0.0
        return min(1.0, max(0.0, x / self.width())) * self.duration

    def x_of(self, seconds: float) -> float:
        return 0.0 if self.duration <= 0 else seconds / self.duration * self.width()

    def segment_at(self, seconds: float) -> TalkSegment | None:
        if self.result is None:
            return None
        return next((s for s in self.result.segments if s.start <= seconds <= s.end), None)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        band = QRectF(0, 18, self.width(), self.height() - 22)
        painter.fillRect(band, SILENCE)
        if self.duration <= 0:
            return
        if self.sample:
            left, right = self.x_of(self.sample[0]), self.x_of(self.sample[1])
            painter.fillRect(QRectF(left, 0, max(1.0, right - left), self.height()), SAMPLE)
        if self.result:
            for segment in self.result.segments:
                colour = QColor(COLOURS[segment.speaker])
                if segment.confidence < 0.7:
                    colour.setAlpha(UNSURE_ALPHA)
                left, right = self.x_of(segment.start), self.x_of(segment.end)
                painter.fillRect(QRectF(left, band.top(), max(1.0, right - left), band.height()), colour)
            self._paint_waits(painter, band)
        painter.setPen(QPen(self.palette().text().color(), 1))
        x = self.x_of(self.position)
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def _paint_waits(self, painter: QPainter, band: QRectF) -> None:
        assert self.result is not None
        for wait in self.result.wait_times:
            x = self.x_of(wait.question_at)
            colour = SHORT_WAIT if wait.wait is None or wait.wait < WAIT_LINE_S else LONG_WAIT
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            if wait.source == QuestionSource.COACH:  # the coach's: a diamond, told apart without colour
                painter.drawPolygon(QPolygonF([QPointF(x, 1), QPointF(x + 5, 7), QPointF(x, 13), QPointF(x - 5, 7)]))
            else:
                painter.drawPolygon(QPolygonF([QPointF(x - 5, 2), QPointF(x + 5, 2), QPointF(x, 12)]))
            if wait.source == QuestionSource.BOTH:
                painter.setBrush(QColor("white"))
                painter.drawEllipse(QPointF(x, 5), 1.8, 1.8)
            if wait.wait is not None and wait.question_end is not None:
                left, right = self.x_of(wait.question_end), self.x_of(wait.question_end + wait.wait)
                painter.fillRect(QRectF(left, band.bottom() - 4, max(1.0, right - left), 4), colour)
                painter.setPen(colour)
                painter.drawText(QPointF(x + 6, 12), f"{wait.wait:.1f} s")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.duration > 0:
            self.seek_requested.emit(self.seconds_at(event.position().x()))
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            wait = self.wait_at(event.pos().x()) if event.pos().y() < 16 else None
            if wait is not None:
                QToolTip.showText(event.globalPos(), self._wait_text(wait), self)
                return True
            segment = self.segment_at(self.seconds_at(event.pos().x()))
            if segment is not None:
                QToolTip.showText(event.globalPos(), self._segment_text(segment), self)
                return True
        return super().event(event)

    def wait_at(self, x: float) -> WaitTime | None:
        """The question mark drawn at `x` (within its half-width), if any."""
        if self.result is None:
            return None
        near = [w for w in self.result.wait_times if abs(self.x_of(w.question_at) - x) <= 6]
        return min(near, key=lambda w: abs(self.x_of(w.question_at) - x), default=None)

    def _wait_text(self, wait: WaitTime) -> str:
        who = {
            QuestionSource.TEACHER: self.tr("marked by you"),
            QuestionSource.COACH: self.tr("coded by your coach ({code})").format(code=wait.code),
            QuestionSource.BOTH: self.tr("marked by you and coded by your coach ({code})").format(code=wait.code),
        }[wait.source]
        waited = (
            self.tr("waited {wait:.1f} s").format(wait=wait.wait)
            if wait.wait is not None
            else self.tr("no wait measured: no teacher talk ends there, or nobody spoke after")
        )
        return self.tr("Question at {at}, {who}: {waited}").format(
            at=clock_text(wait.question_at), who=who, waited=waited
        )

    def _segment_text(self, segment: TalkSegment) -> str:
        who = self.tr("You (the teacher)") if segment.speaker == Speaker.TEACHER else self.tr("Students")
        return self.tr("{who}, {start:.1f}–{end:.1f} s (confidence {confidence:.0%})").format(
            who=who, start=segment.start, end=segment.end, confidence=segment.confidence
        )

    def _describe(self) -> None:
        """The figures as the accessible description: a screen reader cannot see the bands."""
        if self.result is None:
            self.setAccessibleDescription(self.tr("Not measured yet."))
            return
        waits = ", ".join(f"{w.wait:.1f} s" for w in self.result.wait_times if w.wait is not None)
        self.setAccessibleDescription(
            self.tr("{segments} stretches of speech; waits after questions: {waits}").format(
                segments=len(self.result.segments), waits=waits or self.tr("none marked")
            )
        )
