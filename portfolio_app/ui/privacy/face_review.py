"""The face review: each face found, over time, to keep or blur; a missed face drawn in; then the blur.

The picture shows the frame at the slider's time with every face's box (red dashed: will be
blurred, green: kept). The list has one row per face track with its picture and time span; its
check box keeps the face unblurred (default: blurred), and "Whose face?" under it says whose a
kept face is: the teacher's, another adult's, or a student's of the portfolio's class (a kept
face nobody is named for, or a student's without consent, stays on the checklist). Frames are decoded on a background
reader; finding a drawn face through the video and blurring run on the media worker with
progress and Cancel. Every choice is saved with the review (services.faces), so reopening
the review shows it as it was left.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.kept_faces import FaceOwner, FaceOwnership
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.roster import Student
from portfolio_app.core.text import clock
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import privacy as privacy_ops
from portfolio_app.ui.operations.roster import evidence_people
from portfolio_app.ui.privacy.face_canvas import FaceCanvas
from portfolio_app.ui.progress import run_with_progress
from portfolio_app.ui.viewers.background_reader import BackgroundReader

if TYPE_CHECKING:
    from portfolio_app.services.faces import BlurredCopy, FaceReview

_TRACK_ID = Qt.ItemDataRole.UserRole


class FaceReviewWindow(QDialog):
    """Review of the faces in one video or photo. `blurred(BlurredCopy)` once the copy is recorded."""

    blurred = Signal(object)
    failed = Signal(object)
    picture_shown = Signal(float)  # the time of the frame now shown (for tests and screenshots)

    def __init__(
        self,
        ops: Operations,
        evidence: Evidence,
        review: FaceReview,
        pictures: dict[int, bytes],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops, self.evidence, self.review = ops, evidence, review
        self._picture_at = privacy_ops.picture_reader(ops, evidence)
        self.pictures = dict(pictures)
        self.setWindowTitle(self.tr("Faces in “{title}”").format(title=evidence.title))
        self.reader = BackgroundReader(self)
        self.shown_s = 0.0
        self._wanted_s: float | None = None  # a time asked for while a frame was being read
        self._reading = False

        blank = QImage(review.tracks.width, review.tracks.height, QImage.Format.Format_RGB32)
        blank.fill(Qt.GlobalColor.black)
        self.canvas = FaceCanvas(_scaled_blank(blank))
        self.canvas.box_changed.connect(self._on_canvas_box_changed)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(self.tr("Time in the video"))
        self.slider.setRange(0, max(0, int(review.tracks.duration_s * 1000) - 1))
        self.slider.setSingleStep(33)
        self.slider.setPageStep(1000)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.time_label = QLabel()
        self.tracks = QListWidget()
        self.tracks.setAccessibleName(self.tr("Faces found: tick a face to keep it unblurred"))
        self.tracks.setIconSize(QSize(64, 64))
        self.tracks.setMinimumWidth(260)
        self.tracks.itemChanged.connect(self._on_tracks_item_changed)
        self.tracks.currentItemChanged.connect(self._on_tracks_current_changed)
        self.students: tuple[Student, ...] = ()  # the portfolio's class, read once the window opens
        self.owner = QComboBox()
        self.owner.setAccessibleName(self.tr("Whose face is kept"))
        self.owner.activated.connect(self._on_owner_activated)
        owner_label = QLabel(self.tr("&Whose face?"))
        owner_label.setBuddy(self.owner)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Every face is blurred unless you tick Keep and say whose it is (yours, another adult's, or a "
                "student's whose family consented). "
                "Missed a face? Drag a box around it on the picture and click Add Missed Face: it is followed "
                "through the video. The original stays on this computer; the copy takes its place."
            )
        )
        hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add Missed Face"))
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_missed_face)
        self.blur_button = QPushButton(self.tr("Blur Faces"))
        self.blur_button.setDefault(True)
        self.blur_button.clicked.connect(self.blur)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)

        picture_side = QVBoxLayout()
        picture_side.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignCenter)
        timeline = QHBoxLayout()
        timeline.addWidget(self.slider, 1)
        timeline.addWidget(self.time_label)
        picture_side.addLayout(timeline)
        list_side = QVBoxLayout()
        list_side.addWidget(self.tracks, 1)
        owner_row = QHBoxLayout()
        owner_row.addWidget(owner_label)
        owner_row.addWidget(self.owner, 1)
        list_side.addLayout(owner_row)
        list_side.addWidget(self.summary)
        top = QHBoxLayout()
        top.addLayout(picture_side, 1)
        top.addLayout(list_side)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.blur_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        for widget in (self.slider, self.time_label):
            widget.setVisible(not review.is_photo)

        self._fill_tracks()
        self._fill_owners()
        self.show_time(0.0)
        self._read_class()

    # -- the picture -------------------------------------------------------------------------

    def show_time(self, at_s: float) -> None:
        """Show the frame at `at_s` with the faces' boxes (read in the background; the latest asked for wins)."""
        self._wanted_s = at_s
        self.time_label.setText(f"{clock(at_s)} / {clock(self.review.tracks.duration_s)}")
        self._draw_faces(at_s)
        if not self._reading:
            self._read_next()

    def _read_next(self) -> None:
        at_s, self._wanted_s = self._wanted_s, None
        if at_s is None:
            self._reading = False
            return
        self._reading = True
        picture_at = self._picture_at
        self.reader.read(
            lambda: picture_at(at_s),
            lambda picture: self._on_picture_read(at_s, picture),
            self._on_picture_failed,
        )

    def _on_picture_read(self, at_s: float, picture: bytes) -> None:
        self.canvas.set_image(QImage.fromData(picture))
        self.shown_s = at_s
        self._draw_faces(at_s)
        self.picture_shown.emit(at_s)
        self._read_next()

    def _on_picture_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.failed.emit(exc)

    def _draw_faces(self, at_s: float) -> None:
        numbers = {track.id: n for n, track in enumerate(self.review.tracks.tracks, start=1)}
        shown = self.review.boxes_shown_at(at_s)
        self.canvas.set_faces([(numbers[i], box, i in self.review.kept) for i, box in shown])

    def _on_slider_value_changed(self, value: int) -> None:
        self.show_time(value / 1000)

    def _on_canvas_box_changed(self, box) -> None:
        self.add_button.setEnabled(box is not None)

    # -- the list of faces -------------------------------------------------------------------

    def _fill_tracks(self, current: int | None = None) -> None:
        self.tracks.blockSignals(True)
        self.tracks.clear()
        for number, track in enumerate(self.review.tracks.tracks, start=1):
            item = QListWidgetItem(self._track_text(number, track))
            item.setData(_TRACK_ID, track.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            kept = track.id in self.review.kept
            item.setCheckState(Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked)
            if track.id in self.pictures:
                item.setIcon(QIcon(QPixmap.fromImage(QImage.fromData(self.pictures[track.id]))))
            self.tracks.addItem(item)
            if track.id == current:
                self.tracks.setCurrentItem(item)
        self.tracks.blockSignals(False)
        self._update_summary()

    def _update_items(self) -> None:
        """The rows' texts and check boxes after a choice, in place (the row being clicked must not go)."""
        self.tracks.blockSignals(True)
        for row, track in enumerate(self.review.tracks.tracks):
            item = self.tracks.item(row)
            item.setText(self._track_text(row + 1, track))
            kept = track.id in self.review.kept
            item.setCheckState(Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked)
        self.tracks.blockSignals(False)
        self._update_summary()

    def _track_text(self, number: int, track) -> str:
        kept = track.id in self.review.kept
        state = self.tr("Keep ({whose})").format(whose=self._whose(track.id)) if kept else self.tr("Blur")
        drawn = self.tr(" (added)") if track.drawn else ""
        if self.review.is_photo:
            return self.tr("Face {n}{drawn} — {state}").format(n=number, drawn=drawn, state=state)
        reach, duration = self.review.tracks.reach_s, self.review.tracks.duration_s  # as far as the blur goes
        span = f"{clock(max(0.0, track.start_s - reach))}–{clock(min(duration, track.end_s + reach))}"
        return self.tr("Face {n}{drawn}  {span} — {state}").format(n=number, drawn=drawn, span=span, state=state)

    def _update_summary(self) -> None:
        count, blurred = len(self.review.tracks.tracks), len(self.review.blurred_ids)
        if count == 0:
            text = self.tr("No faces were found. If there is one, drag a box around it and click Add Missed Face.")
        else:
            text = self.tr("{blurred} of {count} faces will be blurred.").format(blurred=blurred, count=count)
        self.summary.setText(text)
        self.blur_button.setEnabled(blurred > 0)

    # -- whose a kept face is -----------------------------------------------------------------

    def _read_class(self) -> None:
        def show(people) -> None:
            self.students = people.roster.students if people.roster else ()
            self._fill_owners()
            self._update_items()

        evidence_people(self.evidence.id).success(show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _whose(self, track_id: int) -> str:
        owner = self.review.owner(track_id)
        if owner.owner == FaceOwner.TEACHER:
            return self.tr("yours")
        if owner.owner == FaceOwner.ADULT:
            return owner.note or self.tr("another adult")
        if owner.owner == FaceOwner.STUDENT:
            return next((s.name for s in self.students if s.id == owner.student_id), self.tr("a student"))
        return self.tr("whose?")

    def _fill_owners(self) -> None:
        """The choices for the current face: not said, the teacher, another adult, each student of the class."""
        item = self.tracks.currentItem()
        track_id = item.data(_TRACK_ID) if item is not None else None
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("Not said yet"), FaceOwnership(FaceOwner.UNKNOWN))
        self.owner.addItem(self.tr("Me (the teacher)"), FaceOwnership(FaceOwner.TEACHER))
        self.owner.addItem(self.tr("Another adult…"), FaceOwnership(FaceOwner.ADULT))
        for student in self.students:
            self.owner.addItem(self.tr("{name} (a student)").format(name=student.name), student)
        if track_id is not None:
            owner = self.review.owner(track_id)
            index = {FaceOwner.TEACHER: 1, FaceOwner.ADULT: 2}.get(owner.owner, 0)
            if owner.owner == FaceOwner.STUDENT:
                index = next((3 + i for i, s in enumerate(self.students) if s.id == owner.student_id), 0)
            self.owner.setCurrentIndex(index)
        self.owner.setEnabled(track_id is not None and track_id in self.review.kept)
        self.owner.blockSignals(False)

    def _on_owner_activated(self, index: int) -> None:
        chosen = self.owner.itemData(index)
        if isinstance(chosen, Student):
            chosen = FaceOwnership(FaceOwner.STUDENT, chosen.id)
        elif chosen.owner == FaceOwner.ADULT:
            note, ok = QInputDialog.getText(
                self, self.tr("Another Adult"), self.tr("Who is it (e.g. “Ms Lee, the aide”)?")
            )
            if not ok:
                self._fill_owners()
                return
            chosen = FaceOwnership(FaceOwner.ADULT, note=" ".join(note.split()))
        item = self.tracks.currentItem()
        if item is not None:
            self.set_owner(item.data(_TRACK_ID), chosen)

    def set_owner(self, track_id: int, ownership: FaceOwnership) -> None:
        """Say whose a kept face is (what "Whose face?" does); saved with the review."""
        owners = {**self.review.owners, track_id: ownership}
        self.review = replace(self.review, kept=self.review.kept | {track_id}, owners=owners)
        self._update_items()
        op = privacy_ops.assign_face(self.review, track_id, ownership)
        op.failure(self.failed.emit).run(self.ops, initiator=self)

    def set_kept(self, track_id: int, kept: bool) -> None:
        """Keep one face unblurred, or blur it again (what the list's check box does); saved with the review."""
        chosen = set(self.review.kept) | {track_id} if kept else set(self.review.kept) - {track_id}
        owners = {k: v for k, v in self.review.owners.items() if k in chosen}
        self.review = replace(self.review, kept=frozenset(chosen), owners=owners)
        self._update_items()
        self._fill_owners()
        self._draw_faces(self.shown_s)
        privacy_ops.keep_faces(self.review, chosen).failure(self.failed.emit).run(self.ops, initiator=self)

    def _on_tracks_item_changed(self, item: QListWidgetItem) -> None:
        self.set_kept(item.data(_TRACK_ID), item.checkState() == Qt.CheckState.Checked)

    def _on_tracks_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        self._fill_owners()
        if item is None or self.review.is_photo:
            return
        self.slider.setValue(int(self.review.clearest_s(item.data(_TRACK_ID)) * 1000))

    # -- adding a face, blurring ---------------------------------------------------------------

    def add_missed_face(self) -> None:
        """Follow the box drawn on the picture through the video (in the background) and list it as a face."""
        box = self.canvas.box
        if box is None:
            return
        op = privacy_ops.add_missed_face(self.evidence, self.review, self.shown_s, box)
        label = self.tr("Following the face through the video")
        run_with_progress(self, self.ops, label, op, self._on_face_added, self.failed.emit)

    def _on_face_added(self, result) -> None:
        self.review, pictures = result
        self.pictures.update(pictures)
        self.canvas.set_box(None)
        self.add_button.setEnabled(False)
        self._fill_tracks(current=self.review.tracks.tracks[-1].id)
        self._draw_faces(self.shown_s)

    def blur(self) -> None:
        """Make the blurred copy in the background (progress, Cancel), record it, and close."""
        run_with_progress(
            self,
            self.ops,
            self.tr("Blurring faces in “{title}”").format(title=self.evidence.title),
            privacy_ops.blur(self.evidence, self.review),
            lambda outcome: self._on_blur_recorded(outcome.value),
            self.failed.emit,
        )

    def _on_blur_recorded(self, copy: BlurredCopy) -> None:
        self.blurred.emit(copy)
        self.accept()

    def closeEvent(self, event) -> None:
        self.reader.wait()
        super().closeEvent(event)


def _scaled_blank(image: QImage) -> QImage:
    return image.scaled(QSize(640, 360), Qt.AspectRatioMode.KeepAspectRatio)
