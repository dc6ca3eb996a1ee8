"""The retention setting, the media that shows students with its clock, and what was removed."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio_app.core.retention import RemovedMedia
from portfolio_app.storage.database import Database

DAYS, AFTER = "retention_days", "retention_after"


def setting(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM library_settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(db: Database, key: str, value: str | None) -> None:
    if value is None:
        db.execute("DELETE FROM library_settings WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO library_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def media_with_clock(db: Database, clock_column: str) -> list[tuple]:
    """Every stored file of evidence (in the trash too) whose portfolio's clock has started, not yet removed:
    (evidence id, portfolio id, portfolio title, title, kind, blob, size, students_appear, derivation,
    derived_from, clock)."""
    assert clock_column in ("earned_at", "exported_at")
    return db.execute(
        "SELECT evidence.id, portfolios.id, portfolios.title, evidence.title, evidence.kind, evidence.blob, "
        "evidence.size_bytes, evidence.students_appear, evidence.derivation, evidence.derived_from, "
        f"portfolios.{clock_column} "
        "FROM evidence JOIN portfolios ON portfolios.id = evidence.portfolio_id "
        "WHERE evidence.blob IS NOT NULL AND evidence.id NOT IN (SELECT evidence_id FROM removed_media)"
    ).fetchall()


def evidence_of_blob(db: Database, blob: str) -> list[str]:
    """Every evidence row that names `blob` as its file or thumbnail, removed or not."""
    rows = db.execute("SELECT id FROM evidence WHERE blob = ? OR thumbnail = ?", [blob, blob])
    return [r[0] for r in rows]


def record_removed(db: Database, removed: Iterable[RemovedMedia]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO removed_media (evidence_id, blob, what, size_bytes, removed_at, reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(r.evidence_id, r.blob, r.what, r.size_bytes, r.removed_at, r.reason) for r in removed],
    )


def removed(db: Database) -> list[RemovedMedia]:
    rows = db.execute(
        "SELECT evidence_id, blob, what, size_bytes, removed_at, reason FROM removed_media ORDER BY removed_at"
    )
    return [RemovedMedia(*r) for r in rows]


def removed_blobs(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT blob FROM removed_media")}


def copies_keeping_students(db: Database) -> set[str]:
    """The blurred copies that keep a student's face unblurred: they still show that student."""
    return {r[0] for r in db.execute("SELECT DISTINCT evidence_id FROM kept_faces WHERE person = 'student'")}


def thumbnail_of(db: Database, evidence_id: str) -> str | None:
    row = db.execute("SELECT thumbnail FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    return row[0] if row else None
