"""Versioned schema migrations. The version lives in `PRAGMA user_version`.

Each migration runs in one transaction together with the version bump, so a crash leaves the
database at the old version or the new one. Never edit a released migration: add the next.
Room is left for later parts: observations become evidence of kind 'observation' with their
own table keyed by evidence id; reviews key on portfolio and criterion like assessments; the
consent roster links students to evidence through a join table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from portfolio_app.core.errors import StorageError

if TYPE_CHECKING:
    from portfolio_app.storage.database import Database

_V1 = """
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE credentials (
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('bundled', 'imported')),
    definition TEXT NOT NULL,
    digest TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TABLE stacks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE portfolios (
    id TEXT PRIMARY KEY,
    credential_id TEXT NOT NULL,
    credential_version TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    status TEXT NOT NULL DEFAULT 'draft',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resubmits TEXT REFERENCES portfolios (id) ON DELETE SET NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    FOREIGN KEY (credential_id, credential_version) REFERENCES credentials (id, version)
);
CREATE INDEX portfolios_credential ON portfolios (credential_id, credential_version);
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    kind TEXT NOT NULL
        CHECK (kind IN ('video', 'audio', 'image', 'document', 'note', 'observation')),
    title TEXT NOT NULL,
    blob TEXT REFERENCES blobs (hash),
    original_name TEXT,
    media_type TEXT,
    size_bytes INTEGER,
    duration_s REAL,
    width INTEGER,
    height INTEGER,
    probe TEXT,
    note TEXT NOT NULL DEFAULT '',
    requirement_id TEXT,
    derived_from TEXT REFERENCES evidence (id) ON DELETE SET NULL,
    derivation TEXT,
    students_appear INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evidence_portfolio ON evidence (portfolio_id);
CREATE INDEX evidence_blob ON evidence (blob);
CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    evidence_id TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    start_s REAL,
    end_s REAL,
    x REAL, y REAL, w REAL, h REAL,
    page INTEGER,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((start_s IS NULL) = (end_s IS NULL)),
    CHECK (start_s IS NULL OR (start_s >= 0 AND end_s > start_s)),
    CHECK ((x IS NULL) = (w IS NULL) AND (y IS NULL) = (h IS NULL) AND (x IS NULL) = (y IS NULL))
);
CREATE INDEX tags_evidence ON tags (evidence_id);
CREATE INDEX tags_criterion ON tags (criterion_id);
CREATE TABLE responses (
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    prompt_id TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (portfolio_id, prompt_id)
);
CREATE TABLE assessments (
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    level_id TEXT NOT NULL,
    justification TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (portfolio_id, criterion_id)
);
CREATE TABLE assessment_tags (
    portfolio_id TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (portfolio_id, criterion_id, tag_id),
    FOREIGN KEY (portfolio_id, criterion_id)
        REFERENCES assessments (portfolio_id, criterion_id) ON DELETE CASCADE
);
"""


_V2 = """
ALTER TABLE evidence ADD COLUMN thumbnail TEXT REFERENCES blobs (hash);
ALTER TABLE evidence ADD COLUMN codecs TEXT;
ALTER TABLE evidence ADD COLUMN deleted_at TEXT;
CREATE TABLE markers (
    id TEXT PRIMARY KEY,
    evidence_id TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    at_s REAL NOT NULL CHECK (at_s >= 0),
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX markers_evidence ON markers (evidence_id);
CREATE INDEX evidence_portfolio_blob ON evidence (portfolio_id, blob);
"""


def _run(db: Database, script: str) -> None:
    # Not executescript(): it commits first, which would split the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS: list[tuple[int, Callable[[Database], None]]] = [
    (1, lambda db: _run(db, _V1)),
    (2, lambda db: _run(db, _V2)),  # evidence media: thumbnails, codecs, trash; recording markers
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
            step(db)
            db.execute(f"PRAGMA user_version = {version}")
    return found
