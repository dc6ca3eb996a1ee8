"""The player's position bar, with the tagged ranges drawn under it and a range to drag out.

A click seeks to the point clicked and a plain drag moves the playhead; Shift+drag marks a range (as the I and O
keys do), which becomes a tag with "Tag…".
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget

from portfolio_app.ui import palette

TAG_COLOUR = palette.colour(palette.TAGGED, 110)
MARKED_COLOUR = palette.colour(palette.MARKED, 170)
BAND = 5  # height of the ranges drawn under the groove, in pixels


class Timeline(QSlider):
    range_marked = Signal(float, float)  # seconds, from a Shift+drag

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setMinimumHeight(28)
        self.tag_ranges: list[tuple[float, float]] = []  # seconds
        self.marked: tuple[float | None, float | None] = (None, None)
        self._drag_from: float | None = None

    def set_tag_ranges(self, ranges: list[tuple[float, float]]) -> None:
        self.tag_ranges = ranges
        self.update()

    def set_marked(self, start: float | None, end: float | None) -> None:
        self.marked = (start, end)
        self.update()

    def seconds_at(self, x: float) -> float:
        groove = self._groove()
        if groove.width() <= 0 or self.maximum() <= 0:
            return 0.0
        fraction = min(1.0, max(0.0, (x - groove.left()) / groove.width()))
        return fraction * self.maximum() / 1000

    def _groove(self) -> QRect:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        slider, groove = QStyle.ComplexControl.CC_Slider, QStyle.SubControl.SC_SliderGroove
        return self.style().subControlRect(slider, option, groove, self)

    def _handle(self) -> QRect:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        slider, handle = QStyle.ComplexControl.CC_Slider, QStyle.SubControl.SC_SliderHandle
        return self.style().subControlRect(slider, option, handle, self)

    def _x(self, seconds: float, groove: QRect) -> int:
        return groove.left() + round(groove.width() * min(1.0, seconds * 1000 / self.maximum()))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.maximum() <= 0:
            return
        groove = self._groove()
        painter = QPainter(self)
        top = self.height() - BAND
        for start, end in self.tag_ranges:
            left = self._x(start, groove)
            painter.fillRect(QRect(left, top, max(2, self._x(end, groove) - left), BAND), TAG_COLOUR)
        start, end = self.marked
        if start is not None:
            left = self._x(start, groove)
            right = self._x(end, groove) if end is not None else left + 2
            painter.fillRect(QRect(left, 0, max(2, right - left), BAND), MARKED_COLOUR)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = self.seconds_at(event.position().x())
            self.set_marked(self._drag_from, None)
            return
        if event.button() == Qt.MouseButton.LeftButton and not self._handle().contains(event.position().toPoint()):
            # a click seeks to the point clicked (a plain slider pages by 5 s); the handle is then
            # under the pointer, so the press below goes on as a drag
            self.setValue(round(self.seconds_at(event.position().x()) * 1000))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            here = self.seconds_at(event.position().x())
            self.set_marked(min(self._drag_from, here), max(self._drag_from, here))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            here = self.seconds_at(event.position().x())
            start, end = min(self._drag_from, here), max(self._drag_from, here)
            self._drag_from = None
            if end > start:
                self.set_marked(start, end)
                self.range_marked.emit(start, end)
            return
        super().mouseReleaseEvent(event)
