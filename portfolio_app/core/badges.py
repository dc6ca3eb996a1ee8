"""A credential as an Open Badges 3.0 `Achievement`, so a badge can point at what was assessed.

Each rubric criterion becomes a `ResultDescription` of type `RubricCriterionLevel` whose
levels are `RubricCriterionLevel`s and whose `requiredLevel` is the passing level; a reviewer's
result for a criterion can then name the exact level reached (`AchievedLevel`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from portfolio_app.core.credential import Credential, Criterion, Stack
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import CredentialId

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass(frozen=True)
class EvidenceHash:
    """One evidence file a badge names by its SHA-256 (never the media itself)."""

    sha256: str
    kind: str  # an EvidenceKind value: video, image, document, …


@dataclass(frozen=True)
class BadgeClaim:
    """What an Open Badges credential says: who earned which credential, at which levels, on what evidence.

    `bundle_sha256` and `decision_sha256` are the tag-manifest SHA-256 of the signed submission
    bundle and of the signed review decision that earned it (the hashes that name those records).
    """

    credential: Credential
    levels: Mapping[str, str]  # criterion id -> achieved level id
    bundle_sha256: str
    decision_sha256: str
    evidence: tuple[EvidenceHash, ...]
    recipient_email: str
    recipient_salt: str
    issued_at: str  # ISO 8601 UTC, to the second, e.g. 2026-12-05T17:00:00Z
    valid_until: str | None = None


@dataclass(frozen=True)
class EarnedDecision:
    """A reviewer's signed earned decision, as the issuer needs it to issue a badge."""

    decision_sha256: str  # the signed review record's tag manifest: names the decision
    bundle_sha256: str  # the bundle it answers
    credential: Credential  # the credential version the bundle was assessed against
    levels: Mapping[str, str]  # criterion id -> level the reviewer gave
    evidence: tuple[EvidenceHash, ...]
    recipient_email: str
    reviewer_fingerprint: str
    signed_at: str


def check_earned(decision: EarnedDecision) -> None:
    """Raise InvalidInputError unless every criterion of the credential reached its passing level."""
    short = []
    for criterion in decision.credential.criteria:
        level = decision.levels.get(criterion.id)
        try:
            if level is None or not criterion.passes(level):
                short.append(criterion.title)
        except KeyError:
            raise InvalidInputError(
                f"The decision gives '{criterion.title}' a level its rubric does not have."
            ) from None
    if short:
        raise InvalidInputError(
            "A badge is issued only when every criterion is met; not met: " + ", ".join(short) + "."
        )
    if not decision.recipient_email.strip():
        raise InvalidInputError("The decision names no teacher's email, so the badge would have no recipient.")


@dataclass(frozen=True)
class BadgeEvidence:
    """An evidence entry of a badge: its id (which names a hash), name and genre."""

    id: str
    name: str
    genre: str


@dataclass(frozen=True)
class ShelfBadge:
    """A verified badge kept in the teacher's library."""

    id: str  # the credential's own id (urn:uuid:…)
    name: str
    achievement_id: str
    achievement_name: str
    credential_id: CredentialId | None  # when the achievement is one of our catalog's credentials
    credential_version: str | None
    issuer_name: str
    issuer_did: str
    issuer_fingerprint: str
    valid_from: str
    valid_until: str | None
    imported_at: str
    image_type: str | None  # "png" or "svg" when it came baked into an image
    evidence: tuple[BadgeEvidence, ...]


@dataclass(frozen=True)
class IssuerStanding:
    """Who the issuer's key belongs to, according to the imported trust lists."""

    named: bool  # a trust list names the key as its organisation's issuer key
    text: str  # "Lincoln District, listed in its trust list of 2026-11-01" or "an issuer no trust list names"
    revoked: bool = False  # a trust list revoked the key on or before the day it signed: the badge is refused


UNNAMED_ISSUER = IssuerStanding(False, "an issuer no trust list names")


@dataclass(frozen=True)
class BadgeCheck:
    """A badge file verified offline: what it says, who issued it, and whether it matches what was given."""

    badge: ShelfBadge
    issuer: IssuerStanding
    bundle_matches: bool | None = None  # None when no bundle was given
    email_matches: bool | None = None  # None when no email was given


class StackStatus(enum.StrEnum):
    EARNED = "earned"
    IN_PROGRESS = "in progress"
    NOT_STARTED = "not started"


@dataclass(frozen=True)
class StackStep:
    credential_id: CredentialId
    title: str
    status: StackStatus


