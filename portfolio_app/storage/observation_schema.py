"""Migration 5's tables (see migrations.py): schemes, observations and their rows, imported signed ones."""

# Observations (a coach's in-room coding): imported schemes and remapped keys; observations with a
# copy of their scheme; one row per event, note and rating, each committed as it is made. In
# interval mode an event is a tick: its interval's index, start and end. Seats place the class's
# students on a seating chart (fractions of its width and height). Evidence of kind
# 'observation' (a signed record a teacher imported) keeps what the record says beside it.
OBSERVATIONS_V5 = """
CREATE TABLE schemes (
    id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    title TEXT NOT NULL,
    definition TEXT NOT NULL,
    digest TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE TABLE scheme_keys (
    scheme_id TEXT NOT NULL,
    code_id TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (scheme_id, code_id)
);
CREATE TABLE observations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    scheme_id TEXT NOT NULL,
    scheme TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('continuous', 'interval')),
    observer TEXT NOT NULL DEFAULT '',
    teacher TEXT NOT NULL DEFAULT '',
    lesson TEXT NOT NULL DEFAULT '',
    class_id TEXT REFERENCES classes (id) ON DELETE SET NULL,
    portfolio_id TEXT REFERENCES portfolios (id) ON DELETE SET NULL,
    credential_id TEXT,
    credential_version TEXT,
    clock TEXT NOT NULL DEFAULT 'timer' CHECK (clock IN ('timer', 'recording', 'evidence')),
    clock_evidence TEXT REFERENCES evidence (id) ON DELETE SET NULL,
    clock_offset_s REAL NOT NULL DEFAULT 0,
    duration_s REAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE observation_events (
    id INTEGER PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    code_id TEXT NOT NULL,
    start_s REAL NOT NULL CHECK (start_s >= 0),
    end_s REAL CHECK (end_s IS NULL OR end_s >= start_s),
    interval_index INTEGER,
    student_id TEXT REFERENCES students (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX observation_events_observation ON observation_events (observation_id, start_s);
CREATE UNIQUE INDEX observation_ticks ON observation_events (observation_id, interval_index, code_id)
    WHERE interval_index IS NOT NULL;
CREATE TABLE observation_notes (
    id INTEGER PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    at_s REAL NOT NULL CHECK (at_s >= 0),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at TEXT NOT NULL
);
CREATE INDEX observation_notes_observation ON observation_notes (observation_id, at_s);
CREATE TABLE observation_ratings (
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    level_id TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (observation_id, criterion_id)
);
CREATE TABLE observation_seats (
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
    x REAL NOT NULL CHECK (x BETWEEN 0 AND 1),
    y REAL NOT NULL CHECK (y BETWEEN 0 AND 1),
    PRIMARY KEY (observation_id, student_id)
);
CREATE TABLE observation_evidence (
    evidence_id TEXT PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    tag_manifest_sha256 TEXT NOT NULL,
    summary_blob TEXT REFERENCES blobs (hash),
    table_blob TEXT REFERENCES blobs (hash)
)
"""

# Recordings the coach's app made while observing (the clock of their events): the file is a blob
# in the media store; `starts_at_s` is the observation's moment at the recording's first frame (a
# second take, after the coach continued an observation, starts later). A take being recorded is
# named in observation_takes (a file in the library's takes/ folder) until it is kept, so that one
# cut off by a crash is found and recovered. A partial index finds the states still on without
# reading every point of the hour.
OBSERVATIONS_V15 = """
CREATE TABLE observation_recordings (
    id INTEGER PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    blob TEXT NOT NULL REFERENCES blobs (hash),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    starts_at_s REAL NOT NULL DEFAULT 0 CHECK (starts_at_s >= 0),
    duration_s REAL,
    created_at TEXT NOT NULL
);
CREATE INDEX observation_recordings_observation ON observation_recordings (observation_id, starts_at_s);
CREATE TABLE observation_takes (
    file TEXT PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    starts_at_s REAL NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL
);
CREATE INDEX observation_events_open ON observation_events (observation_id, code_id)
    WHERE end_s IS NULL AND interval_index IS NULL
"""
