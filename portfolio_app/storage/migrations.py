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
from portfolio_app.storage.observation_schema import OBSERVATIONS_V5


class Database(Protocol):
    """What a migration needs of the database (storage.database.Database is one): migrations come
    below the database module, which runs them when it opens a library."""

    def execute(self, sql: str, parameters: Any = ...) -> Any: ...

    def atomic(self) -> AbstractContextManager[Any]: ...


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


# Full-text search over evidence titles and notes, tag notes and responses. `search_docs` holds one
# row per searchable thing, kept current by triggers on the tables it reads; `search_index` is an
# FTS5 index over it (external content), kept current by triggers on `search_docs`. Triggers, not
# application code, so that no write path can forget to index (rows removed by ON DELETE CASCADE too).
_V3 = """
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('evidence', 'tag', 'response')),
    ref TEXT NOT NULL,
    portfolio_id TEXT NOT NULL,
    evidence_id TEXT,  -- the evidence, or the evidence a tag is on: results need no join through tags
    text TEXT NOT NULL,
    UNIQUE (kind, ref, portfolio_id)  -- evidence and tag ids are unique alone; prompt ids per portfolio
);
-- Prefix indexes for words of 2, 3, 4 and 6 letters being typed: FTS5 answers `word*` of those
-- lengths from a stored list, in rowid order, and stops at LIMIT; other lengths would merge the
-- full lists of every matching word first (see storage/search.py).
CREATE VIRTUAL TABLE search_index USING fts5(
    text, content = 'search_docs', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4 6'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_index (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_index (search_index, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE OF text ON search_docs BEGIN
    INSERT INTO search_index (search_index, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO search_index (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER evidence_search_ai AFTER INSERT ON evidence BEGIN
    INSERT INTO search_docs (kind, ref, portfolio_id, evidence_id, text)
    VALUES ('evidence', new.id, new.portfolio_id, new.id, new.title || char(10) || new.note);
END;
CREATE TRIGGER evidence_search_au AFTER UPDATE OF title, note ON evidence BEGIN
    UPDATE search_docs SET text = new.title || char(10) || new.note
    WHERE kind = 'evidence' AND portfolio_id = new.portfolio_id AND ref = new.id;
END;
CREATE TRIGGER evidence_search_ad AFTER DELETE ON evidence BEGIN
    DELETE FROM search_docs WHERE kind = 'evidence' AND portfolio_id = old.portfolio_id AND ref = old.id;
END;
CREATE TRIGGER tags_search_ai AFTER INSERT ON tags BEGIN
    INSERT INTO search_docs (kind, ref, portfolio_id, evidence_id, text)
    VALUES ('tag', new.id, (SELECT portfolio_id FROM evidence WHERE id = new.evidence_id), new.evidence_id, new.note);
END;
CREATE TRIGGER tags_search_au AFTER UPDATE OF note ON tags BEGIN
    UPDATE search_docs SET text = new.note WHERE kind = 'tag' AND ref = new.id;
END;
CREATE TRIGGER tags_search_ad AFTER DELETE ON tags BEGIN
    -- by id alone: when a cascade removes the tag, its evidence row may already be gone
    DELETE FROM search_docs WHERE kind = 'tag' AND ref = old.id;
END;
CREATE TRIGGER responses_search_ai AFTER INSERT ON responses BEGIN
    INSERT INTO search_docs (kind, ref, portfolio_id, text)
    VALUES ('response', new.prompt_id, new.portfolio_id, new.text);
END;
CREATE TRIGGER responses_search_au AFTER UPDATE OF text ON responses BEGIN
    UPDATE search_docs SET text = new.text
    WHERE kind = 'response' AND portfolio_id = new.portfolio_id AND ref = new.prompt_id;
END;
CREATE TRIGGER responses_search_ad AFTER DELETE ON responses BEGIN
    DELETE FROM search_docs WHERE kind = 'response' AND portfolio_id = old.portfolio_id AND ref = old.prompt_id;
END;
INSERT INTO search_docs (kind, ref, portfolio_id, evidence_id, text)
    SELECT 'evidence', id, portfolio_id, id, title || char(10) || note FROM evidence;
INSERT INTO search_docs (kind, ref, portfolio_id, evidence_id, text)
    SELECT 'tag', tags.id, evidence.portfolio_id, tags.evidence_id, tags.note
    FROM tags JOIN evidence ON evidence.id = tags.evidence_id;
INSERT INTO search_docs (kind, ref, portfolio_id, text)
    SELECT 'response', prompt_id, portfolio_id, text FROM responses;
CREATE INDEX tags_evidence_criterion ON tags (evidence_id, criterion_id);
CREATE INDEX assessment_tags_tag ON assessment_tags (tag_id)
"""


