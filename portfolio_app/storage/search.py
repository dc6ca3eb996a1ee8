"""Full-text search over the index that migration 3's triggers keep current."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from portfolio_app.storage.database import Database

_TOKEN = re.compile(r"\w+", re.UNICODE)


class SearchRow(NamedTuple):  # a tuple, not a frozen dataclass: 50 of them are made per keystroke
    kind: str  # 'evidence', 'tag' or 'response'
    ref: str  # evidence id, tag id or prompt id
    portfolio_id: str
    portfolio_title: str
    evidence_id: str | None  # the evidence a tag is on (or the evidence itself)
    evidence_title: str | None
    snippet: str


PREFIX_LENGTHS = (6, 4, 3, 2)  # the FTS5 table's prefix indexes (migration 3), longest first
SCAN_LIMIT = 5_000  # rows a widened prefix may read before the search gives what it has


def _fold(word: str) -> str:
    """A word as the index's tokenizer stores it: lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class _Query:
    match: str  # the FTS5 expression
    last: str  # the word being typed, folded
    exact: bool  # True when every row the expression matches is a real match


def fts_query(text: str) -> _Query | None:
    """Every word must appear; the last one may be the start of a word (search as you type).

    The last word is asked through the longest prefix index that fits it (`studen*` for
    "students"), which answers in rowid order without reading every match; when that widens
    the search, the rows are checked against the whole word afterwards.
    """
    words = [_fold(w) for w in _TOKEN.findall(text)]
    if not words:
        return None
    *complete, last = words
    quoted = [f'"{w}"' for w in complete]
    fitting = next((n for n in PREFIX_LENGTHS if n <= len(last)), None)
    if fitting is None:  # one letter: as a word of its own
        return _Query(" AND ".join([*quoted, f'"{last}"']), last, True)
    return _Query(" AND ".join([*quoted, f'"{last[:fitting]}"*']), last, fitting == len(last))


def _starts_a_word(text: str, start: str, pattern: re.Pattern[str]) -> bool:
    lowered = text.casefold()
    if lowered.isascii():  # nearly always: no accents to fold, a regular expression will do
        return pattern.search(lowered) is not None
    return any(_fold(word).startswith(start) for word in _TOKEN.findall(text))


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
    cursor = db.execute(
        f"""
        SELECT d.kind, d.ref, d.portfolio_id, p.title, d.evidence_id, e.title,
               snippet(search_index, 0, '\x02', '\x03', '…', 12), d.text
        FROM search_index
        JOIN search_docs d ON d.id = search_index.rowid
        JOIN portfolios p ON p.id = d.portfolio_id AND p.deleted_at IS NULL
        LEFT JOIN evidence e ON e.id = d.evidence_id
        WHERE search_index MATCH :query {scope}
          AND (d.kind = 'response' OR e.deleted_at IS NULL)
        ORDER BY search_index.rowid DESC
        LIMIT :limit
        """,
        {"query": query.match, "portfolio": portfolio_id, "limit": limit if query.exact else SCAN_LIMIT},
    )
    found: list[SearchRow] = []
    pattern = re.compile(r"\b" + re.escape(query.last))  # once per search, not once per row
    for *row, text in cursor:
        if query.exact or _starts_a_word(text, query.last, pattern):
            found.append(SearchRow._make(row))
            if len(found) == limit:
                break
    cursor.close()
    return found
