"""Imported coding schemes and the keys a coach remapped (built-in schemes live in resources/)."""

from __future__ import annotations

import json

from portfolio_app.core.scheme import Scheme, parse_scheme, scheme_document
from portfolio_app.storage.database import Database


def insert_scheme(db: Database, scheme: Scheme, digest: str, now: str) -> None:
    db.execute(
        "INSERT INTO schemes (id, version, title, definition, digest, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
        [scheme.id, scheme.version, scheme.title, json.dumps(scheme_document(scheme)), digest, now],
    )


def imported_schemes(db: Database) -> list[Scheme]:
    rows = db.execute("SELECT id, definition FROM schemes ORDER BY title COLLATE NOCASE").fetchall()
    return [parse_scheme(json.loads(definition), scheme_id) for scheme_id, definition in rows]


def imported_scheme(db: Database, scheme_id: str) -> Scheme | None:
    row = db.execute("SELECT definition FROM schemes WHERE id = ?", [scheme_id]).fetchone()
    return parse_scheme(json.loads(row[0]), scheme_id) if row else None


def imported_digest(db: Database, scheme_id: str) -> str | None:
    row = db.execute("SELECT digest FROM schemes WHERE id = ?", [scheme_id]).fetchone()
    return row[0] if row else None


def key_overrides(db: Database, scheme_id: str) -> dict[str, str]:
    """code id -> key, for the codes whose key the coach changed."""
    rows = db.execute("SELECT code_id, key FROM scheme_keys WHERE scheme_id = ?", [scheme_id])
    return dict(rows.fetchall())


def set_keys(db: Database, scheme_id: str, keys: dict[str, str]) -> None:
    """Replace the remapped keys of a scheme (all of them, so swapped keys never collide)."""
    db.execute("DELETE FROM scheme_keys WHERE scheme_id = ?", [scheme_id])
    db.conn.executemany(
        "INSERT INTO scheme_keys (scheme_id, code_id, key) VALUES (?, ?, ?)",
        [(scheme_id, code_id, key) for code_id, key in keys.items()],
    )
