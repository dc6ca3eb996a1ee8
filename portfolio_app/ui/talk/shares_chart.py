"""The shares of a lesson as one stacked bar: teacher talk, student talk, silence, each with its percentage."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from portfolio_app.core.talk import Speaker, TalkResult
from portfolio_app.ui.talk.talk_timeline import COLOURS, SILENCE


class SharesChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(30)
        self.setAccessibleName(self.tr("Talk shares"))
        self.shares: list[tuple[str, float, QColor]] = []
        self.teacher_label = self.tr("You")  # the teacher reads their own lesson; a coach's panel says "Teacher"

    def sizeHint(self) -> QSize:
        return QSize(320, 30)

    def set_result(self, result: TalkResult | None) -> None:
        if result is None:
            self.shares = []
        else:
            self.shares = [
                (self.teacher_label, result.teacher_share, COLOURS[Speaker.TEACHER]),
                (self.tr("Students"), result.student_share, COLOURS[Speaker.STUDENT]),
                (self.tr("Silence"), result.silence_share, SILENCE),
            ]
        text = ", ".join(f"{label} {share:.0%}" for label, share, _ in self.shares)
        self.setAccessibleDescription(text or self.tr("Not measured yet."))
        self.setToolTip(text)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        left = 0.0
        for label, share, colour in self.shares:
            width = share * self.width()
            box = QRectF(left, 0, width, self.height())
            painter.fillRect(box, colour)
            painter.setPen(Qt.GlobalColor.black if colour == SILENCE else Qt.GlobalColor.white)
            text = f"{label} {share:.0%}"
            if painter.fontMetrics().horizontalAdvance(text) < width - 4:
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            left += width
