"""The observed class as a seating chart: drag a student to where they sit; tap one, then press a
code's key, and the contribution is logged for that student (EQUIP's way of tracking participation)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation

TILE_W, TILE_H = 86, 34
SELECTED = QColor(palette.CODED)


class SeatingChart(QWidget):
    student_selected = Signal(object)  # the student's id, or None

    def __init__(self, ops: Operations, observation_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.observation_id = observation_id
        self.seats: list = []  # services.observations.Seat values
        self.counts: Counter = Counter()  # contributions per student id
        self.selected: str | None = None
        self._dragging: str | None = None
        self._moved = False
        self.setAccessibleName(self.tr("Seating chart"))
        self.setMinimumSize(420, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        ops_observation.seating(observation_id).success(self._on_seating_loaded).run(ops, initiator=self)

    def _on_seating_loaded(self, seats) -> None:
        self.seats = list(seats)
        self.setAccessibleDescription(", ".join(s.name for s in self.seats))
        self.update()

    def count(self, student_id: str) -> None:
        self.counts[student_id] += 1
        self.update()

    def set_counts(self, counts: Counter) -> None:
        """Contributions already coded (an observation continued later shows what it holds)."""
        self.counts = Counter(counts)
        self.update()

    def tile(self, seat) -> QRectF:
        x = seat.x * max(self.width() - TILE_W, 1)
        y = seat.y * max(self.height() - TILE_H, 1)
        return QRectF(x, y, TILE_W, TILE_H)

    def seat_at(self, point: QPointF):
        return next((s for s in reversed(self.seats) if self.tile(s).contains(point)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        seat = self.seat_at(event.position())
        self._dragging = seat.student_id if seat else None
        self._moved = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._dragging is None:
            return
        self._moved = True
        x = (event.position().x() - TILE_W / 2) / max(self.width() - TILE_W, 1)
        y = (event.position().y() - TILE_H / 2) / max(self.height() - TILE_H, 1)
        self.seats = [_moved(s, x, y) if s.student_id == self._dragging else s for s in self.seats]
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        student, self._dragging = self._dragging, None
        if student is None:
            self.select(None)
            return
        if self._moved:
            seat = next(s for s in self.seats if s.student_id == student)
            ops_observation.place(self.observation_id, student, seat.x, seat.y).success(self._on_placed).run(
                self.ops, initiator=self
            )
        else:  # a tap: this student's contribution is what the next code key logs
            self.select(None if self.selected == student else student)

    def _on_placed(self, outcome) -> None:
        seat = outcome.value
        self.seats = [seat if s.student_id == seat.student_id else s for s in self.seats]
        self.update()

    def select(self, student_id: str | None) -> None:
        self.selected = student_id
        self.student_selected.emit(student_id)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        for seat in self.seats:
            rect = self.tile(seat)
            chosen = seat.student_id == self.selected
            painter.setPen(QPen(SELECTED if chosen else self.palette().mid().color(), 2 if chosen else 1))
            painter.setBrush(QColor(palette.SEAT_CHOSEN_BACKGROUND) if chosen else self.palette().button())
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(self.palette().text().color())
            text = f"{seat.name}  ·  {self.counts[seat.student_id]}"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


def _moved(seat, x: float, y: float):
    from dataclasses import replace

    return replace(seat, x=min(max(x, 0.0), 1.0), y=min(max(y, 0.0), 1.0))
