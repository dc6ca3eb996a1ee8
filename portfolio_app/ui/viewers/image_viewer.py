"""Shows a photo: fit to the window, zoom (buttons, Ctrl+wheel, Ctrl++/Ctrl+-/Ctrl+0), turn the view.

Turning here only changes the view; saved rotations and crops are edits, made elsewhere. The
photo is shown upright as its EXIF orientation says, and decoded off the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage, QImageReader, QKeySequence, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.ui import palette
from portfolio_app.ui.viewers.background_reader import BackgroundReader

ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.02, 32.0


def read_image(path: Path) -> QImage:
    """The picture upright (EXIF orientation applied); a null QImage when Qt cannot read it."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    return reader.read()


class _PhotoView(QGraphicsView):
    """Zooms with Ctrl+wheel around the mouse; a plain wheel scrolls as usual."""

    def __init__(self, owner: ImageViewer):
        super().__init__()
        self._owner = owner

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
                self._owner.zoom_by(ZOOM_STEP**steps)
                self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._owner.fitting:
            self._owner.fit()


class ImageViewer(QWidget):
    def __init__(self, reader: BackgroundReader, parent: QWidget | None = None):
        super().__init__(parent)
        self._reader = reader
        self._request = 0
        self._rotation = 0
        self.scale = 1.0
        self.fitting = True
        self._regions: list[tuple[float, float, float, float]] = []  # tagged regions, fractions of the photo
        self._current_region: int | None = None
        self._region_items: list = []
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = _PhotoView(self)
        self.view.setScene(self.scene)
        self.view.setAccessibleName(self.tr("Photo"))
        self.view.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(48)

        keys = QKeySequence.StandardKey
        zoom_in, zoom_out = lambda: self.zoom_by(ZOOM_STEP), lambda: self.zoom_by(1 / ZOOM_STEP)
        self.zoom_out_action = self._action(self.tr("Zoom Out"), "−", [keys.ZoomOut], zoom_out)
        self.zoom_in_action = self._action(self.tr("Zoom In"), "+", [keys.ZoomIn, "Ctrl+="], zoom_in)
        self.fit_action = self._action(self.tr("Fit to Window"), self.tr("Fit"), ["Ctrl+0"], self.fit)
        self.actual_size_action = self._action(self.tr("Actual Size"), "1:1", [], lambda: self.zoom_to(1.0))
        self.rotate_left_action = self._action(self.tr("Turn Left"), "↺", [], lambda: self.rotate_view(-90))
        self.rotate_right_action = self._action(self.tr("Turn Right"), "↻", [], lambda: self.rotate_view(90))
        self.rotate_left_action.setToolTip(self.tr("Turn the view left (the file is not changed)"))
        self.rotate_right_action.setToolTip(self.tr("Turn the view right (the file is not changed)"))

        tools = QHBoxLayout()
        for action in (
            self.zoom_out_action,
            self.zoom_in_action,
            self.fit_action,
            self.actual_size_action,
            self.rotate_left_action,
            self.rotate_right_action,
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(action.text())
            tools.addWidget(button)
        tools.addWidget(self.zoom_label)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)

    def _action(self, text: str, label: str, keys: list, slot) -> QAction:
        """`text` names the action (tooltip, screen readers); `label` is the button's short face."""
        action = QAction(text, self)
        action.setIconText(label)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(text)
        if keys:
            action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- what to show -----------------------------------------------------------------------

    def load(self, path: Path, fallback: Path | None = None) -> None:
        """Show the photo at `path`; when Qt cannot decode it (HEIC), the JPEG preview `fallback`."""

        def work() -> tuple[QImage, bool]:
            picture = read_image(path)
            if picture.isNull() and fallback is not None:
                return read_image(fallback), True
            return picture, False

        self._load(work)

    def load_picture(self, render: Callable[[], QImage]) -> None:
        """Show the picture `render()` makes off the GUI thread (e.g. one page of a PDF)."""
        self._load(lambda: (render(), False))

    def _load(self, work: Callable[[], tuple[QImage, bool]]) -> None:
        self._request += 1
        request = self._request
        self.item.setPixmap(QPixmap())
        self.note.hide()
        self._rotation = 0
        self.fitting = True
        self._reader.read(work, lambda result: self._on_read(request, *result), lambda exc: self._on_failed(request))

    def clear(self) -> None:
        self._request += 1
        self.item.setPixmap(QPixmap())
        self.set_regions([])

    # -- tagged regions ---------------------------------------------------------------------

    def set_regions(self, boxes: list[tuple[float, float, float, float]], current: int | None = None) -> None:
        """Outline tagged regions (fractions of the photo); `current` is drawn stronger."""
        self._regions = list(boxes)
        self._current_region = current
        self._draw_regions()

    def show_region(self, box: tuple[float, float, float, float]) -> None:
        """Outline one region strongly and bring it into view."""
        boxes = list(self._regions)
        if box not in boxes:
            boxes.append(box)
        self.set_regions(boxes, boxes.index(box))
        if self._region_items and self.loaded:
            self.view.ensureVisible(self._region_items[boxes.index(box)], 40, 40)

    def _draw_regions(self) -> None:
        from PySide6.QtGui import QColor, QPen
        from PySide6.QtWidgets import QGraphicsRectItem

        for old in self._region_items:
            self.scene.removeItem(old)
        self._region_items = []
        size = self.item.pixmap().size()
        if size.isEmpty():
            return
        for index, (x, y, w, h) in enumerate(self._regions):
            strong = index == self._current_region
            box = QGraphicsRectItem(x * size.width(), y * size.height(), w * size.width(), h * size.height(), self.item)
            pen = QPen(QColor(palette.MARKED if strong else palette.TAGGED), 4 if strong else 2)
            pen.setCosmetic(True)  # the same width at every zoom
            box.setPen(pen)
            box.setBrush(palette.colour(palette.MARKED, 40 if strong else 0))
            self._region_items.append(box)

    @property
    def loaded(self) -> bool:
        return not self.item.pixmap().isNull()

    def _on_read(self, request: int, picture: QImage, from_preview: bool) -> None:
        if request != self._request:
            return  # another photo was chosen meanwhile
        if picture.isNull():
            self._on_failed(request)
            return
        self.item.setPixmap(QPixmap.fromImage(picture))
        self.scene.setSceneRect(self.item.boundingRect())
        self._draw_regions()
        if from_preview:
            self.note.setText(
                self.tr("Shown from its small preview: this kind of photo (HEIC) cannot be shown full size here.")
            )
            self.note.show()
        self.fit()

    def _on_failed(self, request: int) -> None:
        if request == self._request:
            self.note.setText(self.tr("This picture cannot be shown here."))
            self.note.show()

    # -- zoom and turn ----------------------------------------------------------------------

    def fit(self) -> None:
        self.fitting = True
        if self.item.pixmap().isNull():
            return
        self.view.setTransform(QTransform().rotate(self._rotation))
        self.view.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        transform = self.view.transform()
        self.scale = math.hypot(transform.m11(), transform.m12())
        self._show_zoom()

    def zoom_by(self, factor: float) -> None:
        self.zoom_to(self.scale * factor)

    def zoom_to(self, scale: float) -> None:
        self.fitting = False
        self.scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        self.view.setTransform(QTransform().rotate(self._rotation).scale(self.scale, self.scale))
        self._show_zoom()

    def rotate_view(self, degrees: int) -> None:
        self._rotation = (self._rotation + degrees) % 360
        if self.fitting:
            self.fit()
        else:
            self.zoom_to(self.scale)

    @property
    def rotation(self) -> int:
        return self._rotation

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.scale * 100)} %")
