"""The signed review decision as data: what `data/review.json` says, read back and checked.

The document names what it answers (the bundle's tag-manifest SHA-256 and the rubric's hash),
each criterion's level and feedback, the overall feedback, the decision, the reviewer's key and
the time. Reading it checks the shape, so a record that verifies but says something else is
refused with the field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.review import Decision, Review

RECORD_TYPE = "review"
FORMAT = "mcp-review/1"


@dataclass(frozen=True)
class ScoredCriterion:
    criterion_id: str
    level_id: str
    level_label: str
    passes: bool
    feedback: str
    flagged: bool


@dataclass(frozen=True)
class ReviewDecision:
    """A signed review decision as its document states it."""

    bundle_sha256: str
    rubric_sha256: str
    credential_id: str
    credential_version: str
    criteria: tuple[ScoredCriterion, ...]
    flags: tuple[tuple[str, str], ...]  # (evidence id, reason)
    overall_feedback: str
    decision: Decision
    reviewer_fingerprint: str
    reviewer_public_key: str
    signed_at: str


def review_document(review: Review, fingerprint: str, public_key: str, signed_at: str) -> dict[str, Any]:
    """The document of a signed review: only the reviewer's scores, never the teacher's identity."""
    criteria = []
    for criterion in review.criteria:
        level_id = review.level_of(criterion.id)
        assert level_id is not None  # check_signable first
        score = review.scores.get(criterion.id)
        criteria.append(
            {
                "criterion_id": criterion.id,
                "level_id": level_id,
                "level_label": criterion.level(level_id).label,
                "passes": criterion.passes(level_id),
                "feedback": score.feedback if score else "",
                "flagged": criterion.id in review.flagged_criteria,
            }
        )
    assert review.decision is not None
    return {
        "type": RECORD_TYPE,
        "format": FORMAT,
        "created_at": signed_at,
        "answers": {
            "bundle_tag_manifest_sha256": review.bundle_sha256,
            "rubric_sha256": review.rubric_sha256,
            "bundle_signer_fingerprint": review.signer_fingerprint,
            "credential": {"id": review.credential_id, "version": review.credential_version},
        },
        "criteria": criteria,
        "privacy_flags": [{"evidence_id": f.evidence_id, "reason": f.reason} for f in review.flags],
        "overall_feedback": review.overall_feedback,
        "decision": str(review.decision),
        "reviewer": {"fingerprint": fingerprint, "public_key": public_key},
        "signed_at": signed_at,
    }


def parse_review_document(document: Mapping[str, Any], source: str) -> ReviewDecision:
    """The decision a verified review record states; InvalidInputError names the field at fault."""
    field = "(top)"
    try:
        field = "format"
        if document.get("format") != FORMAT:
            raise ValueError(f"is {document.get('format')!r}, not {FORMAT}")
        field = "answers"
        answers = document["answers"]
        field = "criteria"
        criteria = tuple(
            ScoredCriterion(
                str(c["criterion_id"]),
                str(c["level_id"]),
                str(c["level_label"]),
                bool(c["passes"]),
                str(c["feedback"]),
                bool(c["flagged"]),
            )
            for c in document["criteria"]
        )
        if not criteria:
            raise ValueError("is empty")
        field = "privacy_flags"
        flags = tuple((str(f["evidence_id"]), str(f["reason"])) for f in document["privacy_flags"])
        field = "decision"
        decision = Decision(document["decision"])
        field = "reviewer"
        reviewer = document["reviewer"]
        return ReviewDecision(
            bundle_sha256=_hash(answers["bundle_tag_manifest_sha256"]),
            rubric_sha256=_hash(answers["rubric_sha256"]),
            credential_id=str(answers["credential"]["id"]),
            credential_version=str(answers["credential"]["version"]),
            criteria=criteria,
            flags=flags,
            overall_feedback=str(document["overall_feedback"]),
            decision=decision,
            reviewer_fingerprint=str(reviewer["fingerprint"]),
            reviewer_public_key=str(reviewer["public_key"]),
            signed_at=str(document["signed_at"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError(f"{source}: data/review.json at {field}: {exc} is missing or wrong.") from None


def _hash(value: Any) -> str:
    text = str(value).lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"{value!r} is not a SHA-256")
    return text
