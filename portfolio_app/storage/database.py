"""Opening the library database with the settings every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from portfolio_app.core.errors import StorageError
from portfolio_app.storage.migrations import migrate

DB_NAME = "portfolio.db"


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`.

    WAL lets the window read while a worker writes; synchronous=FULL makes a commit survive
    power loss (the write volume here is small, durability matters more than speed).
    """
    try:
        # One connection, used by one thread at a time: the ui's task runner serialises access.
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"The library database {path} cannot be opened: {exc}") from exc
    migrate(db)
    return db
