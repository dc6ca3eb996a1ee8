"""The Edit menu of a piece of evidence: trim, compress, rotate, crop, blur faces, redact, copy without location.

Every edit makes new evidence derived from the selected one (a MediaOp from operations.evidence);
the slow part runs on the media worker behind a progress dialog with Cancel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QImageReader, QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenu, QVBoxLayout, QWidget

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.edits import is_redactable
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.operations import MediaOp, Operations
from portfolio_app.ui.operations import evidence as evidence_ops
from portfolio_app.ui.progress import run_with_progress
from portfolio_app.ui.workspace.edit_dialogs import CompressDialog, TrimDialog


class EvidenceEdits(QObject):
    """Actions on the evidence that `current()` returns; `made(evidence_id)` after each edit."""

    def __init__(
        self,
        ops: Operations,
        parent: QWidget,
        current: Callable[[], Evidence | None],
        made: Callable[[str], None],
        failed: Callable[[BaseException], None],
        undo_stack: QUndoStack | None = None,
    ):
        super().__init__(parent)
        self.ops, self.widget = ops, parent
        self.current, self.made, self.failed = current, made, failed
        self.video_limit_mb: float | None = None  # the credential's upload limit, when it has one
        self.undo_stack = undo_stack
        self._redaction = None  # made on first use: not on the start-up path
        self.trim_action = self._action(self.tr("&Trim…"), self.trim, self.tr("Cut a clip out as new evidence"))
        self.compress_action = self._action(
            self.tr("&Compress…"), self.compress, self.tr("Make a smaller H.264 copy, e.g. for the upload limit")
        )
        self.rotate_left_action = self._action(self.tr("Rotate &Left"), lambda: self._image("rotate", quarter_turns=3))
        self.rotate_right_action = self._action(
            self.tr("Rotate &Right"), lambda: self._image("rotate", quarter_turns=1)
        )
        self.crop_action = self._action(self.tr("Cr&op…"), self.crop, self.tr("Keep only part of the photo"))
        self.redact_action = self._action(
            self.tr("Re&dact…"), self.redact, self.tr("Black out names or faces on a photo or PDF, as a copy to submit")
        )
        self.strip_action = self._action(
            self.tr("Copy &Without Location"),
            lambda: self._image("strip"),
            self.tr("A copy without GPS position, camera serial or other device data"),
        )
        self.blur_faces_action = self._action(
            self.tr("Blur &Faces…"),
            self.blur_faces,
            self.tr("A copy with students' faces blurred, to submit in place of the original"),
        )
        self._face_blurring = None  # made on first use: loading the face detector is not cheap
        self.talk_action = self._action(
            self.tr("Talk &Time…"),
            self.talk_time,
            self.tr("Teacher talk, student talk, silence and wait time in this recording, measured on this computer"),
        )
        self.talk_window = None
        self.menu = QMenu(self.tr("&Edit"), parent)
        self.menu.addActions([self.trim_action, self.compress_action])
        self.menu.addSeparator()
        self.menu.addActions([self.rotate_left_action, self.rotate_right_action, self.crop_action])
        self.menu.addAction(self.redact_action)
        self.menu.addSeparator()
        self.menu.addActions([self.blur_faces_action, self.strip_action])
        self.menu.addSeparator()
        self.menu.addAction(self.talk_action)
        self.update_actions()

    def _action(self, text: str, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        return action

    def update_actions(self) -> None:
        evidence = self.current()
        kind = evidence.kind if evidence else None
        self.trim_action.setEnabled(kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO))
        self.compress_action.setEnabled(kind == EvidenceKind.VIDEO)
        for action in (self.rotate_left_action, self.rotate_right_action, self.crop_action):
            action.setEnabled(kind == EvidenceKind.IMAGE)
        self.redact_action.setEnabled(evidence is not None and is_redactable(evidence))
        self.strip_action.setEnabled(kind in (EvidenceKind.IMAGE, EvidenceKind.VIDEO))
        self.blur_faces_action.setEnabled(kind in (EvidenceKind.IMAGE, EvidenceKind.VIDEO))
        self.talk_action.setEnabled(kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO))

    def trim(self) -> None:
        evidence = self.current()
        if evidence is None:
            return
        dialog = TrimDialog(evidence, parent=self.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        start, end = dialog.chosen()
        self._job(self.tr("Trimming “{title}”").format(title=evidence.title), evidence_ops.trim(evidence, start, end))

    def compress(self) -> None:
        evidence = self.current()
        if evidence is None:
            return
        dialog = CompressDialog(evidence, self.video_limit_mb, parent=self.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        max_mb, height = dialog.chosen()
        self._job(
            self.tr("Compressing “{title}”").format(title=evidence.title),
            evidence_ops.compress(evidence, max_mb, height),
        )

    @property
    def face_blurring(self):
        if self._face_blurring is None:
            from portfolio_app.ui.privacy.face_blurring import FaceBlurring

            self._face_blurring = FaceBlurring(self.ops, self.widget, self.undo_stack, self.made, self.failed)
        return self._face_blurring

    def blur_faces(self) -> None:
        evidence = self.current()
        if evidence is not None:
            self.face_blurring.start(evidence)

    def talk_time(self) -> None:
        evidence = self.current()
        if evidence is not None:
            from portfolio_app.ui.talk.talk_window import TalkWindow

            self.talk_window = TalkWindow(self.ops, evidence.id, self.widget)
            self.talk_window.show()

    def crop(self) -> None:
        evidence = self.current()
        if evidence is None:
            return
        dialog = CropDialog(str(self.ops.media_path(evidence)), self.widget)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.box is not None:
            x, y, w, h = dialog.box
            self._image("crop", x=x, y=y, w=w, h=h)

    def redact(self) -> None:
        evidence = self.current()
        if evidence is None:
            return
        if self._redaction is None:
            from portfolio_app.ui.privacy.redaction import Redaction

            self._redaction = Redaction(self.ops, self.widget, self.undo_stack, self.made, self.failed)
        self._redaction.start(evidence)

    def _image(self, operation: str, **arguments: float) -> None:
        evidence = self.current()
        if evidence is None:
            return
        self._job(
            self.tr("Editing “{title}”").format(title=evidence.title),
            evidence_ops.edit_image(evidence, operation, **arguments),
        )

    def _job(self, label: str, op: MediaOp) -> None:
        run_with_progress(self.widget, self.ops, label, op, lambda outcome: self.made(outcome.value.id), self.failed)


class CropDialog(QDialog):
    """The photo, upright, with a rectangle to drag; `box` is (x, y, w, h) in fractions."""

    def __init__(self, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Crop Photo"))
        reader = QImageReader(path)
        reader.setAutoTransform(True)  # EXIF orientation: what the teacher sees is what is cut
        from portfolio_app.ui.viewers.region_picker import RegionPicker  # not on the start-up path

        self.picture = RegionPicker(reader.read())
        self.picture.setAccessibleName(self.tr("Photo: drag to choose the part to keep"))
        hint = QLabel(self.tr("Drag across the part of the photo to keep. The original stays as it is."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Crop"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.picture.box_changed.connect(
            lambda box: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(box is not None)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.picture)
        layout.addWidget(self.buttons)

    @property
    def box(self):
        return self.picture.box

    def select(self, rect) -> None:
        self.picture.select(rect)
