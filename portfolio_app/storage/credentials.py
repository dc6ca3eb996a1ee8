"""Stored credential definitions. A portfolio keeps the exact (id, version) it started on,
so definitions are never deleted or changed once a portfolio uses them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from portfolio_app.core.credential import Credential, Stack
from portfolio_app.core.definition import parse_credential
from portfolio_app.core.ids import CredentialId, StackId
from portfolio_app.storage.database import Database


@dataclass(frozen=True)
class StoredDefinition:
    id: CredentialId
    version: str
    title: str
    source: str
    digest: str


def find(db: Database, credential_id: str, version: str) -> StoredDefinition | None:
    row = db.execute(
        "SELECT id, version, title, source, digest FROM credentials WHERE id = ? AND version = ?",
        [credential_id, version],
    ).fetchone()
    return StoredDefinition(CredentialId(row[0]), row[1], row[2], row[3], row[4]) if row else None


def save(db: Database, credential: Credential, definition: str, digest: str, source: str, now: str) -> None:
    db["credentials"].upsert(
        {
            "id": credential.id,
            "version": credential.version,
            "title": credential.title,
            "source": source,
            "definition": definition,
            "digest": digest,
            "imported_at": now,
        },
        pk=("id", "version"),
    )


def load(db: Database, credential_id: str, version: str) -> Credential | None:
    row = db.execute(
        "SELECT definition FROM credentials WHERE id = ? AND version = ?", [credential_id, version]
    ).fetchone()
    if row is None:
        return None
    return parse_credential(json.loads(row[0]), f"{credential_id}@{version}", validate=False)


def load_all(db: Database) -> list[Credential]:
    rows = db.execute("SELECT id, version, definition FROM credentials ORDER BY title, id, version").fetchall()
    return [parse_credential(json.loads(d), f"{i}@{v}", validate=False) for i, v, d in rows]


def versions(db: Database, credential_id: str) -> list[str]:
    rows = db.execute("SELECT version FROM credentials WHERE id = ?", [credential_id]).fetchall()
    return sorted((r[0] for r in rows), key=version_key)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def save_stack(db: Database, stack: Stack) -> None:
    db["stacks"].upsert({"id": stack.id, "title": stack.title, "description": stack.description}, pk="id")


def stacks(db: Database) -> dict[StackId, Stack]:
    rows = db.execute("SELECT id, title, description FROM stacks ORDER BY title").fetchall()
    return {StackId(i): Stack(StackId(i), t, d) for i, t, d in rows}
