"""A picture on which the teacher drags a rectangle: crop a photo, tag or redact a region.

The chosen rectangle is `box`, (x, y, w, h) in fractions (0-1) of the picture, so it does not
depend on how large the picture is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QLabel, QRubberBand, QWidget

Box = tuple[float, float, float, float]
MIN_PIXELS = 4  # a click without a drag chooses nothing
FIT = (900, 640)  # the largest the picture is shown, in pixels


class RegionPicker(QLabel):
    box_changed = Signal(object)  # Box | None

    def __init__(self, image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.set_image(image)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.band = QRubberBand(QRubberBand.Shape.Rectangle, self)
        self._origin = QPoint()
        self.box: Box | None = None

    def set_image(self, image: QImage) -> None:
        """Show another picture (another page), keeping the rectangle's place in fractions."""
        self._pixmap = QPixmap.fromImage(image).scaled(QSize(*FIT), aspectMode=Qt.AspectRatioMode.KeepAspectRatio)
        self.setPixmap(self._pixmap)
        self.setFixedSize(self._pixmap.size())
        if hasattr(self, "band"):
            self.set_box(self.box)

    def select(self, rect: QRect) -> None:
        """Choose a rectangle in the shown picture's pixels (also what a mouse drag does)."""
        rect = rect.normalized().intersected(self.rect())
        self.band.setGeometry(rect)
        self.band.show()
        width, height = self._pixmap.width(), self._pixmap.height()
        if rect.width() < MIN_PIXELS or rect.height() < MIN_PIXELS:
            self.box = None
        else:
            self.box = (rect.x() / width, rect.y() / height, rect.width() / width, rect.height() / height)
        self.box_changed.emit(self.box)

    def set_box(self, box: Box | None) -> None:
        """Show a rectangle given in fractions (an existing tag's region)."""
        if box is None:
            self.band.hide()
            self.box = None
            return
        width, height = self._pixmap.width(), self._pixmap.height()
        x, y, w, h = box
        self.band.setGeometry(QRect(round(x * width), round(y * height), round(w * width), round(h * height)))
        self.band.show()
        self.box = box

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._origin = event.position().toPoint()
        self.select(QRect(self._origin, QSize()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.select(QRect(self._origin, event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.select(QRect(self._origin, event.position().toPoint()))
