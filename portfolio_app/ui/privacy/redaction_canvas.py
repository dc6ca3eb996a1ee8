"""A picture or PDF page on which the teacher drags boxes that are shown filled black.

Boxes are (x, y, w, h) in fractions (0-1) of the picture, so they do not depend on how large
it is shown. The canvas only shows boxes and reports what the mouse did; the dialog owns the
boxes (and their undo).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from portfolio_app.ui import palette

Box = tuple[float, float, float, float]
MIN_PIXELS = 4  # a click without a drag draws nothing (it selects the box under it)
FIT = QSize(900, 640)  # the largest the picture is shown, in pixels
SELECTED = QColor(palette.HIGHLIGHT)


class RedactionCanvas(QWidget):
    drawn = Signal(object)  # Box: the teacher dragged a new box
    clicked = Signal(object)  # int | None: the index of the box clicked, None for none

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.boxes: list[Box] = []
        self.selected: int | None = None
        self._origin: QPoint | None = None
        self._dragged = QRect()
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_image(self, image: QImage) -> None:
        """Show a picture (a photo or one page), as large as fits."""
        self._pixmap = QPixmap.fromImage(image).scaled(FIT, Qt.AspectRatioMode.KeepAspectRatio)
        self.setFixedSize(self._pixmap.size())
        self.update()

    def show_boxes(self, boxes: list[Box], selected: int | None = None) -> None:
        self.boxes, self.selected = list(boxes), selected
        self.update()

    def to_box(self, rect: QRect) -> Box | None:
        """A rectangle in the shown picture's pixels as fractions; None when it is too small."""
        rect = rect.normalized().intersected(self.rect())
        if rect.width() < MIN_PIXELS or rect.height() < MIN_PIXELS:
            return None
        width, height = self.width(), self.height()
        x, y = rect.x() / width, rect.y() / height
        return (x, y, min(rect.width() / width, 1 - x), min(rect.height() / height, 1 - y))

    def box_rect(self, box: Box) -> QRectF:
        x, y, w, h = box
        return QRectF(x * self.width(), y * self.height(), w * self.width(), h * self.height())

    def box_at(self, point: QPoint) -> int | None:
        """The topmost box under `point`, if any."""
        for index in range(len(self.boxes) - 1, -1, -1):
            if self.box_rect(self.boxes[index]).contains(point.toPointF()):
                return index
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        for index, box in enumerate(self.boxes):
            painter.fillRect(self.box_rect(box), Qt.GlobalColor.black)
            if index == self.selected:
                painter.setPen(QPen(SELECTED, 3))
                painter.drawRect(self.box_rect(box))
        if self._origin is not None and not self._dragged.isEmpty():
            painter.fillRect(self._dragged, palette.colour(palette.PREVIEW_FRAME, 160))
            painter.setPen(QPen(SELECTED, 1, Qt.PenStyle.DashLine))
            painter.drawRect(self._dragged)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._origin = event.position().toPoint()
        self._dragged = QRect()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._origin is not None:
            self._dragged = QRect(self._origin, event.position().toPoint()).normalized().intersected(self.rect())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._origin is None:
            return
        origin, self._origin = self._origin, None
        self._dragged = QRect()
        self.update()
        box = self.to_box(QRect(origin, event.position().toPoint()))
        if box is None:
            self.clicked.emit(self.box_at(origin))
        else:
            self.drawn.emit(box)
