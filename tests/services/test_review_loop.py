"""Issue #17's loop with two libraries and two keychains: the teacher exports, the reviewer scores and
asks for a resubmission, the teacher imports the feedback and resubmits with changes, the reviewer
earns it. Earlier scores stay; feedback for another bundle, a changed rubric or a tampered file is
refused by name; the reviewer sees no teacher's name before signing."""

from __future__ import annotations

import hashlib

import keyring
import pytest

from portfolio_app.bundle.keys import signing_key
from portfolio_app.bundle.record import read_record, write_record
from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.feedback import RESUBMISSION_NOTE
from portfolio_app.core.portfolio import PortfolioStatus, TimeRange
from portfolio_app.core.readiness import Rule
from portfolio_app.core.review import Decision
from portfolio_app.services import resubmission, review_records, reviews, rubric, tags
from portfolio_app.services.evidence import list_evidence
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.services.readiness import check_portfolio
from tests.bundle.tampering import flip_byte, rewrite
from tests.keyring_memory import MemoryKeyring
from tests.ready_portfolio import make_ready_portfolio
from tests.review_bundles import teacher_bundle
from tests.services.conftest import Desk

TEACHER_WORDS = ("Ana Ortiz", "ana.ortiz", "Ortiz")


def _blind(*values) -> None:
    shown = "".join(repr(v) for v in values)
    assert not any(word in shown for word in TEACHER_WORDS), "the reviewer saw the teacher before signing"


def test_the_whole_review_loop(desks, tmp_path):
    teacher, reviewer = desks
    with teacher as lib:
        first = make_ready_portfolio(lib, tmp_path / "media")
        bundle_1 = export_portfolio(lib, first.id, tmp_path / "ana-ortiz-attempt-1.zip").value.path
        teacher_key = signing_key().public_key.fingerprint

    # the reviewer scores blind and asks for a resubmission
    with reviewer as lib:
        review = reviews.open_review(lib, bundle_1).value
        _blind(review, reviews.review_submission(lib, review.id))
        weak = review.criteria[1]
        for criterion in review.criteria:
            level = weak.levels[0].id if criterion is weak else criterion.passing_level
            reviews.score_criterion(lib, review.id, criterion.id, level, f"On {criterion.title}: seen at 0:12")
        decided = reviews.decide(lib, review.id, "resubmit", "Strong questions; show the follow-up.").value
        _blind(decided, reviews.review_submission(lib, review.id), reviews.bundle_location(lib, review.id).name != "")
        feedback_1 = review_records.sign_review(lib, review.id, tmp_path / "feedback-1.zip").value.path
        signed = reviews.get_review(lib, review.id)
        assert signed.submitter is not None and signed.submitter.name == "Ana Ortiz"
        assert signed.submitter.bundle_name == "ana-ortiz-attempt-1.zip"
        with pytest.raises(InvalidInputError, match="signed"):
            reviews.score_criterion(lib, review.id, weak.id, weak.passing_level)
        reviewer_key = signing_key().public_key.fingerprint
    assert reviewer_key != teacher_key
    report = verify_bundle(feedback_1)  # `portfolio verify` checks it like a bundle
    assert report.valid and report.fingerprint == reviewer_key, report.problems
    record = read_record(feedback_1, expect_type="review")
    document = record.document
    assert document["answers"]["bundle_tag_manifest_sha256"] == review.bundle_sha256
    assert document["decision"] == "resubmit" and document["reviewer"]["fingerprint"] == reviewer_key
    assert not any(word in repr(document) for word in TEACHER_WORDS)

    # the teacher imports it: matched to the attempt whose bundle it answers
    with teacher as lib:
        imported = review_records.import_feedback(lib, feedback_1).value
        assert imported.portfolio_id == first.id and imported.decision == Decision.RESUBMIT
        assert imported.not_met() == (weak.id,)
        assert review_records.import_feedback(lib, feedback_1).value.id == imported.id  # kept once
        assert get_portfolio(lib, first.id).status == PortfolioStatus.DENIED
        _refusals(lib, reviewer, tmp_path, feedback_1, document, first.id)

        second = resubmission.resubmit(lib, first.id).value
        state = resubmission.resubmission_of(lib, second)
        assert state.not_met == {weak.id} and weak.id not in state.met and len(state.met) == len(review.criteria) - 1
        assert check_portfolio(lib, second.id).items[0].rule == Rule.RESUBMISSION_NOTE
        rubric.save_response(lib, second.id, RESUBMISSION_NOTE, "I added a follow-up question sequence at 0:40.")
        video = next(e for e in list_evidence(lib, second.id) if e.kind == "video")
        tags.add_tag(lib, video.id, weak.id, span=TimeRange(0.5, 1.5), note="Follow-up question")
        rubric.assess(lib, second.id, weak.id, weak.passing_level, "Now shown with a follow-up sequence.")
        assert check_portfolio(lib, second.id).ready
        bundle_2 = export_portfolio(lib, second.id, tmp_path / "ana-ortiz-attempt-2.zip").value.path

    # the reviewer opens attempt 2: a new review, without the earlier scores
    with reviewer as lib:
        again = reviews.open_review(lib, bundle_2).value
        assert again.id != review.id and again.attempt == 2 and not again.scores
        shown = reviews.review_submission(lib, again.id)
        _blind(again, shown)
        assert shown["portfolio"]["resubmission_note"].startswith("I added a follow-up")
        for criterion in again.criteria:
            reviews.score_criterion(lib, again.id, criterion.id, criterion.passing_level, "Demonstrated.")
        reviews.decide(lib, again.id, "earned", "Earned: the follow-up sequence shows it.")
        feedback_2 = review_records.sign_review(lib, again.id, tmp_path / "feedback-2.zip").value.path
        earlier = reviews.get_review(lib, review.id)
        assert earlier.scores[weak.id].level_id == weak.levels[0].id and earlier.decision == Decision.RESUBMIT

    with teacher as lib:
        earned = review_records.import_feedback(lib, feedback_2).value
        assert earned.portfolio_id == second.id and earned.decision == Decision.EARNED
        assert get_portfolio(lib, second.id).status == PortfolioStatus.PASSED
        attempts = resubmission.history(lib, second.id)
        assert [a.portfolio.id for a in attempts] == [first.id, second.id]
        assert [[f.decision for f in a.feedback] for a in attempts] == [[Decision.RESUBMIT], [Decision.EARNED]]
        kept = attempts[0].feedback[0]
        assert kept.not_met() == (weak.id,) and kept.overall_feedback == "Strong questions; show the follow-up."
        assert attempts[0].bundles[0].fingerprint == teacher_key
        with pytest.raises(InvalidInputError, match="earned"):
            resubmission.resubmit(lib, second.id)


