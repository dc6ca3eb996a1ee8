"""A kept face belongs to someone: kept and said to be Leo's (no photo consent), the blurred copy still
shows Leo and blocks; said to be the teacher's, it passes; kept without saying whose, it asks."""

from __future__ import annotations

import numpy as np
import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.kept_faces import FaceOwner, FaceOwnership
from portfolio_app.core.readiness import Rule
from portfolio_app.services import appearances, export, faces, roster
from portfolio_app.services.evidence import get_evidence, import_files
from portfolio_app.services.private_copies import withdraw_copy
from portfolio_app.services.readiness import check_portfolio
from portfolio_app.services.rubric import link_requirement
from tests.ready_portfolio import make_ready_portfolio

pytest.importorskip("skimage", reason="the face photo comes from scikit-image's sample data (dev extra)")


@pytest.fixture
def class_photo(library, tmp_path):
    """A ready portfolio plus a class photo (four real faces) showing Leo, who has no photo consent."""
    import cv2

    from bench.face_scenes import scene

    portfolio = make_ready_portfolio(library, tmp_path / "media")
    path = tmp_path / "group work.jpg"
    cv2.imwrite(str(path), scene(np.random.default_rng(5), faces=4).image)
    photo = import_files(library, portfolio.id, [path]).value.imported[0]
    link_requirement(library, [photo.id], "student-responses")
    group = appearances.portfolio_class(library, portfolio.id)
    leo = roster.add_student(library, group.id, "Leo", video=True, photo=False).value
    appearances.set_students(library, photo.id, True, [leo.id])
    return portfolio, photo, leo


def _privacy(library, portfolio):
    return [i.message for i in check_portfolio(library, portfolio.id).items if i.rule == Rule.PRIVACY]


def test_a_face_kept_as_leos_blocks_and_as_the_teachers_passes(library, class_photo):
    portfolio, photo, leo = class_photo
    assert any("Leo" in m for m in _privacy(library, portfolio))

    as_leo = faces.blur_faces(library, photo.id, keep={1: FaceOwnership(FaceOwner.STUDENT, leo.id)}).value
    assert as_leo.faces_blurred == as_leo.tracks - 1
    blocked = _privacy(library, portfolio)
    assert blocked == [f"“{as_leo.evidence.title}” keeps Leo's face unblurred (face 1), and Leo has no photo consent."]
    with pytest.raises(export.NotReadyError, match="Leo"):
        export.plan_export(library, portfolio.id)

    withdraw_copy(library, as_leo.handover)  # undo: the original is back in its place
    as_teacher = faces.blur_faces(library, photo.id, keep={1: FaceOwnership(FaceOwner.TEACHER)}).value
    assert get_evidence(library, as_teacher.evidence.id).requirement_id == "student-responses"
    assert _privacy(library, portfolio) == []
    assert check_portfolio(library, portfolio.id).ready, check_portfolio(library, portfolio.id).items


def test_a_face_kept_without_saying_whose_is_not_hidden(library, class_photo):
    portfolio, photo, _ = class_photo
    folder = faces.faces_folder(library)
    review = faces.keep_faces(folder, faces.find_faces(library.store, folder, photo), [2])  # a ticked Keep
    staged = faces.prepare_blur(library.store, photo, review)
    copy = faces.record_blurred(library, photo, staged, review).value
    assert _privacy(library, portfolio) == [
        f"“{copy.evidence.title}” keeps face 2 unblurred without saying whose it is."
    ]

    withdraw_copy(library, copy.handover)
    review = faces.assign_face(folder, review, 2, FaceOwnership(FaceOwner.ADULT, note="Ms Lee, the aide"))
    assert faces.saved_review(folder, photo).owner(2).note == "Ms Lee, the aide"  # kept with the review
    copy = faces.record_blurred(library, photo, faces.prepare_blur(library.store, photo, review), review).value
    assert _privacy(library, portfolio) == []


def test_a_face_may_only_be_a_student_of_the_class(library, class_photo):
    portfolio, photo, _ = class_photo
    other = roster.create_class(library, "8B").value
    stranger = roster.add_student(library, other.id, "Sam", photo=True).value
    with pytest.raises(InvalidInputError, match="Sam is not in the class"):
        faces.blur_faces(library, photo.id, keep={1: FaceOwnership(FaceOwner.STUDENT, stranger.id)})
    with pytest.raises(InvalidInputError, match="no face 99"):
        faces.blur_faces(library, photo.id, keep={99: FaceOwnership(FaceOwner.TEACHER)})