@dataclass(frozen=True)
class StackProgress:
    stack: Stack
    steps: tuple[StackStep, ...]

    @property
    def earned(self) -> int:
        return sum(step.status == StackStatus.EARNED for step in self.steps)

    @property
    def complete(self) -> bool:
        return bool(self.steps) and self.earned == len(self.steps)


def stack_progress(
    stacks: Iterable[Stack], titles: Mapping[str, str], earned: set[str], started: set[str]
) -> list[StackProgress]:
    """Each stack's credentials, in its order, as earned (a badge), in progress (a portfolio) or not started."""
    progress = []
    for stack in stacks:
        steps = []
        for cid in stack.credential_ids:
            status = (
                StackStatus.EARNED
                if cid in earned
                else StackStatus.IN_PROGRESS
                if cid in started
                else StackStatus.NOT_STARTED
            )
            steps.append(StackStep(cid, titles.get(cid, cid), status))
        progress.append(StackProgress(stack, tuple(steps)))
    return progress


_ACHIEVEMENT_ID = re.compile(r"urn:mcp:credential:(?P<id>[^:#]+):(?P<version>[^:#]+)")


def credential_of_achievement(achievement: str) -> tuple[CredentialId, str] | None:
    """The (credential id, version) an achievement id of ours names; None for another issuer's achievement."""
    match = _ACHIEVEMENT_ID.fullmatch(achievement)
    return (CredentialId(match["id"]), match["version"]) if match else None


def achievement_id(credential: Credential) -> str:
    return f"urn:mcp:credential:{credential.id}:{credential.version}"


def criterion_result_id(credential: Credential, criterion: Criterion) -> str:
    return f"{achievement_id(credential)}#criterion-{criterion.id}"


def level_id(credential: Credential, criterion: Criterion, level: str) -> str:
    return f"{achievement_id(credential)}#criterion-{criterion.id}-level-{level}"


def achievement(credential: Credential) -> dict[str, Any]:
    """The OB3 Achievement (JSON-LD, camelCase as the spec spells it) for a credential."""
    c = credential
    creator: dict[str, Any] = {
        "id": c.issuer.url or f"urn:mcp:issuer:{_slug(c.issuer.name)}",
        "type": ["Profile"],
        "name": c.issuer.name,
    }
    if c.issuer.url:
        creator["url"] = c.issuer.url
    if c.issuer.email:
        creator["email"] = c.issuer.email
    document: dict[str, Any] = {
        "@context": OB3_CONTEXT,
        "id": achievement_id(c),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": c.title,
        "description": f"{c.summary}\n\n{c.competency}",
        "criteria": {"narrative": _criteria_narrative(c)},
        "creator": creator,
        "inLanguage": c.language,
        "version": c.version,
        "resultDescription": [_result_description(c, criterion) for criterion in c.criteria],
    }
    if c.keywords:
        document["tag"] = list(c.keywords)
    if c.alignment:
        document["alignment"] = [_alignment(a) for a in c.alignment]
    return document


def _result_description(credential: Credential, criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion_result_id(credential, criterion),
        "type": ["ResultDescription"],
        "name": criterion.title,
        "resultType": "RubricCriterionLevel",
        "requiredLevel": level_id(credential, criterion, criterion.passing_level),
        "rubricCriterionLevel": [
            {
                "id": level_id(credential, criterion, level.id),
                "type": ["RubricCriterionLevel"],
                "name": level.label,
                "description": level.descriptor,
                "level": level.label,
            }
            for level in criterion.levels
        ],
    }


def _alignment(alignment: Any) -> dict[str, Any]:
    document = {"type": ["Alignment"], "targetName": alignment.target_name, "targetUrl": alignment.target_url}
    for field, key in (
        ("target_description", "targetDescription"),
        ("target_framework", "targetFramework"),
        ("target_code", "targetCode"),
        ("target_type", "targetType"),
    ):
        value = getattr(alignment, field)
        if value:
            document[key] = value
    return document


def _criteria_narrative(c: Credential) -> str:
    lines = [f"**Key method.** {c.key_method}", "", "**Method components**", ""]
    lines += [f"- **{m.title}.** {m.description}" for m in c.method_components]
    for label, part in (("Part 1", c.overview), ("Part 3", c.reflection)):
        lines += ["", f"**{label}: {part.title}**", ""] + [
            f"- {p.text} (up to {p.max_words} words)" for p in part.prompts
        ]
    lines += ["", f"**Part 2: {c.work_examples.title}**", ""]
    lines += [f"- {r.title}: {r.description}" for r in c.work_examples.requirements]
    lines += ["", "**Rubric.** Every criterion must reach its passing level.", ""]
    lines += [f"- **{cr.title}** ({cr.part}): {cr.description}" for cr in c.criteria]
    return "\n".join(lines)


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())
