"""Blur Faces… in the window: faces found in the background, the review (keep a face, scrub, add a missed
face), the blurred copy selected in the original's place, and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QUndoStack

from portfolio_app.services import faces
from portfolio_app.services.evidence import get_evidence, list_evidence
from portfolio_app.ui.workspace.evidence_pane import EvidencePane
from tests.face_evidence import HEIGHT, WIDTH, import_face_files, make_face_files

PICTURE_MS = 10_000


@pytest.fixture(scope="module")
def face_files(tmp_path_factory: pytest.TempPathFactory):
    return make_face_files(tmp_path_factory.mktemp("face-files"))


@pytest.fixture
def pane_and_stack(qtbot, library, ops):
    stack = QUndoStack()
    pane = EvidencePane(ops, stack)
    qtbot.addWidget(pane)
    return pane, stack


def _open_review(qtbot, pane, evidence):
    pane.show_portfolio(evidence.portfolio_id)
    pane.select(evidence.id)
    assert pane.edits.blur_faces_action.isEnabled()
    pane.edits.blur_faces_action.trigger()  # the runner is synchronous: the faces are found by now
    review = pane.edits.face_blurring.review_window
    assert review is not None and review.isVisible()
    with qtbot.waitSignal(review.picture_shown, timeout=PICTURE_MS):
        pass
    return review


def test_review_keep_a_face_add_a_missed_one_blur_and_undo(qtbot, library, face_files, pane_and_stack) -> None:
    video, _ = import_face_files(library, face_files)
    pane, stack = pane_and_stack
    review = _open_review(qtbot, pane, video)
    assert review.tracks.count() == 3 and len(review.canvas.faces) == 3
    picture = review.canvas.pixmap().toImage()  # the frame, no longer the black stand-in
    assert picture.pixelColor(picture.width() // 2, picture.height() // 2).lightness() > 60

    first = review.tracks.item(0)
    kept_id = first.data(Qt.ItemDataRole.UserRole)
    first.setCheckState(Qt.CheckState.Checked)  # keep this face
    assert review.review.kept == {kept_id}
    assert faces.saved_review(faces.faces_folder(library), video).kept == {kept_id}
    assert "Keep" in review.tracks.item(0).text() and "2 of 3" in review.summary.text()
    assert [kept for _, _, kept in review.canvas.faces].count(True) == 1

    with qtbot.waitSignal(review.picture_shown, timeout=PICTURE_MS) as shown:
        review.slider.setValue(500)
    assert shown.args == [0.5]

    x, y, w, h = face_files.truth[15][1]
    size = review.canvas.pixmap().size()
    review.canvas.select(
        QRect(
            round(x / WIDTH * size.width()),
            round(y / HEIGHT * size.height()),
            round(w / WIDTH * size.width()),
            round(h / HEIGHT * size.height()),
        )
    )
    assert review.add_button.isEnabled()
    review.add_button.click()
    assert review.tracks.count() == 4 and "(added)" in review.tracks.item(3).text()
    assert review.review.tracks.tracks[-1].drawn and not review.add_button.isEnabled()

    review.blur_button.click()
    copy = next(e for e in list_evidence(library, video.portfolio_id) if e.derived_from == video.id)
    assert copy.derivation == "blur faces 3 of 4" and copy.title == "class (faces blurred)"
    assert not review.isVisible() and pane.selected().id == copy.id
    assert get_evidence(library, copy.id).requirement_id == video.requirement_id is not None

    stack.undo()
    assert copy.id not in [e.id for e in list_evidence(library, video.portfolio_id)]
    assert get_evidence(library, video.id).requirement_id == video.requirement_id
    stack.redo()
    assert get_evidence(library, copy.id).requirement_id == video.requirement_id
    assert get_evidence(library, video.id).requirement_id is None


def test_a_photo_reopens_its_saved_review_without_a_timeline(qtbot, library, face_files, pane_and_stack) -> None:
    _, photo = import_face_files(library, face_files)
    pane, _ = pane_and_stack
    review = _open_review(qtbot, pane, photo)
    assert review.tracks.count() >= 3 and not review.slider.isVisibleTo(review)
    review.tracks.item(0).setCheckState(Qt.CheckState.Checked)
    review.close()

    again = _open_review(qtbot, pane, photo)
    assert again is not review and again.tracks.item(0).checkState() == Qt.CheckState.Checked


def test_a_kept_face_is_said_to_be_someones(qtbot, library, face_files, pane_and_stack, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from portfolio_app.core.kept_faces import FaceOwner
    from portfolio_app.core.readiness import Rule
    from portfolio_app.services import appearances, roster
    from portfolio_app.services.readiness import check_portfolio
    from portfolio_app.services.rubric import link_requirement

    _, photo = import_face_files(library, face_files)
    link_requirement(library, [photo.id], "student-responses")
    group = roster.create_class(library, "7A").value
    leo = roster.add_student(library, group.id, "Leo", photo=False).value
    appearances.set_portfolio_class(library, photo.portfolio_id, group.id)
    appearances.set_students(library, photo.id, True, [leo.id])
    pane, _ = pane_and_stack
    review = _open_review(qtbot, pane, photo)
    review.tracks.setCurrentRow(0)
    assert not review.owner.isEnabled()  # a blurred face belongs to nobody in particular
    review.tracks.item(0).setCheckState(Qt.CheckState.Checked)
    assert review.owner.isEnabled() and "whose?" in review.tracks.item(0).text()
    leo_index = review.owner.findText("Leo (a student)")
    review.owner.setCurrentIndex(leo_index)
    review.owner.activated.emit(leo_index)
    track = review.tracks.item(0).data(Qt.ItemDataRole.UserRole)
    saved = faces.saved_review(faces.faces_folder(library), photo)
    assert saved.owner(track).owner == FaceOwner.STUDENT and saved.owner(track).student_id == leo.id
    assert "Keep (Leo)" in review.tracks.item(0).text()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ms Lee, the aide", True))
    review.tracks.setCurrentRow(1)
    review.tracks.item(1).setCheckState(Qt.CheckState.Checked)
    review.owner.activated.emit(review.owner.findText("Another adult…"))
    assert "Keep (Ms Lee, the aide)" in review.tracks.item(1).text()

    review.blur_button.click()
    items = check_portfolio(library, photo.portfolio_id).items
    about_the_copy = [i.message for i in items if i.rule == Rule.PRIVACY and "class photo" in i.message]
    assert len(about_the_copy) == 1 and "keeps Leo's face unblurred" in about_the_copy[0]
