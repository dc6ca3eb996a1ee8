"""Use case: find words in evidence titles and notes, tag notes and answers, and say where they are."""

from __future__ import annotations

import enum
from typing import NamedTuple

from portfolio_app.core.ids import EvidenceId, PortfolioId, TagId
from portfolio_app.services.library import Library
from portfolio_app.storage import search as stored

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # around each matched word in `snippet`


class HitKind(enum.StrEnum):
    EVIDENCE = "evidence"
    TAG = "tag"
    RESPONSE = "response"


class SearchHit(NamedTuple):  # immutable and cheap to make: up to 50 per keystroke
    kind: HitKind
    portfolio_id: PortfolioId
    portfolio_title: str
    evidence_id: EvidenceId | None  # the evidence, or the evidence the tag is on
    tag_id: TagId | None
    prompt_id: str | None
    title: str  # what the place is called: evidence title or prompt id
    snippet: str  # the matching text, matches between HIGHLIGHT_START and HIGHLIGHT_END

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")


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
