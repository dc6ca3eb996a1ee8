"""Observations and their rows. Each row is written in its own short transaction by the services."""

from __future__ import annotations

import json
from functools import lru_cache

from portfolio_app.core.ids import ClassId, PortfolioId, StudentId
from portfolio_app.core.observation import Clock, Event, Mode, Note, Observation, Rating, Recording
from portfolio_app.core.scheme import Scheme, parse_scheme, scheme_document
from portfolio_app.storage.database import Database

_COLUMNS = (
    "id, title, scheme, mode, observer, teacher, lesson, class_id, portfolio_id, credential_id, credential_version, "
    "clock, clock_evidence, clock_offset_s, duration_s, created_at"
)
_EVENT_COLUMNS = "id, code_id, start_s, end_s, interval_index, student_id"


@lru_cache(maxsize=32)
def _scheme(text: str) -> Scheme:
    # Parsing validates against the JSON Schema (milliseconds): coding a key press must not pay it each time.
    return parse_scheme(json.loads(text), "the observation's scheme")


def _observation(row: tuple) -> Observation:
    (oid, title, scheme, mode, observer, teacher, lesson, class_id, portfolio_id, cred_id, cred_version) = row[:11]
    clock, clock_evidence, offset, duration, created_at = row[11:]
    return Observation(
        id=oid,
        title=title,
        scheme=_scheme(scheme),
        mode=Mode(mode),
        observer=observer,
        teacher=teacher,
        lesson=lesson,
        class_id=ClassId(class_id) if class_id else None,
        portfolio_id=PortfolioId(portfolio_id) if portfolio_id else None,
        credential=(cred_id, cred_version) if cred_id else None,
        clock=Clock(clock),
        clock_evidence=clock_evidence,
        clock_offset_s=offset,
        duration_s=duration,
        created_at=created_at,
    )


def _event(row: tuple) -> Event:
    eid, code_id, start, end, index, student = row
    return Event(eid, code_id, start, end, index, StudentId(student) if student else None)


def insert_observation(db: Database, o: Observation) -> None:
    credential_id, credential_version = o.credential or (None, None)
    db.execute(
        f"INSERT INTO observations ({_COLUMNS}, scheme_id, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            o.id,
            o.title,
            json.dumps(scheme_document(o.scheme)),
            str(o.mode),
            o.observer,
            o.teacher,
            o.lesson,
            o.class_id,
            o.portfolio_id,
            credential_id,
            credential_version,
            str(o.clock),
            o.clock_evidence,
            o.clock_offset_s,
            o.duration_s,
            o.created_at,
            o.scheme.id,
            o.created_at,
        ],
    )


def get_observation(db: Database, observation_id: str) -> Observation | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM observations WHERE id = ?", [observation_id]).fetchone()
    return _observation(row) if row else None


def observation_ids(db: Database, prefix: str) -> list[str]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute("SELECT id FROM observations WHERE id LIKE ? ESCAPE '\\'", [escaped + "%"]).fetchall()
    return [r[0] for r in rows]


def list_observations(db: Database) -> list[tuple[Observation, int, int]]:
    """Every observation, newest first, with its event and note counts."""
    rows = db.execute(
        f"SELECT {', '.join('o.' + c.strip() for c in _COLUMNS.split(','))}, "
        "(SELECT count(*) FROM observation_events e WHERE e.observation_id = o.id), "
        "(SELECT count(*) FROM observation_notes n WHERE n.observation_id = o.id) "
        "FROM observations o ORDER BY o.created_at DESC, o.id"
    ).fetchall()
    return [(_observation(r[:-2]), r[-2], r[-1]) for r in rows]


def set_duration(db: Database, observation_id: str, duration_s: float, now: str) -> None:
    db.execute("UPDATE observations SET duration_s = ?, updated_at = ? WHERE id = ?", [duration_s, now, observation_id])


# -- events -----------------------------------------------------------------------------------


