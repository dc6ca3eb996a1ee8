"""A live timeline with one lane per code: states as bars, points as ticks, interval ticks as cells,
notes as flags, the current moment as a line. Shows the last ten minutes, following the clock.

Finished events never change, so they are drawn once onto a strip (a pixmap the length of the
observation) and each paint copies the slice in view; only what is still moving (a state that is
on, a press not yet stored) is drawn every time. An hour of 2,000 events paints as fast as a minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from portfolio_app.core.scheme import Scheme
from portfolio_app.ui import palette

LANE_H = 15
LABEL_W = 70
SPAN_S = 600.0  # ten minutes in view
AXIS_LABEL_PX = 40  # room for a time label under the lanes ("12:00")
BAR = QColor(palette.CODED)
PENDING = QColor(palette.CODED_PENDING)  # shown at once on a key press, before the database has it
NOTE = QColor(palette.OBSERVATION_NOTE)
GRID = QColor(palette.GRID)
HIGHLIGHT = palette.colour(palette.MARKED, 60)  # a tagged moment, as the player's position bar shades it


@dataclass(frozen=True)
class LaneItem:
    """What a lane draws: a stored event (key = its id) or one still being saved (key < 0)."""

    key: int
    code_id: str
    start_s: float
    end_s: float | None  # None: a point, or a state still on
    state: bool
    pending: bool = False

    @property
    def finished(self) -> bool:
        return not self.pending and not (self.state and self.end_s is None)


class TimelineLanes(QWidget):
    moment_clicked = Signal(float)  # seconds: where a click on the lanes points (plays the recording there)

    def __init__(self, scheme: Scheme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Timeline of coded events"))
        self.scheme = scheme
        self._lane = {code.id: index for index, code in enumerate(scheme.codes)}
        self.items: dict[int, LaneItem] = {}
        self._live: set[int] = set()  # keys of items drawn every paint (not on the strip)
        self._strip: QPixmap | None = None
        self._strip_scale = 0.0
        self._labels: QPixmap | None = None
        self._labels_for: tuple[int, float] = (0, 0.0)
        self._latest = 0.0  # the latest moment an item reaches: how long the strip must be
        self.notes: list[float] = []
        self.now_s = 0.0
        self.span_s = SPAN_S
        self.whole = False  # a finished observation shown from start to end, not following a clock
        self.highlights: list[tuple[float, float]] = []  # ranges drawn across every lane (a tag's moment)
        self._axis_font = self.font()
        self._axis_font.setPointSizeF(7.5)
        self.setMinimumHeight(LANE_H * (len(scheme.codes) + 2) + 4)  # the codes' lanes, the notes, the minutes
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # -- what is shown ------------------------------------------------------------------------

    def set_items(self, items: list[LaneItem], notes: list[float]) -> None:
        self.items = {item.key: item for item in items}
        self._live = {item.key for item in items if not item.finished}
        self.notes = list(notes)
        self._latest = max((i.end_s or i.start_s for i in items), default=0.0)
        self._strip = None
        self.update()

    def put(self, item: LaneItem) -> None:
        before = self.items.get(item.key)
        self.items[item.key] = item
        self._latest = max(self._latest, item.end_s or item.start_s)
        if before is not None and before.finished:
            self._strip = None  # a drawn event changed: draw the strip again (rare)
        if item.finished:
            self._live.discard(item.key)
            self._draw_on_strip(item)
        else:
            self._live.add(item.key)
        self.update()

    def remove(self, key: int) -> None:
        item = self.items.pop(key, None)
        self._live.discard(key)
        if item is not None and item.finished:
            self._strip = None
        self.update()

    def add_note(self, at_s: float) -> None:
        self.notes.append(at_s)
        self.update()

    def set_now(self, seconds: float) -> None:
        self.now_s = seconds
        self.update()

    def show_whole(self, length_s: float) -> None:
        """Show a finished observation from its start to its end (a reviewer's view, not a live one)."""
        self.whole = True
        self.span_s = max(length_s, 1.0) * 1.02
        self.now_s = length_s
        self._strip = None
        self.update()

    def set_highlights(self, ranges: list[tuple[float, float]]) -> None:
        """Shade these ranges (seconds) across every lane, as a video's tagged moments are shaded."""
        self.highlights = list(ranges)
        self.update()

    # -- geometry -----------------------------------------------------------------------------

    def scale(self) -> float:
        """Pixels per second."""
        return max(self.width() - LABEL_W - 4, 1) / self.span_s

    def view_start(self) -> float:
        return 0.0 if self.whole else max(0.0, self.now_s - self.span_s * 0.85)

    def x_of(self, seconds: float) -> float:
        return LABEL_W + self.scale() * (seconds - self.view_start())

    def lane_y(self, code_id: str) -> float:
        return 2 + LANE_H * self._lane[code_id]

    # -- the strip of finished events ---------------------------------------------------------

    def _strip_width(self, seconds: float) -> int:
        return math.ceil((seconds + self.span_s) * self.scale()) + 8

    def _ensure_strip(self) -> QPixmap:
        scale = self.scale()
        needed = max(self.now_s, self._latest)
        if self._strip is None or self._strip_scale != scale or self._strip.width() < needed * scale + 8:
            self._strip = QPixmap(self._strip_width(needed * 2 or self.span_s), self.height())
            self._strip.fill(Qt.GlobalColor.transparent)
            self._strip_scale = scale
            painter = QPainter(self._strip)
            for item in self.items.values():
                if item.finished:
                    self._draw(painter, item, 0.0, scale)
            painter.end()
        return self._strip

    def _draw_on_strip(self, item: LaneItem) -> None:
        if self._strip is None or self._strip_scale != self.scale():
            return  # drawn when the strip is next made
        if (item.end_s or item.start_s) * self._strip_scale + 8 >= self._strip.width():
            self._strip = None
            return
        painter = QPainter(self._strip)
        self._draw(painter, item, 0.0, self._strip_scale)
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        x = event.position().x()
        if x >= LABEL_W:
            self.moment_clicked.emit(max(0.0, self.view_start() + (x - LABEL_W) / self.scale()))

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        start, scale = self.view_start(), self.scale()
        painter.setPen(QPen(GRID))
        step = self.scheme.interval_seconds or 60
        for boundary in range(int(start // step) * step, int(start + self.span_s) + step, step):
            painter.drawLine(int(self.x_of(boundary)), 0, int(self.x_of(boundary)), self.height())
        for first, last in self.highlights:
            left = max(self.x_of(first), LABEL_W)
            painter.fillRect(QRectF(left, 0, max(self.x_of(last) - left, 2.0), self.height()), HIGHLIGHT)
        strip = self._ensure_strip()
        width = self.width() - LABEL_W
        painter.drawPixmap(
            QRectF(LABEL_W, 0, width, self.height()), strip, QRectF(start * scale, 0, width, self.height())
        )
        for key in self._live:
            self._draw(painter, self.items[key], start, scale, LABEL_W)
        self._draw_time_axis(painter, start, scale, step)
        painter.drawPixmap(0, 0, self._label_column())
        notes_y = 2 + LANE_H * len(self.scheme.codes)
        painter.setPen(QPen(NOTE, 2))
        for at in self.notes:
            if at >= start:
                painter.drawLine(int(self.x_of(at)), int(notes_y + 2), int(self.x_of(at)), int(notes_y + LANE_H - 2))
        if not self.whole:  # a finished observation has no "now"
            painter.setPen(QPen(QColor(palette.NOW_LINE), 1.5))
            painter.drawLine(int(self.x_of(self.now_s)), 0, int(self.x_of(self.now_s)), self.height())
        painter.end()

    def _draw_time_axis(self, painter: QPainter, start: float, scale: float, step: int) -> None:
        """Minutes under the lanes, on grid lines far enough apart for their labels (a few texts a frame)."""
        every = step * max(1, math.ceil(AXIS_LABEL_PX / max(step * scale, 1e-6)))
        y = 2 + LANE_H * (len(self.scheme.codes) + 1)
        painter.setFont(self._axis_font)
        painter.setPen(self.palette().placeholderText().color())
        for boundary in range(int(start // every) * every, int(start + self.span_s) + every, every):
            x = self.x_of(boundary)
            if x >= LABEL_W:
                where = QRectF(x + 2, y, AXIS_LABEL_PX, LANE_H)
                painter.drawText(where, Qt.AlignmentFlag.AlignVCenter, _minutes(boundary))

    def _label_column(self) -> QPixmap:
        # The lane names never change while coding: drawn once, not a dozen texts every frame.
        ratio = self.devicePixelRatioF()
        if self._labels is None or self._labels_for != (self.height(), ratio):
            self._labels_for = (self.height(), ratio)
            self._labels = QPixmap(math.ceil(LABEL_W * ratio), math.ceil(self.height() * ratio))
            self._labels.setDevicePixelRatio(ratio)  # sharp text on high-density screens
            self._labels.fill(self.palette().base().color())
            painter = QPainter(self._labels)
            font = painter.font()
            font.setPointSizeF(7.5)
            painter.setFont(font)
            painter.setPen(self.palette().text().color())
            for code in self.scheme.codes:
                rect = QRectF(2, self.lane_y(code.id), LABEL_W - 4, LANE_H)
                painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, f"{code.key}  {code.id}")
            notes_y = 2 + LANE_H * len(self.scheme.codes)
            painter.drawText(QRectF(2, notes_y, LABEL_W - 4, LANE_H), Qt.AlignmentFlag.AlignVCenter, self.tr("Notes"))
            painter.end()
        return self._labels

    def _draw(self, painter: QPainter, item: LaneItem, origin_s: float, scale: float, left: float = 0.0) -> None:
        y = self.lane_y(item.code_id) + 2
        colour = PENDING if item.pending else BAR
        x = left + (item.start_s - origin_s) * scale
        if item.end_s is None and not item.state:
            painter.setPen(QPen(colour, 2))
            painter.drawLine(int(x), int(y), int(x), int(y + LANE_H - 4))
            return
        end = item.end_s if item.end_s is not None else self.now_s
        painter.fillRect(QRectF(x, y, max((max(end, item.start_s) - item.start_s) * scale, 2.0), LANE_H - 4), colour)


def _minutes(seconds: int) -> str:
    """A time label under the lanes: minutes and seconds ("2:00", "12:30")."""
    return f"{seconds // 60}:{seconds % 60:02d}"
