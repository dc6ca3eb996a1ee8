"""Full-text search over the index that migration 3's triggers keep current."""

from __future__ import annotations

import re
from dataclasses import dataclass

from portfolio_app.storage.database import Database

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchRow:
    kind: str  # 'evidence', 'tag' or 'response'
    ref: str  # evidence id, tag id or prompt id
    portfolio_id: str
    evidence_id: str | None  # the evidence a tag is on (or the evidence itself)
    snippet: str


def fts_query(text: str) -> str | None:
    """Every word must appear; the last one may be the start of a word (search as you type)."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def search(db: Database, text: str, portfolio_id: str | None = None, limit: int = 50) -> list[SearchRow]:
    """Matches, newest first, leaving out what is in the trash.

    Newest first rather than by bm25 rank: FTS5 walks its index in rowid order and stops at
    `limit`, so a common word answers as fast in 100,000 notes as in 1,000; ranking would score
    every match first.
    """
    query = fts_query(text)
    if query is None:
        return []
    scope = "AND d.portfolio_id = :portfolio" if portfolio_id else ""
    rows = db.execute(
        f"""
        SELECT d.kind, d.ref, d.portfolio_id, coalesce(t.evidence_id, e.id),
               snippet(search_index, 0, '\x02', '\x03', '…', 12)
        FROM search_index
        JOIN search_docs d ON d.id = search_index.rowid
        JOIN portfolios p ON p.id = d.portfolio_id AND p.deleted_at IS NULL
        LEFT JOIN tags t ON d.kind = 'tag' AND t.id = d.ref
        LEFT JOIN evidence e ON e.id = (CASE d.kind WHEN 'evidence' THEN d.ref WHEN 'tag' THEN t.evidence_id END)
        WHERE search_index MATCH :query {scope}
          AND (d.kind = 'response' OR e.deleted_at IS NULL)
        ORDER BY search_index.rowid DESC
        LIMIT :limit
        """,
        {"query": query, "portfolio": portfolio_id, "limit": limit},
    ).fetchall()
    return [SearchRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]
