"""A credential as an Open Badges 3.0 `Achievement`, so a badge can point at what was assessed.

Each rubric criterion becomes a `ResultDescription` of type `RubricCriterionLevel` whose
levels are `RubricCriterionLevel`s and whose `requiredLevel` is the passing level; a reviewer's
result for a criterion can then name the exact level reached (`AchievedLevel`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio_app.core.credential import Credential, Criterion

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
