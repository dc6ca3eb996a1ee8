"""Which stored blobs rows still name, and forgetting the `blobs` rows of those nothing names.

A blob is referenced when any column that is a foreign key to `blobs (hash)` names it, in any
table: evidence files and thumbnails today, and whatever later tables (observations, reviews,
outbox items) declare the same way. Soft-deleted rows (the trash) still name their blobs, so
what can be restored keeps its file.
"""

from __future__ import annotations

from collections.abc import Iterable

from portfolio_app.storage.database import Database


def _referencing_columns(db: Database) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to blobs(hash)."""
    columns: list[tuple[str, str]] = []
    for table in db.table_names():
        if table == "blobs" or table.startswith("sqlite_"):
            continue
        for row in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if row[2] == "blobs" and row[4] in (None, "hash"):
                columns.append((table, row[3]))
    return columns


def referenced_blobs(db: Database) -> set[str]:
    """Every blob hash a row names."""
    found: set[str] = set()
    for table, column in _referencing_columns(db):
        found |= {r[0] for r in db.execute(f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')}
    return found


def delete_blob_rows(db: Database, blobs: Iterable[str]) -> None:
    """Forget blobs (call inside a transaction that has checked nothing names them)."""
    for blob in blobs:
        db.execute("DELETE FROM blobs WHERE hash = ?", [blob])
