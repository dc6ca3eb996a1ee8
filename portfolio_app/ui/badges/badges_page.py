"""The Badges page: earned badges (picture, credential, evidence, dates), import and export, and stacks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.badges import IssuerStanding, ShelfBadge, StackStatus
from portfolio_app.core.changes import Changes
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.badges import BadgeView, badge_view, export_badge, import_badges, load_shelf

BADGE_SUFFIXES = (".json", ".png", ".svg", ".zip")  # a .zip: the feedback that earned a badge, with it
PICTURE = 192
ID_ROLE = Qt.ItemDataRole.UserRole


class BadgesPage(QWidget):
    """Badges on the shelf with the selected one's details; stacks underneath."""

    message = Signal(str)  # something to tell the teacher (imported, refused, written)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setAcceptDrops(True)
        self._badges: dict[str, tuple[ShelfBadge, IssuerStanding]] = {}
        self._evidence_names: dict[str, str] = {}  # evidence id -> what it is in this library
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Badges"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.import_button = QPushButton(self.tr("Import Badge…"))
        self.import_button.setToolTip(
            self.tr(
                "Add a badge (.png, .svg or .json) you were given, or the reviewer's feedback file (.zip) that came "
                "with it; it is verified first"
            )
        )
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the badge as .png, .svg or .json to upload it elsewhere"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.picture = QLabel()
        self.picture.setFixedSize(PICTURE, PICTURE)
        self.picture.setAccessibleName(self.tr("Badge picture"))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(self.tr("Badge details"))
        self.results = QLabel()
        self.results.setWordWrap(True)
        self.results.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results.setAccessibleName(self.tr("What was assessed, and the level reached"))
        self.evidence = QListWidget()
        self.evidence.setAccessibleName(self.tr("Evidence the badge names"))
        self.stacks = QTreeWidget()
        self.stacks.setHeaderLabels([self.tr("Stack"), self.tr("Progress")])
        self.stacks.setAccessibleName(self.tr("Stacks"))
        self.stacks.setRootIsDecorated(True)
        self.stacks.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.import_button)
        top = QHBoxLayout()
        top.addWidget(self.picture)
        text = QVBoxLayout()
        text.addWidget(self.details)
        text.addWidget(self.results)
        text.addStretch()
        top.addLayout(text, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(QLabel(self.tr("Evidence it names (by SHA-256; the files stay with you):")))
        right_layout.addWidget(self.evidence, 1)
        right_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignRight)
        shelf = QSplitter()
        shelf.addWidget(left)
        shelf.addWidget(right)
        shelf.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(shelf, 2)
        layout.addWidget(QLabel(self.tr("Stacks")))
        layout.addWidget(self.stacks, 1)
        self.ops.changed.connect(self._on_ops_changed)
        self._show(None)
        self.reload()

    # -- reading --------------------------------------------------------------------------------

    def reload(self) -> None:
        load_shelf().success(self._on_shelf_loaded).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.badges or changes.portfolios or changes.credentials or changes.trust:
            self.reload()

    def _on_shelf_loaded(self, shelf) -> None:
        current = self.current_badge_id()
        self._badges = {badge.id: (badge, standing) for badge, standing in shelf.badges}
        self._evidence_names = shelf.evidence_names
        self.list.clear()
        for badge, _standing in shelf.badges:
            item = QListWidgetItem(f"{badge.name}\n{badge.issuer_name} · {badge.valid_from[:10]}")
            item.setData(ID_ROLE, badge.id)
            self.list.addItem(item)
            if badge.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._show_stacks(shelf.stacks)
        if not self.list.count():
            self._show(None)

    def current_badge_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _on_list_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        self._show(self._badges.get(item.data(ID_ROLE)) if item else None)

    def _show(self, entry: tuple[ShelfBadge, IssuerStanding] | None) -> None:
        self.export_button.setEnabled(entry is not None)
        self.evidence.clear()
        self.picture.clear()
        self.results.clear()
        if entry is None:
            self.details.setText(
                self.tr(
                    "No badge yet. When you earn one, import the reviewer's feedback file (File ▸ Import Feedback…) "
                    "or drop it here: the badge comes with it. A badge file (.png, .svg, .json) is imported the "
                    "same way, or with Import Badge…."
                )
            )
            return
        badge, standing = entry
        until = self.tr(", valid until {0}").format(badge.valid_until[:10]) if badge.valid_until else ""
        issuer = badge.issuer_name or self.tr("an unnamed issuer")
        # a trust list's own words start with the organisation's name: not said twice
        who = standing.text if standing.named and standing.text.startswith(issuer) else f"{issuer} ({standing.text})"
        self.details.setText(
            self.tr("<b>{name}</b><br>Issued by {who}<br>Issued {start}{until}<br>Issuer key {key}").format(
                name=_html(badge.name),
                who=_html(who),
                start=badge.valid_from[:10],
                until=until,
                key=badge.issuer_fingerprint[:16] + "…",
            )
        )
        for item in badge.evidence:
            digest = item.id.rsplit(":", 1)[-1]
            known = self._evidence_names.get(item.id)
            shown = QListWidgetItem(f"{item.name} — {known}" if known else f"{item.name} — {digest[:16]}…")
            shown.setToolTip(self.tr("SHA-256 {0}").format(digest))
            self.evidence.addItem(shown)
        badge_view(badge.id).success(lambda view, badge_id=badge.id: self._on_view_loaded(badge_id, view)).run(
            self.ops, initiator=self
        )

    def _on_view_loaded(self, badge_id: str, view: BadgeView) -> None:
        if badge_id != self.current_badge_id():
            return
        self.picture.setPixmap(_pixmap(view.image, view.image_type))
        if view.results:
            rows = "".join(
                f"<tr><td>{_html(c)}</td><td>&nbsp;<b>{_html(level)}</b></td></tr>" for c, level in view.results
            )
            self.results.setText(self.tr("Assessed, and the level reached:") + f"<table>{rows}</table>")

    def _show_stacks(self, stacks) -> None:
        self.stacks.clear()
        labels = {
            StackStatus.EARNED: self.tr("earned"),
            StackStatus.IN_PROGRESS: self.tr("in progress"),
            StackStatus.NOT_STARTED: self.tr("not started"),
        }
        for progress in stacks:
            top = QTreeWidgetItem(
                [progress.stack.title, self.tr("{0} of {1} earned").format(progress.earned, len(progress.steps))]
            )
            for step in progress.steps:
                top.addChild(QTreeWidgetItem([step.title, labels[step.status]]))
            self.stacks.addTopLevelItem(top)
            top.setExpanded(True)

    # -- importing and exporting ----------------------------------------------------------------

    def import_files(self, paths: list[Path]) -> None:
        """Verify and import badge files; say what was refused and why."""
        import_badges(paths).success(self._on_imported).run(self.ops, initiator=self)

    def _on_imported(self, outcome) -> None:
        result = outcome.value
        lines = [self.tr("Imported: {0}").format(b.name) for b in result.imported]
        lines += [self.tr("Refused: {0}").format(reason) for _path, reason in result.failed]
        if result.imported:
            for row in range(self.list.count()):
                if self.list.item(row).data(ID_ROLE) == result.imported[-1].id:
                    self.list.setCurrentRow(row)
        self.message.emit("\n".join(lines))

    def export_current(self, target: Path) -> None:
        badge_id = self.current_badge_id()
        if badge_id is not None:
            export_badge(badge_id, target).success(
                lambda path: self.message.emit(self.tr("Badge written: {0}").format(path))
            ).run(self.ops, initiator=self)

    def _on_import_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import Badge"),
            "",
            self.tr("Badges, or feedback with a badge (*.png *.svg *.json *.zip)"),
        )
        if names:
            self.import_files([Path(n) for n in names])

    def _on_export_clicked(self) -> None:
        entry = self._badges.get(self.current_badge_id() or "")
        if entry is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Badge"),
            f"{entry[0].name}.png",
            self.tr("Badge image (*.png);;Badge image (*.svg);;Credential (*.json)"),
        )
        if name:
            self.export_current(Path(name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _badge_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _badge_files(event)
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)


def _badge_files(event) -> list[Path]:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in BADGE_SUFFIXES]


def _pixmap(data: bytes, kind: str) -> QPixmap:
    if kind == "svg":
        renderer = QSvgRenderer(QByteArray(data))
        image = QImage(PICTURE, PICTURE, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        return QPixmap.fromImage(image)
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap.scaled(
        PICTURE, PICTURE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
