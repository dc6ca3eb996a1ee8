"""Use cases of a later attempt: resubmit after feedback, what was met before, and the history.

Resubmitting starts attempt n+1 of the same credential version, linked to attempt n, with its
evidence, tags, answers and self-assessment carried over as references (no file is copied).
Feedback stays with the attempt whose bundle it answers: nothing earlier is overwritten.
"""

from __future__ import annotations

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.feedback import Attempt, Feedback, Resubmission
from portfolio_app.core.ids import PortfolioId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Portfolio, PortfolioStatus
from portfolio_app.core.review import Decision
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import clean_title, get_portfolio
from portfolio_app.storage import feedback as stored
from portfolio_app.storage import portfolios as stored_portfolios


def resubmit(library: Library, portfolio_id: str, title: str | None = None) -> Outcome[Portfolio]:
    """Start the next attempt after `portfolio_id`, carrying its work over; returns the new attempt.

    Raises:
        InvalidInputError: the attempt was already resubmitted, or its feedback says earned.
    """
    previous = get_portfolio(library, portfolio_id)
    later = stored.next_attempt_of(library.db, previous.id)
    if later is not None:
        raise InvalidInputError(f"Attempt {previous.attempt} was already resubmitted as portfolio {later}.")
    feedback = stored.feedback_of(library.db, previous.id)
    if feedback and feedback[-1].decision == Decision.EARNED:
        raise InvalidInputError(f"“{previous.title}” was earned; there is nothing to resubmit.")
    now = now_iso()
    attempt = Portfolio(
        id=PortfolioId(new_id()),
        credential_id=previous.credential_id,
        credential_version=previous.credential_version,
        title=clean_title(title or previous.title),
        status=PortfolioStatus.DRAFT,
        created_at=now,
        updated_at=now,
        resubmits=previous.id,
        attempt=previous.attempt + 1,
    )
    with library.db.atomic():
        stored_portfolios.insert(library.db, attempt)
        stored.copy_attempt(library.db, previous.id, attempt.id, now, new_id)
        if feedback:
            stored.set_attempt_status(library.db, previous.id, str(PortfolioStatus.DENIED))
    copied = get_portfolio(library, attempt.id)
    return Outcome(copied, Changes(portfolios=True, evidence=True, tags=True, responses=True, assessments=True))


def resubmission_of(library: Library, portfolio: Portfolio) -> Resubmission | None:
    """For a later attempt: the criteria the last feedback on the attempt before found met and not met."""
    if portfolio.resubmits is None:
        return None
    feedback = stored.feedback_of(library.db, portfolio.resubmits)
    latest = feedback[-1] if feedback else None
    return Resubmission(
        previous=portfolio.resubmits,
        met=frozenset(latest.met()) if latest else frozenset(),
        not_met=frozenset(latest.not_met()) if latest else frozenset(),
        feedback=latest,
    )


def history(library: Library, portfolio_id: str) -> list[Attempt]:
    """Every attempt linked to this one, first to last, with its bundles and their feedback."""
    portfolio = get_portfolio(library, portfolio_id)
    chain = [portfolio]
    while chain[0].resubmits is not None:
        earlier = stored_portfolios.get(library.db, chain[0].resubmits, include_deleted=True)
        if earlier is None:
            break
        chain.insert(0, earlier)
    while (later := stored.next_attempt_of(library.db, chain[-1].id)) is not None:
        found = stored_portfolios.get(library.db, later, include_deleted=True)
        if found is None:
            break
        chain.append(found)
    return [
        Attempt(p, tuple(stored.exports_of(library.db, p.id)), tuple(stored.feedback_of(library.db, p.id)))
        for p in chain
    ]


def feedback_in_view(library: Library, portfolio_id: str) -> tuple[Feedback, bool] | None:
    """The feedback the teacher works from: the latest on this attempt, else the latest on the attempt it
    resubmits (then True: it is last time's). None before any feedback."""
    portfolio = get_portfolio(library, portfolio_id)
    own = stored.feedback_of(library.db, portfolio.id)
    if own:
        return own[-1], False
    earlier = stored.feedback_of(library.db, portfolio.resubmits) if portfolio.resubmits else []
    return (earlier[-1], True) if earlier else None
