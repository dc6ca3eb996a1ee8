"""Versioned schema migrations. The version lives in `PRAGMA user_version`.

Each migration runs in one transaction together with the version bump, so a crash leaves the
database at the old version or the new one. Never edit a released migration: add the next.
Room is left for later parts: observations become evidence of kind 'observation' with their
own table keyed by evidence id; reviews key on portfolio and criterion like assessments.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from portfolio_app.core.errors import StorageError
from portfolio_app.storage import schema_portfolios as portfolios_sql
from portfolio_app.storage import schema_records as records_sql
from portfolio_app.storage.observation_schema import OBSERVATIONS_V5, OBSERVATIONS_V15


class Database(Protocol):
    """What a migration needs of the database (storage.database.Database is one): migrations come
    below the database module, which runs them when it opens a library."""

    def execute(self, sql: str, parameters: Any = ...) -> Any: ...

    def atomic(self) -> AbstractContextManager[Any]: ...


def _run(db: Database, script: str) -> None:
    # Not executescript(): it commits first, which would split the migration's transaction.
    # Statements end with ";" at the end of a line; trigger bodies keep theirs inside BEGIN … END.
    statement: list[str] = []
    for line in script.splitlines():
        statement.append(line)
        text = "\n".join(statement).strip()
        if text.endswith(";") and (" BEGIN" not in text or text.endswith("END;")):
            db.execute(text)
            statement = []
    if "\n".join(statement).strip():
        db.execute("\n".join(statement))


MIGRATIONS: list[tuple[int, Callable[[Database], None]]] = [
    (1, lambda db: _run(db, portfolios_sql.V1)),
    (2, lambda db: _run(db, portfolios_sql.V2)),  # evidence media: thumbnails, codecs, trash; recording markers
    (3, lambda db: _run(db, portfolios_sql.V3)),  # full-text search; indexes for tags by criterion and assessment links
    (4, lambda db: _run(db, portfolios_sql.V4)),  # consent roster: classes, students, who appears in evidence
    (5, lambda db: _run(db, OBSERVATIONS_V5)),  # observations: schemes, keys, events, notes, ratings, signed records
    (6, lambda db: _run(db, records_sql.V6)),  # reviews, exported bundles per attempt, imported feedback
    (7, lambda db: _run(db, records_sql.V7)),  # imported trust lists; library backups made (for the reminder)
    (8, lambda db: _run(db, records_sql.V8)),  # the outbox: destinations, queued uploads and receipts
    (9, lambda db: _run(db, records_sql.V9)),  # talk time analyses, one per evidence item
    (10, lambda db: _run(db, records_sql.V10)),  # privacy: names, dismissals, names covered, kept faces, retention
    (11, lambda db: _run(db, records_sql.V11)),  # badges: the teacher's shelf, and credentials issued from decisions
    (12, lambda db: _run(db, records_sql.V12)),  # start-up: evidence counts per portfolio from an index
    (13, lambda db: _run(db, records_sql.V13)),  # a tag's search entry follows the tag to another evidence item
    (14, lambda db: _run(db, portfolios_sql.V14)),  # an exported portfolio that changes is a draft again
    (15, lambda db: _run(db, OBSERVATIONS_V15)),  # recordings made while observing (the events' clock)
    (16, lambda db: _run(db, records_sql.V16)),  # talk time on a recording made while observing
    (17, lambda db: _run(db, records_sql.V17)),  # each exported file's evidence, for badges naming it by hash
]
LATEST = MIGRATIONS[-1][0]


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring the schema to LATEST; returns the version found before migrating."""
    found = schema_version(db)
    if found > LATEST:
        raise StorageError(
            f"This library was written by a newer version of the app (schema {found}, "
            f"this app knows up to {LATEST}). Update the app to open it."
        )
    for version, step in MIGRATIONS:
        if version <= found:
            continue
        with db.atomic():
            # Another process opening the same library may have migrated meanwhile: decide
            # again under the write lock that atomic() holds.
            if schema_version(db) >= version:
                continue
            step(db)
            db.execute(f"PRAGMA user_version = {version}")
    return found
