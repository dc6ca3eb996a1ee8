"""A blurred or redacted copy takes its original's place in the submission, and gives it back."""

from dataclasses import replace

import pytest

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services import tags
from portfolio_app.services.edits import Derivation, record_derived
from portfolio_app.services.evidence import adopt_file, get_evidence, list_evidence
from portfolio_app.services.private_copies import hand_back, hand_over
from portfolio_app.services.readiness import check_portfolio
from portfolio_app.services.search import search
from tests import mediagen as gen
from tests.ready_portfolio import make_ready_portfolio


def _copy_of(library, original, tmp_path):
    made = library.store.temp_path(".jpg")
    gen.make_jpeg(made, serial=None, gps=False)
    staged = adopt_file(library.store, made, "blurred.jpg")
    return record_derived(
        library, original, staged, Derivation(f"{original.title} (faces blurred)", "blur 1 face")
    ).value


def test_the_copy_takes_the_tags_and_the_link_and_undo_gives_them_back(library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    photo = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.IMAGE)
    tags.edit_tag(library, replace(tags.tags_for_evidence(library, photo.id)[0], note="names on the ticket"))
    tagged = tags.tags_for_evidence(library, photo.id)
    copy = _copy_of(library, photo, tmp_path)

    handover = hand_over(library, photo.id, copy.id).value
    assert get_evidence(library, copy.id).requirement_id == photo.requirement_id
    assert get_evidence(library, photo.id).requirement_id is None
    assert tags.tags_for_evidence(library, photo.id) == []
    assert [t.id for t in tags.tags_for_evidence(library, copy.id)] == [t.id for t in tagged]
    assert check_portfolio(library, portfolio.id).ready  # the copy serves the requirement now
    hits = [h for h in search(library, "ticket names", portfolio.id) if h.tag_id == tagged[0].id]
    assert hits and hits[0].evidence_id == copy.id

    hand_back(library, handover)
    assert get_evidence(library, photo.id).requirement_id == handover.requirement_id
    assert get_evidence(library, copy.id).requirement_id is None
    assert [t.id for t in tags.tags_for_evidence(library, photo.id)] == [t.id for t in tagged]


def test_only_a_copy_made_from_the_original_can_take_its_place(library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    video, photo = (
        next(e for e in list_evidence(library, portfolio.id) if e.kind == kind)
        for kind in (EvidenceKind.VIDEO, EvidenceKind.IMAGE)
    )
    with pytest.raises(InvalidInputError, match="was not made from"):
        hand_over(library, video.id, photo.id)