def insert_event(db: Database, observation_id: str, event: Event, now: str) -> Event:
    cursor = db.execute(
        "INSERT INTO observation_events (observation_id, code_id, start_s, end_s, interval_index, student_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [observation_id, event.code_id, event.start_s, event.end_s, event.interval_index, event.student_id, now],
    )
    return Event(cursor.lastrowid, event.code_id, event.start_s, event.end_s, event.interval_index, event.student_id)


def close_event(db: Database, event_id: int, end_s: float) -> None:
    db.execute("UPDATE observation_events SET end_s = ? WHERE id = ?", [end_s, event_id])


def reopen_event(db: Database, event_id: int) -> None:
    db.execute("UPDATE observation_events SET end_s = NULL WHERE id = ?", [event_id])


def delete_event(db: Database, event_id: int) -> None:
    db.execute("DELETE FROM observation_events WHERE id = ?", [event_id])


def events_of(db: Database, observation_id: str) -> list[Event]:
    rows = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM observation_events WHERE observation_id = ? ORDER BY start_s, id",
        [observation_id],
    )
    return [_event(r) for r in rows]


def open_events(db: Database, observation_id: str, state_codes: list[str]) -> list[Event]:
    """States still on. Points also have no end: naming the state codes keeps them out (a key press
    must not read back every point of the hour)."""
    if not state_codes:
        return []
    marks = ", ".join("?" * len(state_codes))
    rows = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM observation_events WHERE observation_id = ? AND end_s IS NULL "
        f"AND interval_index IS NULL AND code_id IN ({marks}) ORDER BY start_s, id",
        [observation_id, *state_codes],
    )
    return [_event(r) for r in rows]


def find_tick(db: Database, observation_id: str, index: int, code_id: str) -> Event | None:
    row = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM observation_events WHERE observation_id = ? AND interval_index = ? "
        "AND code_id = ?",
        [observation_id, index, code_id],
    ).fetchone()
    return _event(row) if row else None


def last_event(db: Database, observation_id: str) -> Event | None:
    """The event made last (by when it was entered, not by its time)."""
    row = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM observation_events WHERE observation_id = ? ORDER BY id DESC LIMIT 1",
        [observation_id],
    ).fetchone()
    return _event(row) if row else None


# -- the seating chart -----------------------------------------------------------------------


def set_seat(db: Database, observation_id: str, student_id: str, x: float, y: float) -> None:
    db.execute(
        "INSERT INTO observation_seats (observation_id, student_id, x, y) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (observation_id, student_id) DO UPDATE SET x = excluded.x, y = excluded.y",
        [observation_id, student_id, x, y],
    )


def seats_of(db: Database, observation_id: str) -> dict[str, tuple[float, float]]:
    rows = db.execute("SELECT student_id, x, y FROM observation_seats WHERE observation_id = ?", [observation_id])
    return {student: (x, y) for student, x, y in rows}


# -- notes and ratings ------------------------------------------------------------------------


def insert_note(db: Database, observation_id: str, at_s: float, text: str, now: str) -> Note:
    cursor = db.execute(
        "INSERT INTO observation_notes (observation_id, at_s, text, created_at) VALUES (?, ?, ?, ?)",
        [observation_id, at_s, text, now],
    )
    return Note(cursor.lastrowid, at_s, text)


def notes_of(db: Database, observation_id: str) -> list[Note]:
    rows = db.execute(
        "SELECT id, at_s, text FROM observation_notes WHERE observation_id = ? ORDER BY at_s, id", [observation_id]
    )
    return [Note(*r) for r in rows]


def set_rating(db: Database, observation_id: str, rating: Rating, now: str) -> None:
    db.execute(
        "INSERT INTO observation_ratings (observation_id, criterion_id, level_id, note, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (observation_id, criterion_id) DO UPDATE SET "
        "level_id = excluded.level_id, note = excluded.note, updated_at = excluded.updated_at",
        [observation_id, rating.criterion_id, rating.level_id, rating.note, now],
    )


