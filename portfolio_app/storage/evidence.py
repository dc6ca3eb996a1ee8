"""Evidence rows. Blobs are written to the media store before the row that names them."""

from __future__ import annotations

from portfolio_app.core.ids import PortfolioId
from portfolio_app.core.portfolio import Evidence
from portfolio_app.storage.database import Database
from portfolio_app.storage.rows import evidence_from_row, evidence_to_row


def insert_blob(db: Database, blob: str, size_bytes: int, now: str) -> None:
    db.execute(
        "INSERT INTO blobs (hash, size_bytes, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [blob, size_bytes, now],
    )


def insert(db: Database, evidence: Evidence, now: str) -> None:
    db["evidence"].insert(evidence_to_row(evidence, now))


def for_portfolio(db: Database, portfolio_id: PortfolioId) -> list[Evidence]:
    cursor = db.execute("SELECT * FROM evidence WHERE portfolio_id = ? ORDER BY created_at", [portfolio_id])
    names = [c[0] for c in cursor.description]
    return [evidence_from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def referenced_blobs(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT hash FROM blobs").fetchall()}