# The consent roster: classes, their students and consents, who appears in which evidence, and the
# class a portfolio's lessons were taught to. Names are unique without regard to case: "Maya" and
# "maya" in one class are one student to a teacher, and to a CSV re-import.
_V4 = """
CREATE TABLE classes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE students (
    id TEXT PRIMARY KEY,
    class_id TEXT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    consent_video INTEGER NOT NULL DEFAULT 0 CHECK (consent_video IN (0, 1)),
    consent_photo INTEGER NOT NULL DEFAULT 0 CHECK (consent_photo IN (0, 1)),
    consent_audio INTEGER NOT NULL DEFAULT 0 CHECK (consent_audio IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (class_id, name COLLATE NOCASE)
);
CREATE TABLE evidence_students (
    evidence_id TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    PRIMARY KEY (evidence_id, student_id)
);
CREATE INDEX evidence_students_student ON evidence_students (student_id);
ALTER TABLE portfolios ADD COLUMN class_id TEXT REFERENCES classes (id) ON DELETE SET NULL;
CREATE INDEX portfolios_class ON portfolios (class_id)
"""

# Observations (a coach's in-room coding): the schema is long, so it has its own module.
_V5 = OBSERVATIONS_V5

_V7 = """
CREATE TABLE trust_lists (
    issuer_fingerprint TEXT PRIMARY KEY CHECK (length(issuer_fingerprint) = 64),
    organisation TEXT NOT NULL COLLATE NOCASE UNIQUE,
    issued_at TEXT NOT NULL,
    document TEXT NOT NULL,
    tag_manifest_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE backups (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    files INTEGER NOT NULL,
    bytes_copied INTEGER NOT NULL
)
"""

_V11 = """
CREATE TABLE badges (
    id TEXT PRIMARY KEY,
    credential TEXT NOT NULL,
    name TEXT NOT NULL,
    achievement_id TEXT NOT NULL,
    achievement_name TEXT NOT NULL,
    credential_id TEXT,
    credential_version TEXT,
    issuer_name TEXT NOT NULL,
    issuer_did TEXT NOT NULL,
    issuer_fingerprint TEXT NOT NULL CHECK (length(issuer_fingerprint) = 64),
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    imported_at TEXT NOT NULL,
    image BLOB,
    image_type TEXT CHECK (image_type IN ('png', 'svg'))
);
CREATE INDEX badges_credential ON badges (credential_id);
CREATE TABLE issued_badges (
    decision_sha256 TEXT PRIMARY KEY CHECK (length(decision_sha256) = 64),
    credential_id TEXT NOT NULL UNIQUE,
    credential TEXT NOT NULL,
    issuer_fingerprint TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
"""

# The outbox: destinations (a tus endpoint or a folder; tokens stay in the OS keychain) and the
# files queued for them, each with its upload URL and offset (so a new process resumes where the
# server is) and, once done, its receipt.
_V8 = """
CREATE TABLE destinations (
    name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('tus', 'folder')),
    target TEXT NOT NULL,
    has_token INTEGER NOT NULL DEFAULT 0 CHECK (has_token IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    size INTEGER NOT NULL CHECK (size >= 0),
    mtime_ns INTEGER NOT NULL,
    destination TEXT NOT NULL REFERENCES destinations (name) ON UPDATE CASCADE ON DELETE RESTRICT,
    upload_url TEXT,
    offset INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    queued_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    receipt_location TEXT,
    receipt_sha256 TEXT,
    receipt_verified INTEGER CHECK (receipt_verified IN (0, 1)),
    receipt_at TEXT
);
CREATE INDEX outbox_state ON outbox (state, queued_at);
CREATE INDEX outbox_destination ON outbox (destination)
"""

# Talk time: one analysis per evidence item (a re-run replaces it), tied to the file it measured, with
# the teacher sample and question markers it was run with. The shares are columns, for lists.
_V9 = """
CREATE TABLE talk_analyses (
    evidence_id TEXT PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
    blob TEXT NOT NULL,
    sample_start_s REAL NOT NULL CHECK (sample_start_s >= 0),
    sample_end_s REAL NOT NULL CHECK (sample_end_s > sample_start_s),
    questions TEXT NOT NULL,
    result TEXT NOT NULL,
    teacher_share REAL NOT NULL,
    student_share REAL NOT NULL,
    silence_share REAL NOT NULL,
    created_at TEXT NOT NULL
)
"""


