"""Evidence rows and recording markers. Blobs are written to the media store before the row
that names them, so a row never points at a missing file."""

from __future__ import annotations

from portfolio_app.core.ids import EvidenceId, MarkerId, PortfolioId
from portfolio_app.core.portfolio import Evidence, Marker
from portfolio_app.storage.database import Database, rows_in
from portfolio_app.storage.rows import evidence_from_rows, evidence_to_row


def insert_blob(db: Database, blob: str, size_bytes: int, now: str) -> None:
    db.execute(
        "INSERT INTO blobs (hash, size_bytes, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [blob, size_bytes, now],
    )


def blob_is_referenced(db: Database, blob: str) -> bool:
    row = db.execute("SELECT 1 FROM evidence WHERE blob = ?1 OR thumbnail = ?1 LIMIT 1", [blob]).fetchone()
    if row is None:  # the summary and table a signed observation carries are kept beside its record
        row = db.execute(
            "SELECT 1 FROM observation_evidence WHERE summary_blob = ?1 OR table_blob = ?1 LIMIT 1", [blob]
        ).fetchone()
    if row is None:  # a coach's recording belongs to the observation it was made in
        row = db.execute("SELECT 1 FROM observation_recordings WHERE blob = ? LIMIT 1", [blob]).fetchone()
    return row is not None


def insert(db: Database, evidence: Evidence, now: str) -> None:
    db["evidence"].insert(evidence_to_row(evidence, now))


def _rows(db: Database, sql: str, parameters: list) -> list[Evidence]:
    cursor = db.execute(sql, parameters)
    return evidence_from_rows([c[0] for c in cursor.description], cursor.fetchall())


def for_portfolio(db: Database, portfolio_id: PortfolioId) -> list[Evidence]:
    return _rows(
        db,
        "SELECT * FROM evidence WHERE portfolio_id = ? AND deleted_at IS NULL ORDER BY created_at, id",
        [portfolio_id],
    )


def get(db: Database, evidence_id: str, *, include_deleted: bool = False) -> Evidence | None:
    sql = "SELECT * FROM evidence WHERE id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    found = _rows(db, sql, [evidence_id])
    return found[0] if found else None


def ids_starting_with(db: Database, prefix: str) -> list[EvidenceId]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute(
        "SELECT id FROM evidence WHERE id LIKE ? ESCAPE '\\' AND deleted_at IS NULL LIMIT 2", [escaped + "%"]
    ).fetchall()
    return [EvidenceId(r[0]) for r in rows]


def find_by_blob(db: Database, portfolio_id: str, blob: str) -> Evidence | None:
    found = _rows(
        db,
        "SELECT * FROM evidence WHERE portfolio_id = ? AND blob = ? AND deleted_at IS NULL LIMIT 1",
        [portfolio_id, blob],
    )
    return found[0] if found else None


def titles_by_blob(db: Database, blobs: list[str]) -> dict[str, str]:
    """The title of an evidence item (not deleted) holding each blob, where this library has one."""
    titles: dict[str, str] = {}
    sql = "SELECT blob, title FROM evidence WHERE blob IN ({marks}) AND deleted_at IS NULL ORDER BY created_at"
    for blob, title in rows_in(db, sql, blobs):
        titles.setdefault(blob, title)
    return titles


def set_title(db: Database, evidence_id: str, title: str, now: str) -> None:
    db.execute("UPDATE evidence SET title = ?, updated_at = ? WHERE id = ?", [title, now, evidence_id])


def set_note(db: Database, evidence_id: str, blob: str, size_bytes: int, text: str, now: str) -> None:
    """Point a note at the blob of its new text (the row keeps the text too, for search and the names check)."""
    db.execute(
        "UPDATE evidence SET blob = ?, size_bytes = ?, note = ?, updated_at = ? WHERE id = ?",
        [blob, size_bytes, text, now, evidence_id],
    )


def set_deleted(db: Database, evidence_id: str, deleted_at: str | None) -> None:
    db.execute("UPDATE evidence SET deleted_at = ? WHERE id = ?", [deleted_at, evidence_id])


def insert_marker(db: Database, marker: Marker) -> None:
    db.execute(
        "INSERT INTO markers (id, evidence_id, at_s, label, created_at) VALUES (?, ?, ?, ?, ?)",
        [marker.id, marker.evidence_id, marker.at_s, marker.label, marker.created_at],
    )


def markers(db: Database, evidence_id: str) -> list[Marker]:
    rows = db.execute(
        "SELECT id, evidence_id, at_s, label, created_at FROM markers WHERE evidence_id = ? ORDER BY at_s",
        [evidence_id],
    ).fetchall()
    return [Marker(MarkerId(r[0]), EvidenceId(r[1]), r[2], r[3], r[4]) for r in rows]


def referenced_blobs(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT hash FROM blobs").fetchall()}
