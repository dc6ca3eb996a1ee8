"""`data/submission.json`: the submission as data, in canonical JSON (RFC 8785).

Everything a reviewer's platform needs to score without our app: the credential and its rubric,
the teacher, responses with word counts, evidence with the path and SHA-256 of each file in the
bag, tags, and the self-assessment. `resources/schemas/submission.schema.json` describes it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import rfc8785

from portfolio_app.bundle.content import BundleEvidence, SubmissionContent
from portfolio_app.core.credential import Credential, Part
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.portfolio import Tag

FORMAT = "mcp-submission/1"  # the version is part of the marker, as in credential definitions
SCHEMA_NAME = "submission.schema.json"


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, with inner apostrophes and hyphens."""
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


def thumbnail_name(item: BundleEvidence) -> str | None:
    """Where an evidence item's thumbnail goes under data/, if it has one."""
    return f"thumbnails/{item.evidence.id}.jpg" if item.thumbnail is not None else None


def submission_document(content: SubmissionContent) -> dict[str, Any]:
    """The submission as a JSON-ready dict (see the schema for every field)."""
    credential = content.credential
    criteria = {c.id: c for c in credential.criteria}
    parts = {p.id: Part.OVERVIEW for p in credential.overview.prompts} | {
        p.id: Part.REFLECTION for p in credential.reflection.prompts
    }
    responses = []
    for response in content.responses:
        prompt = _lookup(credential.prompt, response.prompt_id, "prompt")
        responses.append(
            {
                "prompt_id": prompt.id,
                "part": str(parts[prompt.id]),
                "prompt": prompt.text,
                "text": response.text,
                "words": word_count(response.text),
                "min_words": prompt.min_words,
                "max_words": prompt.max_words,
                "updated_at": response.updated_at,
            }
        )
    assessments = []
    for assessment in content.assessments:
        criterion = criteria.get(assessment.criterion_id)
        if criterion is None:
            raise InvalidInputError(
                f"The self-assessment names criterion {assessment.criterion_id!r}, not in the rubric."
            )
        level = _lookup(criterion.level, assessment.level_id, f"level of {criterion.title}")
        assessments.append(
            {
                "criterion_id": criterion.id,
                "level_id": level.id,
                "level_label": level.label,
                "passes": criterion.passes(level.id),
                "justification": assessment.justification,
                "tag_ids": list(assessment.tag_ids),
                "updated_at": assessment.updated_at,
            }
        )
    _check_links(content)
    return {
        "format": FORMAT,
        "created_at": content.created_at,
        "draft": content.draft,
        "outstanding": list(content.outstanding),
        "credential": _credential(credential),
        "portfolio": {
            "id": content.portfolio.id,
            "title": content.portfolio.title,
            "attempt": content.portfolio.attempt,
            "resubmits": content.portfolio.resubmits,
            "created_at": content.portfolio.created_at,
            "updated_at": content.portfolio.updated_at,
        }
        | ({"resubmission_note": content.resubmission_note} if content.resubmission_note is not None else {}),
        "teacher": {"name": content.profile.name, "email": content.profile.email},
        "responses": responses,
        "evidence": [_evidence(item) for item in content.evidence],
        "tags": [_tag(tag) for tag in content.tags],
        "self_assessment": assessments,
    }


def submission_json(content: SubmissionContent) -> bytes:
    """The canonical (RFC 8785) UTF-8 bytes of `submission_document`."""
    return canonical_json(submission_document(content))


def canonical_json(document: Any) -> bytes:
    """The canonical (RFC 8785) UTF-8 bytes of any JSON-ready value."""
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, ValueError) as exc:
        raise InvalidInputError(f"This cannot be written as canonical JSON (RFC 8785): {exc}") from exc


def parse_submission(data: bytes) -> dict[str, Any]:
    """submission.json bytes back to a dict (no schema check)."""
    return json.loads(data.decode("utf-8"))


