"""A live timeline with one lane per code: states as bars, points as ticks, interval ticks as cells,
notes as flags, the current moment as a line. Shows the last few minutes, following the clock."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from portfolio_app.core.scheme import Scheme

LANE_H = 15
LABEL_W = 70
SPAN_S = 600.0  # ten minutes in view
BAR = QColor("#2f6db5")
PENDING = QColor("#8fb3e0")  # shown at once on a key press, before the database has it
NOTE = QColor("#a4451b")
GRID = QColor("#d9dee6")


@dataclass(frozen=True)
class LaneItem:
    """What a lane draws: a stored event (key = its id) or one still being saved (key < 0)."""

    key: int
    code_id: str
    start_s: float
    end_s: float | None  # None: a point, or a state still on
    state: bool
    pending: bool = False


class TimelineLanes(QWidget):
    def __init__(self, scheme: Scheme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Timeline of coded events"))
        self.scheme = scheme
        self.items: dict[int, LaneItem] = {}
        self.notes: list[float] = []
        self.now_s = 0.0
        self.setMinimumHeight(LANE_H * (len(scheme.codes) + 2) + 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[LaneItem], notes: list[float]) -> None:
        self.items = {item.key: item for item in items}
        self.notes = list(notes)
        self.update()

    def put(self, item: LaneItem) -> None:
        self.items[item.key] = item
        self.update()

    def remove(self, key: int) -> None:
        self.items.pop(key, None)
        self.update()

    def add_note(self, at_s: float) -> None:
        self.notes.append(at_s)
        self.update()

    def set_now(self, seconds: float) -> None:
        self.now_s = seconds
        self.update()

    def view_start(self) -> float:
        return max(0.0, self.now_s - SPAN_S * 0.85)

    def x_of(self, seconds: float) -> float:
        width = max(self.width() - LABEL_W - 4, 1)
        return LABEL_W + width * (seconds - self.view_start()) / SPAN_S

    def lane_y(self, code_id: str) -> float:
        index = next(i for i, c in enumerate(self.scheme.codes) if c.id == code_id)
        return 2 + LANE_H * index

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        start = self.view_start()
        interval = self.scheme.interval_seconds
        painter.setPen(QPen(GRID))
        step = interval or 60
        first = int(start // step) * step
        for boundary in range(int(first), int(start + SPAN_S) + step, step):
            painter.drawLine(int(self.x_of(boundary)), 0, int(self.x_of(boundary)), self.height())
        font = painter.font()
        font.setPointSizeF(7.5)
        painter.setFont(font)
        for code in self.scheme.codes:
            y = self.lane_y(code.id)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(2, y, LABEL_W - 4, LANE_H), Qt.AlignmentFlag.AlignVCenter, f"{code.key}  {code.id}")
        for item in self.items.values():
            self._draw_item(painter, item)
        notes_y = 2 + LANE_H * len(self.scheme.codes)
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(2, notes_y, LABEL_W - 4, LANE_H), Qt.AlignmentFlag.AlignVCenter, self.tr("Notes"))
        painter.setPen(QPen(NOTE, 2))
        for at in self.notes:
            painter.drawLine(int(self.x_of(at)), int(notes_y + 2), int(self.x_of(at)), int(notes_y + LANE_H - 2))
        painter.setPen(QPen(QColor("#c0392b"), 1.5))
        painter.drawLine(int(self.x_of(self.now_s)), 0, int(self.x_of(self.now_s)), self.height())
        painter.end()

    def _draw_item(self, painter: QPainter, item: LaneItem) -> None:
        y = self.lane_y(item.code_id) + 2
        colour = PENDING if item.pending else BAR
        if item.end_s is None and not item.state:
            painter.setPen(QPen(colour, 2))
            painter.drawLine(int(self.x_of(item.start_s)), int(y), int(self.x_of(item.start_s)), int(y + LANE_H - 4))
            return
        end = item.end_s if item.end_s is not None else self.now_s
        left, right = self.x_of(item.start_s), self.x_of(max(end, item.start_s))
        painter.fillRect(QRectF(left, y, max(right - left, 2.0), LANE_H - 4), colour)