def ratings_of(db: Database, observation_id: str) -> list[Rating]:
    rows = db.execute(
        "SELECT criterion_id, level_id, note FROM observation_ratings WHERE observation_id = ? ORDER BY rowid",
        [observation_id],
    )
    return [Rating(*r) for r in rows]


# -- recordings made while observing ----------------------------------------------------------

_RECORDING_COLUMNS = "id, name, blob, media_type, size_bytes, starts_at_s, duration_s"


def insert_recording(db: Database, observation_id: str, recording: Recording, now: str) -> Recording:
    cursor = db.execute(
        "INSERT INTO observation_recordings (observation_id, name, blob, media_type, size_bytes, starts_at_s, "
        "duration_s, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            observation_id,
            recording.name,
            recording.blob,
            recording.media_type,
            recording.size_bytes,
            recording.starts_at_s,
            recording.duration_s,
            now,
        ],
    )
    return Recording(cursor.lastrowid, *_recording_fields(recording))


def _recording_fields(r: Recording) -> tuple:
    return (r.name, r.blob, r.media_type, r.size_bytes, r.starts_at_s, r.duration_s)


def recordings_of(db: Database, observation_id: str) -> list[Recording]:
    rows = db.execute(
        f"SELECT {_RECORDING_COLUMNS} FROM observation_recordings WHERE observation_id = ? ORDER BY starts_at_s, id",
        [observation_id],
    )
    return [Recording(*r) for r in rows]


def insert_take(db: Database, file: str, observation_id: str, starts_at_s: float, now: str) -> None:
    db.execute(
        "INSERT INTO observation_takes (file, observation_id, starts_at_s, started_at) VALUES (?, ?, ?, ?)",
        [file, observation_id, starts_at_s, now],
    )


def delete_take(db: Database, file: str) -> None:
    db.execute("DELETE FROM observation_takes WHERE file = ?", [file])


def takes(db: Database) -> list[tuple[str, str, float]]:
    """(file, observation id, starts at) of every take not yet kept: being recorded, or cut off."""
    return [tuple(r) for r in db.execute("SELECT file, observation_id, starts_at_s FROM observation_takes")]


# -- signed observations a teacher imported ---------------------------------------------------


def insert_signed(
    db: Database,
    evidence_id: str,
    document: str,
    fingerprint: str,
    tag_manifest_sha256: str,
    summary_blob: str,
    table_blob: str,
) -> None:
    db.execute(
        "INSERT INTO observation_evidence (evidence_id, document, fingerprint, tag_manifest_sha256, summary_blob, "
        "table_blob) VALUES (?, ?, ?, ?, ?, ?)",
        [evidence_id, document, fingerprint, tag_manifest_sha256, summary_blob, table_blob],
    )


def signed_of(db: Database, evidence_id: str) -> tuple[str, str, str] | None:
    """(document JSON, fingerprint, tag-manifest SHA-256) of an imported signed observation."""
    row = db.execute(
        "SELECT document, fingerprint, tag_manifest_sha256 FROM observation_evidence WHERE evidence_id = ?",
        [evidence_id],
    ).fetchone()
    return tuple(row) if row else None


def summary_blob_of(db: Database, evidence_id: str) -> str | None:
    row = db.execute("SELECT summary_blob FROM observation_evidence WHERE evidence_id = ?", [evidence_id]).fetchone()
    return row[0] if row else None


def companion_blobs_of(db: Database, evidence_id: str) -> tuple[str, str] | None:
    """(summary PDF, CSV) blobs an imported signed observation carried."""
    row = db.execute(
        "SELECT summary_blob, table_blob FROM observation_evidence WHERE evidence_id = ?", [evidence_id]
    ).fetchone()
    return (row[0], row[1]) if row and row[0] and row[1] else None
