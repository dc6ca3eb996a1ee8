"""Use case: what stands between a portfolio and a submittable bundle (see core.readiness)."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.portfolio import Portfolio
from portfolio_app.core.readiness import PortfolioContent, ReadinessItem, check_readiness
from portfolio_app.services.catalog import get_credential
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import rubric as stored


@dataclass(frozen=True)
class Readiness:
    portfolio: Portfolio
    items: tuple[ReadinessItem, ...]

    @property
    def ready(self) -> bool:
        return not self.items


def load_content(library: Library, portfolio_id: str) -> tuple[Portfolio, PortfolioContent]:
    """The portfolio and everything readiness, the bundle and the workspace read, in four queries."""
    portfolio = get_portfolio(library, portfolio_id)
    content = PortfolioContent(
        credential=get_credential(library, portfolio.credential_id, portfolio.credential_version),
        evidence=tuple(stored_evidence.for_portfolio(library.db, portfolio.id)),
        tags=tuple(stored.tags_for_portfolio(library.db, portfolio.id)),
        responses=stored.responses(library.db, portfolio.id),
        assessments=stored.assessments(library.db, portfolio.id),
    )
    return portfolio, content


def check_portfolio(library: Library, portfolio_id: str) -> Readiness:
    portfolio, content = load_content(library, portfolio_id)
    return Readiness(portfolio, tuple(check_readiness(content)))
