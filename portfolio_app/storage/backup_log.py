"""The library backups made (folder, when, how much), for the reminder and Back Up Library…."""

from __future__ import annotations

from portfolio_app.storage.database import Database


def record_backup(db: Database, folder: str, finished_at: str, files: int, bytes_copied: int) -> None:
    db.execute(
        "INSERT INTO backups (folder, finished_at, files, bytes_copied) VALUES (?, ?, ?, ?)",
        [folder, finished_at, files, bytes_copied],
    )


def last_backup(db: Database) -> tuple[str, str] | None:
    """(folder, finished_at) of the latest backup, or None."""
    row = db.execute("SELECT folder, finished_at FROM backups ORDER BY finished_at DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None
