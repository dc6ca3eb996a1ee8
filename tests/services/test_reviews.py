"""The reviewer's side: open a verified bundle, score, flag, decide; blind until signed; autosaved."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.review import Decision
from portfolio_app.services import reviews
from portfolio_app.services.library import open_library
from tests.review_bundles import teacher_bundle


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return teacher_bundle(tmp_path_factory.mktemp("teacher"))[0]


def _score_all(library, review, *, passing=True):
    for criterion in review.criteria:
        level = criterion.passing_level if passing else criterion.levels[0].id
        reviews.score_criterion(library, review.id, criterion.id, level, f"Feedback on {criterion.title}")


def test_opening_a_bundle_starts_a_blind_review_keyed_by_what_it_answers(library, bundle):
    review = reviews.open_review(library, bundle).value
    assert len(review.bundle_sha256) == 64 and len(review.rubric_sha256) == 64
    assert review.submitter is None and not review.signed
    assert review.criteria and review.credential_id == "questioning-to-deepen-thinking"
    shown = reviews.review_submission(library, review.id)
    assert "teacher" not in shown
    text = repr(review) + repr(shown)
    assert "Ana Ortiz" not in text and "ana.ortiz" not in text and bundle.name not in text
    # the same bundle again continues the same review
    assert reviews.open_review(library, bundle).value.id == review.id


def test_every_change_is_saved_at_once_and_survives_reopening(library, data_dir, bundle):
    review = reviews.open_review(library, bundle).value
    first = review.criteria[0]
    reviews.score_criterion(library, review.id, first.id, first.levels[-1].id, "Strong wait time at 1:12")
    reviews.set_overall_feedback(library, review.id, "Clear questioning plan.")
    library.close()
    again = open_library(data_dir)
    try:
        kept = reviews.get_review(again, review.id[:5])
        assert kept.scores[first.id].level_id == first.levels[-1].id
        assert kept.scores[first.id].feedback == "Strong wait time at 1:12"
        assert kept.overall_feedback == "Clear questioning plan."
        # a new level keeps the feedback unless new feedback is given
        reviews.score_criterion(again, review.id, first.id, first.passing_level)
        assert reviews.get_review(again, review.id).scores[first.id].feedback == "Strong wait time at 1:12"
    finally:
        again.close()


def test_earned_only_when_every_criterion_reaches_its_passing_level(library, bundle):
    review = reviews.open_review(library, bundle).value
    with pytest.raises(InvalidInputError, match="score every criterion"):
        reviews.decide(library, review.id, "earned")
    _score_all(library, review, passing=False)
    with pytest.raises(InvalidInputError, match="not met"):
        reviews.decide(library, review.id, "earned")
    assert (
        reviews.decide(library, review.id, "resubmit", "Please add a second clip.").value.decision == Decision.RESUBMIT
    )
    _score_all(library, review, passing=True)
    decided = reviews.decide(library, review.id, "earned").value
    assert decided.decision == Decision.EARNED and decided.overall_feedback == "Please add a second clip."
    # lowering a criterion afterwards withdraws the earned decision
    low = review.criteria[0]
    assert reviews.score_criterion(library, review.id, low.id, low.levels[0].id).value.decision is None


def test_a_privacy_flag_scores_the_criteria_it_was_offered_for_not_met(library, bundle):
    review = reviews.open_review(library, bundle).value
    _score_all(library, review, passing=True)
    document = reviews.review_submission(library, review.id)
    tag = document["tags"][0]
    flagged = reviews.flag_evidence(library, review.id, tag["evidence_id"], "A student's full name is readable").value
    criterion = flagged.criterion(tag["criterion_id"])
    assert criterion.id in flagged.flagged_criteria
    assert flagged.level_of(criterion.id) == criterion.levels[0].id
    with pytest.raises(InvalidInputError, match="not met"):
        reviews.decide(library, review.id, "earned")
    with pytest.raises(InvalidInputError, match="no evidence"):
        reviews.flag_evidence(library, review.id, "nope", "x")
    cleared = reviews.unflag_evidence(library, review.id, tag["evidence_id"]).value
    assert cleared.level_of(criterion.id) == criterion.passing_level


def test_unknown_criteria_and_levels_are_refused_by_name(library, bundle):
    review = reviews.open_review(library, bundle).value
    with pytest.raises(InvalidInputError, match="no criterion 'nope'"):
        reviews.score_criterion(library, review.id, "nope", "x")
    with pytest.raises(InvalidInputError, match="has no level 'great'"):
        reviews.score_criterion(library, review.id, review.criteria[0].id, "great")
    with pytest.raises(InvalidInputError, match="not a decision"):
        reviews.decide(library, review.id, "maybe")


def test_a_tampered_bundle_is_not_opened(library, bundle, tmp_path):
    changed = tmp_path / "changed.zip"
    shutil.copy(bundle, changed)
    with zipfile.ZipFile(changed) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith("data/submission.json"))
    with open(changed, "r+b") as raw:  # flip one byte inside submission.json (stored, not deflated)
        raw.seek(info.header_offset + 30 + len(info.filename.encode()) + 5)
        byte = raw.read(1)
        raw.seek(-1, 1)
        raw.write(bytes([byte[0] ^ 1]))
    with pytest.raises(InvalidInputError, match="submission.json"):
        reviews.open_review(library, changed)


def test_evidence_is_copied_out_of_the_bundle_once_and_checked(library, bundle, tmp_path):
    import hashlib

    review = reviews.open_review(library, bundle).value
    item = reviews.review_submission(library, review.id)["evidence"][0]
    source = reviews.evidence_source(library, review.id, item["id"])
    copy = reviews.copy_evidence(source, tmp_path / "cache")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == item["sha256"]
    assert reviews.copy_evidence(source, tmp_path / "cache") == copy and len(list((tmp_path / "cache").iterdir())) == 1
    wrong = type(source)(source.bundle, source.entry, "0" * 64, source.kind, source.title)
    with pytest.raises(InvalidInputError, match="has changed"):
        reviews.copy_evidence(wrong, tmp_path / "other")
    assert not list((tmp_path / "other").iterdir())  # nothing half-made is left
