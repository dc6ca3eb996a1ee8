"""Opening the library database with the settings every connection needs.

Reads and transactions go straight to sqlite3. Table helpers (insert, upsert, and later
sqlite-utils' transform and full-text search) come from sqlite-utils, loaded on first use:
importing it costs about 0.12 s (it pulls in click, dateutil and numpy), which start-up on an
existing library does not need to pay.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from portfolio_app.core.errors import StorageError
from portfolio_app.storage.migrations import migrate

DB_NAME = "portfolio.db"
BUSY_TIMEOUT = 10.0  # seconds sqlite waits for another process's write lock
BUSY_RETRIES = 5  # then BEGIN is tried again this many times before the user is told


class Database:
    """One SQLite connection, used by one thread at a time (the ui's task runner serialises it)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils: Any = None

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    @contextlib.contextmanager
    def atomic(self, *, durable: bool = True) -> Iterator[Database]:
        """A transaction; nested blocks become savepoints. Rolls back on any exception.

        `durable=False` commits without waiting for the disk (synchronous=NORMAL for this one
        commit): a killed process still loses nothing, a power cut may lose it until `sync()`.
        Only for rows made many times a second whose caller syncs soon after (a coach's key presses).
        """
        if not durable and not self.conn.in_transaction:
            self.conn.execute("PRAGMA synchronous=NORMAL")
            try:
                with self.atomic() as db:
                    yield db
            finally:
                self.conn.execute("PRAGMA synchronous=FULL")
            return
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
        self._begin_immediate()
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        """Take the write lock now, not half-way through; wait while another process holds it.

        The connection's busy timeout already waits up to BUSY_TIMEOUT seconds; a few more tries
        cover a writer that keeps the lock longer (a big import in another window), and then
        the user gets a message instead of sqlite3's "database is locked".
        """
        for attempt in range(BUSY_RETRIES + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise StorageError(f"The library database cannot be written: {exc}") from exc
                if attempt == BUSY_RETRIES:
                    raise StorageError(
                        "The library is busy: another window or command has been writing to it for a long "
                        "time. Try again when it has finished."
                    ) from exc

    def sync(self) -> None:
        """Make every commit so far survive a power cut (those made with `durable=False` included)."""
        # In WAL mode the log is appended in order: one fsync of it covers every earlier commit.
        row = self.conn.execute("PRAGMA database_list").fetchone()
        wal = Path(f"{row[2]}-wal") if row and row[2] else None
        if wal is None or not wal.is_file():
            return
        try:
            with open(wal, "rb+") as log:  # Windows fsyncs only a file opened for writing
                os.fsync(log.fileno())
        except OSError as exc:
            raise StorageError(f"The library database could not be saved to disk: {exc}") from exc

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


def rows_in(db: Database, sql: str, values: Sequence[Any], chunk: int = 500) -> Iterator[tuple]:
    """The rows of `sql`, whose `{marks}` stands for the placeholders of an IN list of `values`, asked for
    `chunk` values at a time (SQLite's limit on bound parameters is far above 500)."""
    for start in range(0, len(values), chunk):
        part = list(values[start : start + chunk])
        yield from db.execute(sql.format(marks=", ".join("?" * len(part))), part)


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate the database at `path`.

    WAL lets the window read while a worker writes; synchronous=FULL makes a commit survive
    power loss (the write volume here is small, durability matters more than speed).
    """
    try:
        # isolation_level=None: statements outside atomic() commit at once, never an open
        # transaction that nobody commits; atomic() issues BEGIN and COMMIT itself.
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None)
        db = Database(conn)
        _set_wal(db)
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"The library database {path} cannot be opened: {exc}") from exc
    migrate(db)
    return db


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _set_wal(db: Database) -> None:
    """Switch to WAL. Switching needs a moment alone with the file: when two processes create
    a library at once, the busy handler does not cover it, so try again a few times."""
    for attempt in range(50):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == 49:
                raise
            import time

            time.sleep(0.02 * (attempt + 1))  # backing off from another process, not waiting for a test
