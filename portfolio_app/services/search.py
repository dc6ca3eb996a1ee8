"""Use case: find words in evidence titles and notes, tag notes and answers, and say where they are."""

from __future__ import annotations

from portfolio_app.core.ids import EvidenceId, PortfolioId, TagId
from portfolio_app.core.search import HitKind, SearchHit
from portfolio_app.services.library import Library
from portfolio_app.storage import search as stored

_KINDS = {kind.value: kind for kind in HitKind}


def search(library: Library, text: str, portfolio_id: str | None = None, limit: int = 50) -> list[SearchHit]:
    """Newest matches first; every word must appear, the last may be unfinished. An answer is
    named by its prompt's text (not its id), as the teacher knows it."""
    rows = stored.search(library.db, text, portfolio_id, limit)
    prompts = _prompt_texts(library, {r.portfolio_id for r in rows if r.kind == "response"})
    return [
        SearchHit(
            kind=_KINDS[r.kind],
            portfolio_id=PortfolioId(r.portfolio_id),
            portfolio_title=r.portfolio_title,
            evidence_id=EvidenceId(r.evidence_id) if r.evidence_id else None,
            tag_id=TagId(r.ref) if r.kind == "tag" else None,
            prompt_id=r.ref if r.kind == "response" else None,
            title=r.evidence_title or prompts.get((r.portfolio_id, r.ref), r.ref),
            snippet=r.snippet,
        )
        for r in rows
    ]


def _prompt_texts(library: Library, portfolio_ids: set[str]) -> dict[tuple[str, str], str]:
    from portfolio_app.core.errors import PortfolioError
    from portfolio_app.services.portfolios import portfolio_with_credential

    texts: dict[tuple[str, str], str] = {}
    for portfolio_id in portfolio_ids:
        try:
            _portfolio, credential = portfolio_with_credential(library, portfolio_id)
        except PortfolioError:  # a credential no longer in the catalog: the id is all there is
            continue
        texts.update(((portfolio_id, p.id), p.text) for p in credential.prompts)
    return texts
