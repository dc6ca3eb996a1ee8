"""Ops of reviews (the reviewer's screens) and of feedback (the teacher's): the only ui place that
imports their services."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio_app.core.carried_observation import CarriedObservation
from portfolio_app.core.feedback import Feedback
from portfolio_app.core.review import Review
from portfolio_app.services import portfolios, review_records, reviews
from portfolio_app.ui.operations import LibraryOp, LongOp, MediaOp

DECISION_EVIDENCE = "urn:mcp:review:"  # a badge's evidence id for the signed decision that earned it


@dataclass(frozen=True)
class ReviewScreen:
    """What the review screens show: the review and the submission, blind until signed."""

    review: Review
    submission: dict[str, Any]


def open_review(bundle: Path) -> MediaOp:
    """Verify the bundle on the media worker, then start (or continue) its review."""
    return MediaOp(
        lambda lib, report, cancelled: reviews.verify_for_review(
            bundle, progress=lambda f: report(f, ""), cancelled=cancelled
        ),
        lambda lib, verified: reviews.record_review(lib, verified),
        lambda lib, verified: None,  # verification leaves nothing behind
    )


def load_review(review_id: str) -> LibraryOp[ReviewScreen]:
    return LibraryOp(
        lambda lib: ReviewScreen(reviews.get_review(lib, review_id), reviews.review_submission(lib, review_id))
    )


def score(review_id: str, criterion_id: str, level_id: str, feedback: str | None = None) -> LibraryOp:
    return LibraryOp(lambda lib: reviews.score_criterion(lib, review_id, criterion_id, level_id, feedback))


def flag_evidence(review_id: str, evidence_id: str, reason: str) -> LibraryOp:
    return LibraryOp(lambda lib: reviews.flag_evidence(lib, review_id, evidence_id, reason))


def unflag_evidence(review_id: str, evidence_id: str) -> LibraryOp:
    return LibraryOp(lambda lib: reviews.unflag_evidence(lib, review_id, evidence_id))


def set_overall_feedback(review_id: str, text: str) -> LibraryOp:
    return LibraryOp(lambda lib: reviews.set_overall_feedback(lib, review_id, text))


def decide(review_id: str, decision: str) -> LibraryOp:
    return LibraryOp(lambda lib: reviews.decide(lib, review_id, decision))


def sign(review_id: str, target: Path) -> LibraryOp:
    return LibraryOp(lambda lib: review_records.sign_review(lib, review_id, target))


def issued_before(review_id: str) -> LibraryOp:
    """Whether this review's badge was issued before (when and by whom), or None."""

    def read(lib):
        from portfolio_app.services.badge_issuing import issued_before as find

        return find(lib, review_id)

    return LibraryOp(read)


def issue_badge(review_id: str, target: Path) -> LibraryOp:
    """Issue the badge of a signed earned review to `target`: .zip (with the feedback), .png, .svg or .json."""

    def issue(lib):
        from portfolio_app.services.badge_issuing import issue_badge_for_review

        return issue_badge_for_review(lib, review_id, target)

    return LibraryOp(issue)


def import_feedback(path: Path) -> LibraryOp:
    """A reviewer's signed feedback, with the badge it earned or not (an ImportedFeedback outcome)."""

    def load(lib):
        from portfolio_app.services.badge_feedback import import_feedback_file

        return import_feedback_file(lib, path)

    return LibraryOp(load)


def feedback_for(portfolio_id: str) -> LibraryOp[list[Feedback]]:
    return LibraryOp(lambda lib: review_records.feedback_for(lib, portfolio_id))


@dataclass(frozen=True)
class FeedbackScreen:
    """The teacher's view of feedback: every attempt, and the open attempt's self-assessment beside it."""

    attempts: list[Any]  # core.feedback.Attempt, first to last
    criteria: tuple[Any, ...]  # core.credential.Criterion
    assessments: dict[str, Any]  # criterion id -> SelfAssessment of the chosen attempt
    reviewers: dict[str, str]  # feedback id -> who signed it, by the trust lists
    badges: dict[str, Any]  # decision hash (a feedback's record_sha256) -> the ShelfBadge it earned


def load_feedback(portfolio_id: str) -> LibraryOp[FeedbackScreen]:
    def load(lib) -> FeedbackScreen:
        from portfolio_app.services import badges, resubmission, rubric

        attempts = resubmission.history(lib, portfolio_id)
        _, credential = portfolios.portfolio_with_credential(lib, portfolio_id)
        reviewers = {f.id: review_records.reviewer_status(lib, f).text for a in attempts for f in a.feedback}
        earned = {
            e.id.removeprefix(DECISION_EVIDENCE): b
            for b in badges.list_badges(lib)
            for e in b.evidence
            if e.id.startswith(DECISION_EVIDENCE)
        }
        return FeedbackScreen(
            attempts, credential.criteria, dict(rubric.get_assessments(lib, portfolio_id)), reviewers, earned
        )

    return LibraryOp(load)


def evidence_source(review_id: str, evidence_id: str) -> LibraryOp[reviews.EvidenceSource]:
    return LibraryOp(lambda lib: reviews.evidence_source(lib, review_id, evidence_id))


def copy_evidence(source: reviews.EvidenceSource) -> LongOp[Path]:
    """A verified copy of the evidence file out of the bundle, to play (made once, removed when signed)."""
    return LongOp(
        lambda lib, report, cancelled: reviews.copy_evidence(source, reviews.evidence_copies(lib), cancelled=cancelled)
    )


def stated_record_type(path: Path) -> LongOp[str | None]:
    """What a dropped .zip says it is (a submission bundle, a review decision, …), to route it."""
    from portfolio_app.bundle.answering import stated_record_type as stated

    return LongOp(lambda lib, report, cancelled: stated(path))


def carried_observation(copy: Path, title: str) -> LongOp[CarriedObservation]:
    """The coach's observation inside a verified copy of observation evidence (its signature checked again)."""
    return LongOp(lambda lib, report, cancelled: reviews.read_carried_observation(copy, title))


def feedback_in_view(portfolio_id: str) -> LibraryOp[tuple[Feedback, bool] | None]:
    """The feedback to show beside the self-assessment: this attempt's, else last attempt's (then True)."""
    from portfolio_app.services import resubmission

    return LibraryOp(lambda lib: resubmission.feedback_in_view(lib, portfolio_id))


def resubmit(portfolio_id: str) -> LibraryOp:
    """Start the next attempt after `portfolio_id` (its work carried over); the Outcome's value is the new one."""
    from portfolio_app.services import resubmission

    return LibraryOp(lambda lib: resubmission.resubmit(lib, portfolio_id))


def compare_decisions(paths: list[Path], *, across_bundles: bool = False) -> LongOp[list[Any]]:
    """Calibration: reviewers' signed decisions verified and compared (per bundle, or pooled across bundles)."""
    compare = review_records.compare_reviewers if across_bundles else review_records.compare_decisions
    return LongOp(lambda lib, report, cancelled: compare(list(paths)))
