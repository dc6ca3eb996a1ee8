"""Use cases of portfolios: start one from a credential, list, rename, delete and restore."""

from __future__ import annotations

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import Credential
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.ids import PortfolioId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Portfolio, PortfolioStatus, PortfolioSummary
from portfolio_app.services.catalog import get_credential
from portfolio_app.services.library import Library
from portfolio_app.services.lookup import by_id_or_prefix
from portfolio_app.storage import portfolios as stored

MAX_TITLE = 200


def create_portfolio(
    library: Library,
    credential_id: str,
    title: str,
    *,
    version: str | None = None,
    resubmits: str | None = None,
) -> Outcome[Portfolio]:
    """Start a portfolio on a credential (newest version unless `version` is given).

    A resubmission (see services.resubmission) follows an attempt, on its credential version,
    with its work carried over.
    """
    if resubmits:
        from portfolio_app.services.resubmission import resubmit

        return resubmit(library, resubmits, title)
    title = clean_title(title)
    credential = get_credential(library, credential_id, version)
    now = now_iso()
    portfolio = Portfolio(
        id=PortfolioId(new_id()),
        credential_id=credential.id,
        credential_version=credential.version,
        title=title,
        status=PortfolioStatus.DRAFT,
        created_at=now,
        updated_at=now,
    )
    with library.db.atomic():
        stored.insert(library.db, portfolio)
    return Outcome(portfolio, Changes(portfolios=True))


def list_portfolios(library: Library, *, deleted: bool = False) -> list[PortfolioSummary]:
    """Portfolios with their counts, grouped by credential title; `deleted` lists the trash."""
    return stored.summaries(library.db, deleted=deleted)


def has_portfolios(library: Library) -> bool:
    """Whether the library holds any portfolio outside the trash."""
    return stored.any_active(library.db)


def list_library(library: Library) -> tuple[list[PortfolioSummary], list[PortfolioSummary]]:
    """Active portfolios and the trash, read in one query."""
    everything = stored.summaries(library.db, deleted=None)
    return [s for s in everything if s.portfolio.deleted_at is None], [
        s for s in everything if s.portfolio.deleted_at is not None
    ]


def get_portfolio(library: Library, portfolio_id: str) -> Portfolio:
    """A portfolio by id or by an unambiguous prefix of at least 4 characters.

    Raises:
        NotFoundError: nothing matches, or the prefix matches more than one.
    """
    return by_id_or_prefix(
        portfolio_id,
        lambda key: stored.get(library.db, key),
        lambda prefix: stored.ids_starting_with(library.db, prefix),
        "portfolio",
        "`portfolio list` shows the ids.",
    )


def portfolio_with_credential(library: Library, portfolio_id: str) -> tuple[Portfolio, Credential]:
    """A portfolio (by id or prefix) and the version of its credential it was started on."""
    portfolio = get_portfolio(library, portfolio_id)
    return portfolio, get_credential(library, portfolio.credential_id, portfolio.credential_version)


def rename_portfolio(library: Library, portfolio_id: str, title: str) -> Outcome[Portfolio]:
    portfolio = get_portfolio(library, portfolio_id)
    title = clean_title(title)
    with library.db.atomic():
        stored.set_title(library.db, portfolio.id, title, now_iso())
    return Outcome(get_portfolio(library, portfolio.id), Changes(portfolios=True))


def delete_portfolio(library: Library, portfolio_id: str) -> Outcome[Portfolio]:
    """Move a portfolio to the trash; `restore_portfolio` brings it back unchanged."""
    portfolio = get_portfolio(library, portfolio_id)
    with library.db.atomic():
        stored.set_deleted(library.db, portfolio.id, now_iso())
    return Outcome(portfolio, Changes(portfolios=True))


def restore_portfolio(library: Library, portfolio_id: str) -> Outcome[Portfolio]:
    portfolio = stored.get(library.db, portfolio_id, include_deleted=True)
    if portfolio is None:
        raise NotFoundError(f"There is no portfolio '{portfolio_id}' to restore.")
    with library.db.atomic():
        stored.set_deleted(library.db, portfolio.id, None)
    return Outcome(portfolio, Changes(portfolios=True))


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInputError("A portfolio needs a title, e.g. 'Exit tickets — Grade 7 science, spring'.")
    if len(title) > MAX_TITLE:
        raise InvalidInputError(f"That title is {len(title)} characters long; keep it under {MAX_TITLE}.")
    return title


def purge_portfolio(library: Library, portfolio_id: str) -> Outcome[Portfolio]:
    """Delete a portfolio in the trash for good, with its evidence rows, tags and responses.

    Media files stay in the store (another portfolio may share them) until a clean-up.
    """
    portfolio = stored.get(library.db, portfolio_id, include_deleted=True)
    if portfolio is None or stored.get(library.db, portfolio_id) is not None:
        raise NotFoundError("Only a portfolio in the trash can be deleted for good.")
    with library.db.atomic():
        stored.purge(library.db, portfolio.id)
    return Outcome(portfolio, Changes(portfolios=True, evidence=True, tags=True))
