"""The evidence list's model: one row per piece of evidence, thumbnails loaded when first shown.

Thumbnails are small JPEGs in the media store. They are decoded on a private one-thread pool
(a read of a file, never the database) and only for the rows a view asks to paint, so a
portfolio of 1,000 photos opens at once and scrolling never waits on the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPainter, QPen, QPixmap

from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui import palette
from portfolio_app.ui.item_roles import ID_ROLE, KIND_ROLE
from portfolio_app.ui.viewers.evidence_text import (
    description,
    kind_icon,
    kind_label,
    list_text,
    private_copy_text,
)

AnyIndex = QModelIndex | QPersistentModelIndex
ThumbnailOf = Callable[[Evidence], Path | None]

THUMBNAIL_SIZE = QSize(96, 72)
_CACHE_LIMIT = 1500  # pictures kept; each is THUMBNAIL_SIZE (about 27 kB)
_Role = Qt.ItemDataRole
_EDGE = palette.THUMBNAIL_EDGE


def _decode(path: Path, size: QSize) -> QImage:
    """The thumbnail at `path`, fitted and centred on a transparent canvas of `size` (any thread)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    found = reader.size()
    if found.isValid():
        reader.setScaledSize(found.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    picture = reader.read()
    if picture.isNull():
        return picture
    canvas = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(0)
    painter = QPainter(canvas)
    x, y = (size.width() - picture.width()) // 2, (size.height() - picture.height()) // 2
    painter.drawImage(x, y, picture)
    painter.setPen(QColor(_EDGE))  # a white page or a pale photo still shows where it ends
    painter.drawRect(x, y, picture.width() - 1, picture.height() - 1)
    painter.end()
    return canvas


def _kind_tile(kind: str, size: QSize) -> QIcon:
    """The kind's icon on a pale card of thumbnail size, so rows without a picture line up."""
    tile = QPixmap(size)
    tile.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(_EDGE))
    painter.setBrush(QColor(palette.SURFACE))
    painter.drawRoundedRect(0, 0, size.width() - 1, size.height() - 1, 4, 4)
    side = min(size.width(), size.height()) * 2 // 3
    kind_icon(kind).paint(painter, (size.width() - side) // 2, (size.height() - side) // 2, side, side)
    painter.end()
    return QIcon(tile)


def _with_badges(icon: QIcon, submitted: bool, private: bool) -> QIcon:
    """The picture with a green tick (goes into the submission) at its lower right, and a dark
    mask mark (a blurred or redacted copy) at its upper left."""
    tile = icon.pixmap(THUMBNAIL_SIZE)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = THUMBNAIL_SIZE.height() // 3
    if submitted:
        spot = QRect(tile.width() - side - 2, tile.height() - side - 2, side, side)
        painter.setPen(QPen(QColor("white"), 2))
        painter.setBrush(QColor(palette.PASSING))
        painter.drawEllipse(spot)
        painter.drawPolyline(
            [
                QPointF(spot.left() + side * 0.27, spot.top() + side * 0.52),
                QPointF(spot.left() + side * 0.44, spot.top() + side * 0.70),
                QPointF(spot.left() + side * 0.74, spot.top() + side * 0.32),
            ]
        )
    if private:
        spot = QRect(2, 2, side, side)
        painter.setPen(QPen(QColor("white"), 1))
        painter.setBrush(palette.colour(palette.BADGE_BACKGROUND, 220))
        painter.drawRoundedRect(spot, 3, 3)
        painter.setBrush(QColor("white"))
        for row in range(3):  # a few blocks, as a blurred or blacked-out patch looks
            for column in range(3):
                if (row + column) % 2 == 0:
                    cell = side // 5
                    painter.drawRect(spot.left() + cell * (column + 1), spot.top() + cell * (row + 1), cell, cell)
    painter.end()
    return QIcon(tile)


class _Relay(QObject):
    loaded = Signal(str, QImage)  # thumbnail hash, picture (null when unreadable)


class EvidenceListModel(QAbstractListModel):
    def __init__(self, thumbnail_of: ThumbnailOf, parent: QObject | None = None):
        super().__init__(parent)
        self._thumbnail_of = thumbnail_of
        self._rows: list[Evidence] = []
        self._row_of: dict[str, int] = {}
        self._icons: dict[str, QIcon] = {}  # by thumbnail hash
        self._loading: set[str] = set()
        self._unreadable: set[str] = set()
        self._kind_icons: dict[str, QIcon] = {}
        self._badged: dict[tuple[int, bool, bool], QIcon] = {}  # pictures with their marks
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.loaded.connect(self._on_relay_loaded)

    # -- contents ---------------------------------------------------------------------------

    def set_evidence(self, items: list[Evidence]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._row_of = {e.id: row for row, e in enumerate(self._rows)}
        self.endResetModel()

    def add(self, items: list[Evidence]) -> None:
        """Append evidence not yet in the list (one insertion for the lot)."""
        new = [e for e in dict.fromkeys(items) if e.id not in self._row_of]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for row, evidence in enumerate(new, start=first):
            self._rows.append(evidence)
            self._row_of[evidence.id] = row
        self.endInsertRows()

    def evidence(self, row: int) -> Evidence | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def evidence_by_id(self, evidence_id: str) -> Evidence | None:
        row = self._row_of.get(evidence_id)
        return None if row is None else self._rows[row]

    def index_of(self, evidence_id: str) -> QModelIndex:
        row = self._row_of.get(evidence_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def ids(self) -> list[str]:
        return [e.id for e in self._rows]

    def thumbnail_loaded(self, evidence_id: str) -> bool:
        """True once the row shows its picture (for tests and the benchmark)."""
        evidence = self.evidence_by_id(evidence_id)
        return evidence is not None and evidence.thumbnail in self._icons

    def wait_for_thumbnails(self) -> None:
        self._pool.waitForDone()

    # -- Qt's model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = _Role.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        evidence = self._rows[index.row()]
        if role == _Role.DisplayRole:
            return list_text(evidence)
        if role == _Role.DecorationRole:
            return self._decoration(evidence)
        if role == _Role.ToolTipRole:
            return f"{evidence.title}\n{description(evidence)}"
        if role == _Role.AccessibleTextRole:
            return list_text(evidence).replace("\n", ", ")
        if role == _Role.EditRole:
            return evidence.title
        if role == ID_ROLE:
            return evidence.id
        if role == KIND_ROLE:
            return str(evidence.kind)
        return None

    # -- thumbnails -------------------------------------------------------------------------

    def _decoration(self, evidence: Evidence) -> QIcon:
        base = self._picture(evidence)
        submitted, private = bool(evidence.requirement_id), bool(private_copy_text(evidence))
        if not (submitted or private):
            return base
        key = (base.cacheKey(), submitted, private)
        if key not in self._badged:
            if len(self._badged) >= _CACHE_LIMIT:
                self._badged.clear()
            self._badged[key] = _with_badges(base, submitted, private)
        return self._badged[key]

    def _picture(self, evidence: Evidence) -> QIcon:
        key = evidence.thumbnail
        if key is not None:
            icon = self._icons.get(key)
            if icon is not None:
                return icon
            if key not in self._loading and key not in self._unreadable:
                path = self._thumbnail_of(evidence)
                if path is not None:
                    self._loading.add(key)
                    relay = self._relay
                    self._pool.start(lambda: relay.loaded.emit(key, _decode(path, THUMBNAIL_SIZE)))
        kind = str(evidence.kind)
        if kind not in self._kind_icons:
            self._kind_icons[kind] = _kind_tile(kind, THUMBNAIL_SIZE)
        return self._kind_icons[kind]

    def _on_relay_loaded(self, key: str, picture: QImage) -> None:
        self._loading.discard(key)
        if picture.isNull():
            self._unreadable.add(key)  # the kind's icon stays
            return
        if len(self._icons) >= _CACHE_LIMIT:
            for old in list(self._icons)[: _CACHE_LIMIT // 4]:  # oldest first: dicts keep order
                del self._icons[old]
        self._icons[key] = QIcon(QPixmap.fromImage(picture))
        for row, evidence in enumerate(self._rows):
            if evidence.thumbnail == key:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [_Role.DecorationRole])


__all__ = ["EvidenceListModel", "THUMBNAIL_SIZE", "kind_icon", "kind_label"]