def _credential(credential: Credential) -> dict[str, Any]:
    prompts = [
        {"id": p.id, "part": str(part), "text": p.text, "min_words": p.min_words, "max_words": p.max_words}
        for part, group in ((Part.OVERVIEW, credential.overview), (Part.REFLECTION, credential.reflection))
        for p in group.prompts
    ]
    return {
        "id": credential.id,
        "version": credential.version,
        "title": credential.title,
        "issuer": {"name": credential.issuer.name, "url": credential.issuer.url, "email": credential.issuer.email},
        "competency": credential.competency,
        "key_method": credential.key_method,
        "prompts": prompts,
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "kinds": [str(k) for k in r.kinds],
                "min_count": r.min_count,
                "max_count": r.max_count,
                "max_video_seconds": r.max_video_seconds,
                "max_file_mb": r.max_file_mb,
            }
            for r in credential.work_examples.requirements
        ],
        "rubric": rubric_document(credential),
    }


def rubric_document(credential: Credential) -> list[dict[str, Any]]:
    """The rubric as submission.json states it (and as reviews hash it)."""
    return [
        {
            "id": c.id,
            "title": c.title,
            "description": c.description,
            "part": str(c.part),
            "passing_level": c.passing_level,
            "levels": [{"id": lv.id, "label": lv.label, "descriptor": lv.descriptor} for lv in c.levels],
        }
        for c in credential.criteria
    ]


def _evidence(item: BundleEvidence) -> dict[str, Any]:
    e = item.evidence
    talk = {"talk": item.talk} if item.talk is not None else {}  # only measured recordings carry it
    return talk | {
        "id": e.id,
        "title": e.title,
        "kind": str(e.kind),
        "file": f"data/{item.archive_name}",
        "sha256": item.sha256,
        "size_bytes": item.size_bytes,
        "media_type": e.media_type,
        "duration_s": e.duration_s,
        "width": e.width,
        "height": e.height,
        "codecs": e.codecs,
        "requirement_id": e.requirement_id,
        "derived_from": e.derived_from,
        "derivation": e.derivation,
        "note": e.note,
        "created_at": e.created_at,
        "thumbnail": f"data/{name}" if (name := thumbnail_name(item)) else None,
    }


def _tag(tag: Tag) -> dict[str, Any]:
    region = tag.region
    return {
        "id": tag.id,
        "evidence_id": tag.evidence_id,
        "criterion_id": tag.criterion_id,
        "start_s": tag.span.start_s if tag.span else None,
        "end_s": tag.span.end_s if tag.span else None,
        "region": {"x": region.x, "y": region.y, "w": region.w, "h": region.h, "page": region.page} if region else None,
        "note": tag.note,
        "created_at": tag.created_at,
    }


def _check_links(content: SubmissionContent) -> None:
    """Every tag points at evidence in the bundle and a rubric criterion; every assessment at tags in it."""
    evidence_ids = {item.evidence.id for item in content.evidence}
    criterion_ids = {c.id for c in content.credential.criteria}
    tag_ids = {tag.id for tag in content.tags}
    for tag in content.tags:
        if tag.evidence_id not in evidence_ids:
            raise InvalidInputError(f"Tag {tag.id} points at evidence {tag.evidence_id}, which is not in the bundle.")
        if tag.criterion_id not in criterion_ids:
            raise InvalidInputError(f"Tag {tag.id} names criterion {tag.criterion_id!r}, not in the rubric.")
    for assessment in content.assessments:
        for tag_id in assessment.tag_ids:
            if tag_id not in tag_ids:
                raise InvalidInputError(
                    f"The self-assessment of {assessment.criterion_id!r} links tag {tag_id}, "
                    "which is not in the bundle."
                )


def _lookup(find, key: str, what: str):
    try:
        return find(key)
    except KeyError:
        raise InvalidInputError(f"The submission names a {what} {key!r} that the credential does not have.") from None
