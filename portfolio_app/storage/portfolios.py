"""Portfolio rows: one attempt at one credential version."""

from __future__ import annotations

from portfolio_app.core.ids import PortfolioId
from portfolio_app.core.portfolio import Portfolio, PortfolioSummary
from portfolio_app.storage.database import Database
from portfolio_app.storage.rows import portfolio_from_row

_SUMMARY = """
SELECT p.*, c.title AS credential_title,
       (SELECT count(*) FROM evidence e WHERE e.portfolio_id = p.id AND e.deleted_at IS NULL) AS evidence_count,
       (SELECT count(*) FROM tags t JOIN evidence e ON e.id = t.evidence_id
         WHERE e.portfolio_id = p.id AND e.deleted_at IS NULL) AS tag_count
FROM portfolios p
JOIN credentials c ON c.id = p.credential_id AND c.version = p.credential_version
WHERE ? IS NULL OR (p.deleted_at IS NULL) = ?
ORDER BY c.title, p.updated_at DESC
"""


def insert(db: Database, portfolio: Portfolio) -> None:
    db["portfolios"].insert(
        {
            "id": portfolio.id,
            "credential_id": portfolio.credential_id,
            "credential_version": portfolio.credential_version,
            "title": portfolio.title,
            "status": str(portfolio.status),
            "created_at": portfolio.created_at,
            "updated_at": portfolio.updated_at,
            "resubmits": portfolio.resubmits,
            "attempt": portfolio.attempt,
        }
    )


def get(db: Database, portfolio_id: str, *, include_deleted: bool = False) -> Portfolio | None:
    sql = "SELECT * FROM portfolios WHERE id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    cursor = db.execute(sql, [portfolio_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return portfolio_from_row(dict(zip([c[0] for c in cursor.description], row, strict=True)))


def ids_starting_with(db: Database, prefix: str) -> list[PortfolioId]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute(
        "SELECT id FROM portfolios WHERE id LIKE ? ESCAPE '\\' AND deleted_at IS NULL LIMIT 2",
        [escaped + "%"],
    ).fetchall()
    return [PortfolioId(r[0]) for r in rows]


def summaries(db: Database, *, deleted: bool | None = False) -> list[PortfolioSummary]:
    """Active portfolios, those in the trash (`deleted=True`), or both (`deleted=None`)."""
    active = None if deleted is None else not deleted
    cursor = db.execute(_SUMMARY, [active, active])
    names = [c[0] for c in cursor.description]
    result = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        result.append(
            PortfolioSummary(
                portfolio=portfolio_from_row(row),
                credential_title=row["credential_title"],
                evidence_count=row["evidence_count"],
                tag_count=row["tag_count"],
            )
        )
    return result


def any_active(db: Database) -> bool:
    """Whether any portfolio is outside the trash (one row looked at, not the list)."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM portfolios WHERE deleted_at IS NULL)").fetchone()[0] == 1


def set_title(db: Database, portfolio_id: str, title: str, now: str) -> None:
    db.execute("UPDATE portfolios SET title = ?, updated_at = ? WHERE id = ?", [title, now, portfolio_id])


def set_deleted(db: Database, portfolio_id: str, deleted_at: str | None) -> None:
    db.execute("UPDATE portfolios SET deleted_at = ? WHERE id = ?", [deleted_at, portfolio_id])


def count_for_credential(db: Database) -> dict[tuple[str, str], int]:
    rows = db.execute(
        "SELECT credential_id, credential_version, count(*) FROM portfolios WHERE deleted_at IS NULL GROUP BY 1, 2"
    ).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def purge(db: Database, portfolio_id: str) -> None:
    db.execute("DELETE FROM portfolios WHERE id = ?", [portfolio_id])


def mark_exported(db: Database, portfolio_id: str, now: str) -> None:
    """A draft portfolio becomes exported (an exported or later one stays as it is)."""
    db.execute(
        "UPDATE portfolios SET status = 'exported', updated_at = ? WHERE id = ? AND status = 'draft'",
        [now, portfolio_id],
    )
