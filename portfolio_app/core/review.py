"""A reviewer's scoring of one submission bundle, and the rules a decision must keep.

A review is keyed by what it answers: the bundle's tag-manifest SHA-256 and the rubric's hash.
The rubric comes from the bundle itself (`submission.json`), so a reviewer scores exactly what
the teacher was assessed against. Blind by default: until the decision is signed, the values
handed to views carry no teacher name, email or bundle file name (`Review.submitter` is None).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from portfolio_app.core.credential import Criterion, Level, Part
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import CriterionId, EvidenceId, LevelId

ReviewId = str


class Decision(enum.StrEnum):
    EARNED = "earned"
    RESUBMIT = "resubmit"


@dataclass(frozen=True)
class CriterionScore:
    """The reviewer's level and feedback for one criterion."""

    criterion_id: CriterionId
    level_id: LevelId
    feedback: str
    updated_at: str


@dataclass(frozen=True)
class EvidenceFlag:
    """Evidence the reviewer found to break privacy: every criterion it was offered for scores Not Met."""

    evidence_id: EvidenceId
    reason: str
    flagged_at: str


@dataclass(frozen=True)
class Submitter:
    """Who sent the bundle: shown only once the decision is signed."""

    name: str
    email: str
    bundle_name: str


@dataclass(frozen=True)
class Review:
    id: ReviewId
    bundle_sha256: str  # the answered bundle's tag manifest
    rubric_sha256: str
    signer_fingerprint: str  # the bundle's signer (a key, not a name: it stays visible)
    credential_id: str
    credential_version: str
    credential_title: str
    attempt: int
    criteria: tuple[Criterion, ...]
    scores: Mapping[CriterionId, CriterionScore]
    flags: tuple[EvidenceFlag, ...]
    flagged_criteria: frozenset[CriterionId]  # criteria with evidence offered from a flagged item
    overall_feedback: str
    decision: Decision | None
    created_at: str
    updated_at: str
    signed_at: str | None = None
    submitter: Submitter | None = None  # None while blind

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        known = ", ".join(c.id for c in self.criteria)
        raise InvalidInputError(f"The rubric has no criterion '{criterion_id}'. Its criteria are: {known}.")

    def level_of(self, criterion_id: str) -> LevelId | None:
        """The level that counts: the lowest (Not Met) while the criterion's evidence is flagged."""
        criterion = self.criterion(criterion_id)
        if criterion.id in self.flagged_criteria:
            return criterion.levels[0].id
        score = self.scores.get(criterion.id)
        return score.level_id if score else None

    def unscored(self) -> list[Criterion]:
        return [c for c in self.criteria if self.level_of(c.id) is None]

    def not_met(self) -> list[Criterion]:
        """Criteria scored below their passing level (flagged ones included)."""
        return [c for c in self.criteria if (level := self.level_of(c.id)) is not None and not c.passes(level)]


def check_decision(review: Review, decision: Decision) -> None:
    """Raise InvalidInputError unless `decision` may be taken on `review` as it stands."""
    if review.signed:
        raise InvalidInputError("This review is signed; its decision cannot change.")
    if decision == Decision.EARNED:
        if unscored := review.unscored():
            raise InvalidInputError(
                "It cannot be earned yet: score every criterion first (not scored: "
                + ", ".join(c.title for c in unscored)
                + ")."
            )
        if not_met := review.not_met():
            raise InvalidInputError(
                "It cannot be earned: every criterion must reach its passing level (not met: "
                + ", ".join(c.title for c in not_met)
                + "). Decide resubmit instead."
            )


def check_signable(review: Review) -> None:
    """Raise InvalidInputError unless every criterion is scored and a decision is taken."""
    if unscored := review.unscored():
        raise InvalidInputError(
            "Score every criterion before signing (not scored: " + ", ".join(c.title for c in unscored) + ")."
        )
    if review.decision is None:
        raise InvalidInputError("Decide earned or resubmit before signing.")
    check_decision_still_holds(review)


def check_decision_still_holds(review: Review) -> None:
    """An earned decision taken before a later score or flag lowered a criterion no longer holds."""
    if review.decision == Decision.EARNED and (not_met := review.not_met()):
        raise InvalidInputError(
            "The decision says earned, but these criteria are now below passing: "
            + ", ".join(c.title for c in not_met)
            + ". Decide again."
        )


def criteria_from_rubric(rubric: Sequence[Mapping[str, Any]]) -> tuple[Criterion, ...]:
    """The rubric as a bundle's submission.json states it, back to core criteria."""
    criteria = []
    try:
        for item in rubric:
            levels = tuple(Level(lv["id"], lv["label"], lv["descriptor"]) for lv in item["levels"])
            criterion = Criterion(
                item["id"], item["title"], item["description"], Part(item["part"]), levels, item["passing_level"]
            )
            criterion.rank(criterion.passing_level)
            criteria.append(criterion)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError(f"The bundle's rubric cannot be read: {exc!r} is missing or wrong.") from exc
    if not criteria:
        raise InvalidInputError("The bundle's rubric has no criteria to score.")
    return tuple(criteria)


def flagged_criteria(
    flags: Sequence[EvidenceFlag], tags: Sequence[Mapping[str, Any]], self_assessment: Sequence[Mapping[str, Any]]
) -> frozenset[CriterionId]:
    """Criteria for which flagged evidence was offered: tagged for them, or linked by the self-assessment."""
    flagged = {f.evidence_id for f in flags}
    if not flagged:
        return frozenset()
    tag_evidence = {t["id"]: t["evidence_id"] for t in tags}
    found = {t["criterion_id"] for t in tags if t["evidence_id"] in flagged}
    for assessment in self_assessment:
        if any(tag_evidence.get(tag_id) in flagged for tag_id in assessment.get("tag_ids", ())):
            found.add(assessment["criterion_id"])
    return frozenset(CriterionId(c) for c in found)


def blind_submission(submission: Mapping[str, Any]) -> dict[str, Any]:
    """The submission as the review screens may show it before signing: no teacher."""
    return {key: value for key, value in submission.items() if key != "teacher"}
