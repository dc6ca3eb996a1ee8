"""Opening the library database with the settings every connection needs.

Reads and transactions go straight to sqlite3. Table helpers (insert, upsert, and later
sqlite-utils' transform and full-text search) come from sqlite-utils, loaded on first use:
importing it costs about 0.12 s (it pulls in click, dateutil and numpy), which start-up on an
existing library does not need to pay.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from portfolio_app.core.errors import StorageError
from portfolio_app.storage.migrations import migrate

DB_NAME = "portfolio.db"


class Database:
    """One SQLite connection, used by one thread at a time (the ui's task runner serialises it)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils: Any = None

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction; nested blocks become savepoints. Rolls back on any exception."""
        if self.conn.in_transaction:
            name = f"sp_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")  # take the write lock now, not half-way through
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def table_names(self) -> list[str]:
        return [r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def __getitem__(self, table: str) -> Any:
        """A sqlite-utils Table, for its insert/upsert helpers."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False, recursive_triggers=False)
        return self._utils[table]

    def close(self) -> None:
        self.conn.close()


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate the database at `path`.

    WAL lets the window read while a worker writes; synchronous=FULL makes a commit survive
    power loss (the write volume here is small, durability matters more than speed).
    """
    try:
        # isolation_level=None: statements outside atomic() commit at once, never an open
        # transaction that nobody commits; atomic() issues BEGIN and COMMIT itself.
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10, isolation_level=None)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"The library database {path} cannot be opened: {exc}") from exc
    migrate(db)
    return db
