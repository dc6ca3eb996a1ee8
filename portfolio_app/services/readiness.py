"""Use case: what stands between a portfolio and a submittable bundle (see core.readiness)."""

from __future__ import annotations

from dataclasses import replace

from portfolio_app.core.portfolio import Portfolio
from portfolio_app.core.readiness import PortfolioContent, Readiness, check_readiness, submitted_evidence
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import portfolio_with_credential
from portfolio_app.services.resubmission import resubmission_of
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import kept_faces as stored_kept
from portfolio_app.storage import names as stored_names
from portfolio_app.storage import roster as stored_roster
from portfolio_app.storage import rubric as stored


def load_content(
    library: Library, portfolio_id: str, *, with_tags: bool = True, with_names: bool = True
) -> tuple[Portfolio, PortfolioContent]:
    """The portfolio and everything readiness, the bundle and the workspace read.

    `with_tags=False` reads only which evidence is tagged for which criterion, which is all
    readiness needs: a portfolio with thousands of tags is checked as fast as one with a few.
    `with_names=False` leaves out what only the names rule reads (the roster's names, tag notes,
    the text inside files): the workspace's answers and self-assessment need none of it. With no
    roster, there is no name to look for, and none of it is read either.
    """
    from portfolio_app.services.names import file_spots, roster_names
    from portfolio_app.services.profile import get_profile

    portfolio, credential = portfolio_with_credential(library, portfolio_id)
    names = roster_names(library) if with_names else ()
    profile = get_profile(library) if names else None
    content = PortfolioContent(
        credential=credential,
        evidence=tuple(stored_evidence.for_portfolio(library.db, portfolio.id)),
        tags=tuple(stored.tags_for_portfolio(library.db, portfolio.id)) if with_tags else (),
        responses=stored.responses(library.db, portfolio.id),
        assessments=stored.assessments(library.db, portfolio.id),
        tagged=None if with_tags else stored.tagged_evidence(library.db, portfolio.id),
        students=stored_roster.students_in_portfolio(library.db, portfolio.id),
        resubmission=resubmission_of(library, portfolio),
        names=names,
        teacher=profile.name if profile else "",
        portfolio_title=portfolio.title,
        dismissed=stored_names.dismissals(library.db, portfolio.id),
        names_covered=stored_names.covered(library.db, portfolio.id),
        kept_faces=stored_kept.kept_in_portfolio(library.db, portfolio.id),
        noted_tags=None if with_tags or not names else tuple(stored.tag_notes(library.db, portfolio.id)),
    )
    if names:  # with no roster there is no name to look for in the files either
        content = replace(content, file_spots=file_spots(library, submitted_evidence(content)))
    return portfolio, content


def check_portfolio(library: Library, portfolio_id: str) -> Readiness:
    portfolio, content = load_content(library, portfolio_id, with_tags=False)
    return Readiness(portfolio, tuple(check_readiness(content)), content.resubmission)