# A tag that moves to another evidence item (a blurred or redacted copy takes its original's
# place) moves its search entry too: the trigger did only the note, so a service did the rest
# by hand.
_V13 = """
DROP TRIGGER tags_search_au;
CREATE TRIGGER tags_search_au AFTER UPDATE OF note, evidence_id ON tags BEGIN
    UPDATE search_docs SET text = new.note, evidence_id = new.evidence_id,
        portfolio_id = (SELECT portfolio_id FROM evidence WHERE id = new.evidence_id)
    WHERE kind = 'tag' AND ref = new.id;
END;
"""


# Reviews and the feedback that comes back. The reviewer's side: a review keyed by the bundle it
# answers (tag-manifest SHA-256) and the rubric's hash, one score per criterion, privacy flags on
# evidence. The teacher's side: every exported bundle's tag-manifest hash per attempt (so feedback
# is matched to the exact attempt), and imported feedback, one row per signed record, never
# updated (a second reviewer's record is a second row).
_V6 = """
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    bundle_sha256 TEXT NOT NULL CHECK (length(bundle_sha256) = 64),
    rubric_sha256 TEXT NOT NULL CHECK (length(rubric_sha256) = 64),
    bundle_path TEXT NOT NULL,
    signer_fingerprint TEXT NOT NULL,
    submission TEXT NOT NULL,
    overall_feedback TEXT NOT NULL DEFAULT '',
    decision TEXT CHECK (decision IN ('earned', 'resubmit')),
    signed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (bundle_sha256, rubric_sha256)
);
CREATE TABLE review_scores (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    level_id TEXT NOT NULL,
    feedback TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, criterion_id)
);
CREATE TABLE review_flags (
    review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    evidence_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (review_id, evidence_id)
);
CREATE TABLE exports (
    bundle_sha256 TEXT PRIMARY KEY CHECK (length(bundle_sha256) = 64),
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    rubric_sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    file_name TEXT NOT NULL,
    draft INTEGER NOT NULL CHECK (draft IN (0, 1)),
    exported_at TEXT NOT NULL
);
CREATE INDEX exports_portfolio ON exports (portfolio_id);
CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    bundle_sha256 TEXT NOT NULL,  -- an exports row of the same portfolio
    record_sha256 TEXT NOT NULL UNIQUE,
    reviewer_fingerprint TEXT NOT NULL,
    reviewer_public_key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('earned', 'resubmit')),
    overall_feedback TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX feedback_portfolio ON feedback (portfolio_id);
CREATE TABLE feedback_criteria (
    feedback_id TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    level_id TEXT NOT NULL,
    passes INTEGER NOT NULL CHECK (passes IN (0, 1)),
    feedback TEXT NOT NULL,
    PRIMARY KEY (feedback_id, criterion_id)
);
CREATE TRIGGER feedback_never_updated BEFORE UPDATE ON feedback BEGIN
    SELECT RAISE(ABORT, 'feedback is never overwritten');
END;
CREATE TRIGGER feedback_criteria_never_updated BEFORE UPDATE ON feedback_criteria BEGIN
    SELECT RAISE(ABORT, 'feedback is never overwritten');
END;
"""


# Privacy, second pass. Students' names that leave the laptop: each student's pseudonym and full
# names beside the roster name; "not a student's name" remembered per place (spot) and name; the
# files whose unreadable names the teacher confirmed covered. Whose face a blurred copy keeps. And
# retention: library settings, a row for each file removed on purpose saying what it was, and when
# a portfolio was earned and first exported (the retention clocks), stamped by triggers so that no
# write path can forget them (existing portfolios take their last change as the best guess).
_V10 = """
CREATE TABLE student_names (
    student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('pseudonym', 'full')),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    PRIMARY KEY (student_id, kind, name)
);
CREATE TABLE name_dismissals (
    portfolio_id TEXT NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    spot TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (portfolio_id, spot, name)
);
CREATE TABLE names_covered (
    evidence_id TEXT PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
    confirmed_at TEXT NOT NULL
);
CREATE TABLE kept_faces (
    evidence_id TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    track INTEGER NOT NULL,
    person TEXT NOT NULL CHECK (person IN ('teacher', 'adult', 'student', 'unknown')),
    student_id TEXT REFERENCES students (id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (evidence_id, track)
);
CREATE TABLE library_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE removed_media (
    evidence_id TEXT PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
    blob TEXT NOT NULL,
    what TEXT NOT NULL,
    size_bytes INTEGER,
    removed_at TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX removed_media_blob ON removed_media (blob);
ALTER TABLE portfolios ADD COLUMN earned_at TEXT;
ALTER TABLE portfolios ADD COLUMN exported_at TEXT;
CREATE TRIGGER portfolios_earned_at AFTER UPDATE OF status ON portfolios
WHEN new.status = 'passed' AND old.status IS NOT 'passed' BEGIN
    UPDATE portfolios SET earned_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = new.id;
END;
CREATE TRIGGER portfolios_exported_at AFTER UPDATE OF status ON portfolios
WHEN new.status = 'exported' AND old.status IS NOT 'exported' BEGIN
    UPDATE portfolios SET exported_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE id = new.id;
END;
UPDATE portfolios SET earned_at = updated_at WHERE status = 'passed';
UPDATE portfolios SET exported_at = updated_at WHERE status IN ('exported', 'submitted', 'passed', 'denied')
"""


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


