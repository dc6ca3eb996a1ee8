"""A search result: where the words were found, and the text around them."""

from __future__ import annotations

import enum
from typing import NamedTuple

from portfolio_app.core.ids import EvidenceId, PortfolioId, TagId

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
