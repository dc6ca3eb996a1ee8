"""Use case: find words in evidence titles and notes, tag notes and answers, and say where they are."""

from __future__ import annotations

from portfolio_app.core.ids import EvidenceId, PortfolioId, TagId
from portfolio_app.core.search import HitKind, SearchHit
from portfolio_app.services.library import Library
from portfolio_app.storage import search as stored

_KINDS = {kind.value: kind for kind in HitKind}


def search(library: Library, text: str, portfolio_id: str | None = None, limit: int = 50) -> list[SearchHit]:
    """Newest matches first; every word must appear, the last may be unfinished."""
    return [
        SearchHit(
            kind=_KINDS[r.kind],
            portfolio_id=PortfolioId(r.portfolio_id),
            portfolio_title=r.portfolio_title,
            evidence_id=EvidenceId(r.evidence_id) if r.evidence_id else None,
            tag_id=TagId(r.ref) if r.kind == "tag" else None,
            prompt_id=r.ref if r.kind == "response" else None,
            title=r.evidence_title or r.ref,
            snippet=r.snippet,
        )
        for r in stored.search(library.db, text, portfolio_id, limit)
    ]