# The library list counts each portfolio's evidence (and, through it, its tags) at start-up: with
# this index the counts read the index alone, 19 ms -> 4 ms on 500 portfolios and 10,000 rows.
_V12 = """
CREATE INDEX evidence_portfolio_live ON evidence (portfolio_id, deleted_at, id);
"""


# An exported portfolio that changes goes back to draft: the bundle no longer shows what the
# library holds. Triggers, so that no edit of any kind (evidence, tags, answers, self-assessment)
# can forget it; `exported_at` stays, so the window can say it changed since that export.
_V14 = """
CREATE TRIGGER exported_changed_evidence_added AFTER INSERT ON evidence BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_evidence_edited AFTER UPDATE OF title, note, requirement_id, deleted_at ON evidence
WHEN old.title IS NOT new.title OR old.note IS NOT new.note
    OR old.requirement_id IS NOT new.requirement_id OR old.deleted_at IS NOT new.deleted_at BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_evidence_removed AFTER DELETE ON evidence BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = old.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_tag_added AFTER INSERT ON tags BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = (SELECT portfolio_id FROM evidence WHERE id = new.evidence_id)
        AND status = 'exported';
END;
CREATE TRIGGER exported_changed_tag_edited AFTER UPDATE ON tags BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = (SELECT portfolio_id FROM evidence WHERE id = new.evidence_id)
        AND status = 'exported';
END;
CREATE TRIGGER exported_changed_tag_removed AFTER DELETE ON tags BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = (SELECT portfolio_id FROM evidence WHERE id = old.evidence_id)
        AND status = 'exported';
END;
CREATE TRIGGER exported_changed_response_added AFTER INSERT ON responses BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_response_edited AFTER UPDATE OF text ON responses
WHEN old.text IS NOT new.text BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_response_removed AFTER DELETE ON responses BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = old.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_assessment_added AFTER INSERT ON assessments BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_assessment_edited AFTER UPDATE OF level_id, justification ON assessments
WHEN old.level_id IS NOT new.level_id OR old.justification IS NOT new.justification BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_assessment_removed AFTER DELETE ON assessments BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = old.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_offered_tag_added AFTER INSERT ON assessment_tags BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = new.portfolio_id AND status = 'exported';
END;
CREATE TRIGGER exported_changed_offered_tag_removed AFTER DELETE ON assessment_tags BEGIN
    UPDATE portfolios SET status = 'draft' WHERE id = old.portfolio_id AND status = 'exported';
END;
"""


MIGRATIONS: list[tuple[int, Callable[[Database], None]]] = [
    (1, lambda db: _run(db, _V1)),
    (2, lambda db: _run(db, _V2)),  # evidence media: thumbnails, codecs, trash; recording markers
    (3, lambda db: _run(db, _V3)),  # full-text search; indexes for tags by criterion and assessment links
    (4, lambda db: _run(db, _V4)),  # consent roster: classes, students, who appears in evidence
    (5, lambda db: _run(db, _V5)),  # observations: schemes, keys, events, notes, ratings, signed records
    (6, lambda db: _run(db, _V6)),  # reviews, exported bundles per attempt, imported feedback
    (7, lambda db: _run(db, _V7)),  # imported trust lists; library backups made (for the reminder)
    (8, lambda db: _run(db, _V8)),  # the outbox: destinations, queued uploads and receipts
    (9, lambda db: _run(db, _V9)),  # talk time analyses, one per evidence item
    (10, lambda db: _run(db, _V10)),  # privacy: names, dismissals, names covered, kept faces, retention
    (11, lambda db: _run(db, _V11)),  # badges: the teacher's shelf, and credentials issued from decisions
    (12, lambda db: _run(db, _V12)),  # start-up: evidence counts per portfolio from an index
    (13, lambda db: _run(db, _V13)),  # a tag's search entry follows the tag to another evidence item
    (14, lambda db: _run(db, _V14)),  # an exported portfolio that changes is a draft again
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
