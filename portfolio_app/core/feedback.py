"""What comes back to the teacher: exported bundles per attempt, signed feedback, and the history.

Feedback is kept as it was signed, one record per reviewer decision, never overwritten: a later
attempt gets feedback of its own, and earlier scores stay readable in the history.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.ids import CriterionId, LevelId, PortfolioId
from portfolio_app.core.portfolio import Portfolio
from portfolio_app.core.review import Decision

RESUBMISSION_NOTE = "resubmission-note"  # the answer every later attempt gives the reviewer (a BloomBoard habit)
RESUBMISSION_NOTE_TEXT = "Resubmission note for the reviewer: what changed since the last attempt, and why."


@dataclass(frozen=True)
class ExportedBundle:
    """A bundle made of one attempt: its tag-manifest hash names it exactly."""

    bundle_sha256: str
    portfolio_id: PortfolioId
    rubric_sha256: str
    fingerprint: str
    file_name: str
    draft: bool
    exported_at: str


@dataclass(frozen=True)
class CriterionFeedback:
    criterion_id: CriterionId
    level_id: LevelId
    passes: bool
    feedback: str


@dataclass(frozen=True)
class Feedback:
    """One reviewer's signed decision on one exported bundle, as imported."""

    id: str
    portfolio_id: PortfolioId
    bundle_sha256: str
    record_sha256: str  # the feedback record's own tag manifest: the same file imported twice is one row
    reviewer_fingerprint: str
    reviewer_public_key: str
    decision: Decision
    overall_feedback: str
    signed_at: str
    imported_at: str
    criteria: tuple[CriterionFeedback, ...]

    def not_met(self) -> tuple[CriterionId, ...]:
        return tuple(c.criterion_id for c in self.criteria if not c.passes)

    def met(self) -> tuple[CriterionId, ...]:
        return tuple(c.criterion_id for c in self.criteria if c.passes)


@dataclass(frozen=True)
class Attempt:
    """One attempt in a portfolio's history: its bundles and the feedback they got."""

    portfolio: Portfolio
    bundles: tuple[ExportedBundle, ...]
    feedback: tuple[Feedback, ...]


@dataclass(frozen=True)
class Resubmission:
    """What a later attempt knows of the one before: for the checklist and the rubric."""

    previous: PortfolioId
    met: frozenset[CriterionId]
    not_met: frozenset[CriterionId]
    feedback: Feedback | None
