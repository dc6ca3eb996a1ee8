"""Use cases of the written and judged parts: answers to prompts, self-assessment, requirement links.

Every save returns what undo needs: the value before. Answers are saved as the teacher types
(the window calls `save_response` a moment after each pause), so each call is one short
transaction that leaves the previous answer intact if it fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import Credential
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.feedback import RESUBMISSION_NOTE, Resubmission
from portfolio_app.core.ids import CriterionId, EvidenceId, LevelId, PromptId, RequirementId, TagId
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Response, SelfAssessment
from portfolio_app.services.evidence import get_evidence
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import get_portfolio, portfolio_with_credential
from portfolio_app.services.resubmission import resubmission_of
from portfolio_app.storage import rubric as stored

MAX_ANSWER_CHARS = 100_000  # far above any word limit; stops a pasted book from bloating the library


@dataclass(frozen=True)
class Saved:
    """A saved value and the one it replaced (None: there was none), for undo."""

    value: object
    previous: object


def get_responses(library: Library, portfolio_id: str) -> dict[PromptId, Response]:
    return stored.responses(library.db, get_portfolio(library, portfolio_id).id)


def answers(library: Library, portfolio_id: str) -> tuple[Credential, dict[PromptId, Response], Resubmission | None]:
    """The portfolio's credential, its answers and, for a later attempt, what the last feedback
    found met and not met: all the Answers tab reads."""
    portfolio, credential = portfolio_with_credential(library, portfolio_id)
    return credential, stored.responses(library.db, portfolio.id), resubmission_of(library, portfolio)


def save_response(library: Library, portfolio_id: str, prompt_id: str, text: str) -> Outcome[Response]:
    """Save the answer to a Part 1 or Part 3 prompt (an empty text keeps an empty answer)."""
    portfolio, credential = portfolio_with_credential(library, portfolio_id)
    try:
        if not (prompt_id == RESUBMISSION_NOTE and portfolio.resubmits):  # a later attempt's note to the reviewer
            credential.prompt(prompt_id)
    except KeyError:
        known = ", ".join(p.id for p in credential.prompts)
        raise InvalidInputError(
            f"“{credential.title}” has no prompt '{prompt_id}'. Its prompts are: {known}."
        ) from None
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidInputError(f"That answer is {len(text):,} characters long; answers stop at {MAX_ANSWER_CHARS:,}.")
    response = Response(portfolio.id, PromptId(prompt_id), text, now_iso())
    with library.db.atomic():
        stored.save_response(library.db, portfolio.id, prompt_id, text, response.updated_at)
    return Outcome(response, Changes(responses=True))


def get_assessments(library: Library, portfolio_id: str) -> dict[CriterionId, SelfAssessment]:
    return stored.assessments(library.db, get_portfolio(library, portfolio_id).id)


def assess(
    library: Library,
    portfolio_id: str,
    criterion_id: str,
    level_id: str,
    justification: str | None = None,
    tag_ids: Sequence[str] | None = None,
) -> Outcome[Saved]:
    """Rate one criterion. `justification` and `tag_ids` left as None keep what was saved; a first
    rating offers every tag already made for the criterion."""
    portfolio, credential = portfolio_with_credential(library, portfolio_id)
    try:
        criterion = credential.criterion(criterion_id)
    except KeyError:
        known = ", ".join(c.id for c in credential.criteria)
        raise InvalidInputError(
            f"“{credential.title}” has no criterion '{criterion_id}'. Its criteria are: {known}."
        ) from None
    try:
        criterion.rank(LevelId(level_id))
    except KeyError:
        known = ", ".join(f"{lv.id} ({lv.label})" for lv in criterion.levels)
        raise InvalidInputError(f"“{criterion.title}” has no level '{level_id}'. Its levels are: {known}.") from None
    previous = stored.assessments(library.db, portfolio.id).get(criterion.id)
    criterion_tags = [
        t.id for t in stored.tags_for_portfolio(library.db, portfolio.id) if t.criterion_id == criterion.id
    ]
    if tag_ids is None:
        offered = previous.tag_ids if previous else tuple(criterion_tags)
    else:
        strangers = [t for t in tag_ids if t not in criterion_tags]
        if strangers:
            raise InvalidInputError(f"Tag '{strangers[0]}' is not a tag for “{criterion.title}” in this portfolio.")
        offered = tuple(TagId(t) for t in dict.fromkeys(tag_ids))
    if justification is None:
        justification = previous.justification if previous else ""
    saved = SelfAssessment(portfolio.id, criterion.id, LevelId(level_id), justification.strip(), now_iso(), offered)
    with library.db.atomic():
        stored.save_assessment(library.db, saved)
    return Outcome(Saved(saved, previous), Changes(assessments=True))


def restore_assessment(
    library: Library, portfolio_id: str, criterion_id: str, previous: SelfAssessment | None
) -> Outcome[SelfAssessment | None]:
    """Undo of `assess`: put back the earlier rating, or none."""
    portfolio = get_portfolio(library, portfolio_id)
    with library.db.atomic():
        if previous is None:
            stored.delete_assessment(library.db, portfolio.id, criterion_id)
        else:
            stored.save_assessment(library.db, previous)
    return Outcome(previous, Changes(assessments=True))


def link_requirement(
    library: Library, evidence_ids: Sequence[str], requirement_id: str | None
) -> Outcome[dict[EvidenceId, RequirementId | None]]:
    """Say which Part 2 requirement evidence fulfils (None: not submitted). Returns each item's
    previous link, for undo."""
    items = [get_evidence(library, e) for e in evidence_ids]
    if not items:
        return Outcome({}, Changes())
    if len({e.portfolio_id for e in items}) > 1:
        raise InvalidInputError("Those items belong to different portfolios.")
    if requirement_id is not None:
        _, credential = portfolio_with_credential(library, items[0].portfolio_id)
        try:
            credential.requirement(requirement_id)
        except KeyError:
            known = ", ".join(r.id for r in credential.work_examples.requirements)
            raise InvalidInputError(
                f"“{credential.title}” has no requirement '{requirement_id}'. Its requirements are: {known}."
            ) from None
    with library.db.atomic():
        stored.set_requirement(library.db, [e.id for e in items], requirement_id, now_iso())
    return Outcome({e.id: e.requirement_id for e in items}, Changes(evidence=True))


def restore_requirements(library: Library, previous: dict[str, str | None]) -> Outcome[None]:
    """Undo of `link_requirement`: each item back to its own earlier link."""
    now = now_iso()
    with library.db.atomic():
        for evidence_id, requirement_id in previous.items():
            stored.set_requirement(library.db, [evidence_id], requirement_id, now)
    return Outcome(None, Changes(evidence=True))