def _refusals(lib, reviewer: Desk, tmp_path, feedback_1, document, first_id: str) -> None:
    """Feedback for another bundle, a changed rubric and a tampered file, each refused by name."""
    tampered = rewrite(feedback_1, tmp_path / "feedback-tampered.zip", lambda items: flip_byte(items, "review.json"))
    with pytest.raises(InvalidInputError, match=r"feedback-tampered\.zip.*data/review\.json"):
        review_records.import_feedback(lib, tampered)

    other_bundle = teacher_bundle(tmp_path / "other-teacher")[0]
    with reviewer as reviewer_lib:
        other = reviews.open_review(reviewer_lib, other_bundle).value
        for criterion in other.criteria:
            reviews.score_criterion(reviewer_lib, other.id, criterion.id, criterion.passing_level)
        reviews.decide(reviewer_lib, other.id, "earned")
        other_feedback = review_records.sign_review(reviewer_lib, other.id, tmp_path / "feedback-other.zip").value
        changed = dict(document, answers=dict(document["answers"], rubric_sha256=hashlib.sha256(b"v2").hexdigest()))
        changed_rubric = write_record(changed, tmp_path / "feedback-changed-rubric.zip", signing_key()).path
    with pytest.raises(InvalidInputError, match=r"feedback-other\.zip answers another bundle"):
        review_records.import_feedback(lib, other_feedback.path)
    with pytest.raises(InvalidInputError, match=r"feedback-changed-rubric\.zip scores another rubric"):
        review_records.import_feedback(lib, changed_rubric)
    assert len(review_records.feedback_for(lib, first_id)) == 1


def test_feedback_from_a_reviewer_revoked_before_signing_is_refused(tmp_path):
    from portfolio_app.core.trust import Approval, Revocation
    from portfolio_app.services import trust

    bundle, _ = teacher_bundle(tmp_path / "ana")
    reviewer = Desk(tmp_path / "reviewer")
    with reviewer as lib:
        review = reviews.open_review(lib, bundle).value
        for criterion in review.criteria:
            reviews.score_criterion(lib, review.id, criterion.id, criterion.passing_level)
        reviews.decide(lib, review.id, "earned")
        feedback = review_records.sign_review(lib, review.id, tmp_path / "feedback.zip").value
    reviewer.library.close()
    keyring.set_keyring(MemoryKeyring())  # the district's keychain
    trust.new_issuer_key("Lincoln District")
    approved = Approval("reviewer", "Rae Reviewer", feedback.fingerprint, "2020-01-01")
    trust.make_trust_list("Lincoln District", [approved], [], tmp_path / "approved.zip")
    trust.make_trust_list("Lincoln District", [approved], [Revocation(feedback.fingerprint, "2020-06-01")],
                          tmp_path / "revoked.zip", issued_at="2099-01-01T00:00:00.000+00:00")  # fmt: skip
    teacher = open_library(tmp_path / "ana" / "teacher")
    try:
        trust.import_trust_list(teacher.db, tmp_path / "approved.zip")
        kept = review_records.import_feedback(teacher, feedback.path).value
        assert review_records.reviewer_status(teacher, kept).trusted
        trust.import_trust_list(teacher.db, tmp_path / "revoked.zip")
        assert review_records.reviewer_status(teacher, kept).refused
        again = rewrite(feedback.path, tmp_path / "feedback-copy.zip", lambda items: items)  # same record, new file
        with pytest.raises(InvalidInputError, match=r"feedback-copy\.zip was refused.*REVOKED"):
            review_records.import_feedback(teacher, again)
    finally:
        teacher.close()
