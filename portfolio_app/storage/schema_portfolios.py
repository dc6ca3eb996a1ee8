"""The schema of the teacher's path: profile, catalog, portfolios, evidence, tags, answers,
self-assessment, full-text search and the consent roster (migrations 1 to 4)."""

V1 = """
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


V2 = """
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
V3 = """
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
V4 = """
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


# An exported portfolio that changes goes back to draft: the bundle no longer shows what the
# library holds. Triggers, so that no edit of any kind (evidence, tags, answers, self-assessment)
# can forget it; `exported_at` stays, so the window can say it changed since that export.
V14 = """
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
