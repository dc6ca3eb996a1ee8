"""The face review's picture: the frame (or photo) with each face's box, and a box to drag around a missed face."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from portfolio_app.ui import palette
from portfolio_app.ui.viewers.region_picker import Box, RegionPicker

BLUR_COLOUR = QColor(palette.FACE_BLURRED)
KEEP_COLOUR = QColor(palette.FACE_KEPT)


class FaceCanvas(RegionPicker):
    """Faces are drawn as boxes (red: to blur, green: kept), numbered as in the list; dragging draws a new box."""

    def __init__(self, image, parent: QWidget | None = None):
        super().__init__(image, parent)
        self.faces: list[tuple[int, Box, bool]] = []  # (number shown, box in fractions, kept)
        self.setAccessibleName(self.tr("Picture with the faces found: drag a box around a face that was missed"))

    def set_faces(self, faces: list[tuple[int, Box, bool]]) -> None:
        """Show these boxes: (the face's number in the list, box in fractions of the picture, kept)."""
        self.faces = faces
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.faces:
            return
        width, height = self.pixmap().width(), self.pixmap().height()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for number, (x, y, w, h), kept in self.faces:
            colour = KEEP_COLOUR if kept else BLUR_COLOUR
            rect = QRectF(x * width, y * height, w * width, h * height)
            painter.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine if kept else Qt.PenStyle.DashLine))
            fill = QColor(colour)
            fill.setAlpha(0 if kept else 50)
            painter.setBrush(fill)
            painter.drawRect(rect)
            painter.fillRect(QRectF(rect.x(), rect.y() - 16, 22, 16), colour)
            painter.setPen(Qt.GlobalColor.white)
            painter.drawText(QRectF(rect.x(), rect.y() - 16, 22, 16), Qt.AlignmentFlag.AlignCenter, str(number))
        painter.end()
