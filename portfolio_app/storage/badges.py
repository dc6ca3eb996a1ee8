"""Stored badges: the teacher's shelf (verified credentials, as imported) and the issuer's record of what it issued."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from portfolio_app.core.badges import BadgeEvidence, ShelfBadge
from portfolio_app.core.ids import CredentialId
from portfolio_app.storage.database import Database

_SHELF_COLUMNS = (
    "id, credential, name, achievement_id, achievement_name, credential_id, credential_version, issuer_name, "
    "issuer_did, issuer_fingerprint, valid_from, valid_until, imported_at, image_type"
)


def save_badge(db: Database, badge: ShelfBadge, credential_json: str, image: bytes | None) -> None:
    db["badges"].insert(
        {
            "id": badge.id,
            "credential": credential_json,
            "name": badge.name,
            "achievement_id": badge.achievement_id,
            "achievement_name": badge.achievement_name,
            "credential_id": badge.credential_id,
            "credential_version": badge.credential_version,
            "issuer_name": badge.issuer_name,
            "issuer_did": badge.issuer_did,
            "issuer_fingerprint": badge.issuer_fingerprint,
            "valid_from": badge.valid_from,
            "valid_until": badge.valid_until,
            "imported_at": badge.imported_at,
            "image": image,
            "image_type": badge.image_type,
        }
    )


def has_badge(db: Database, badge_id: str) -> bool:
    return db.execute("SELECT 1 FROM badges WHERE id = ?", [badge_id]).fetchone() is not None


def badges(db: Database) -> list[ShelfBadge]:
    """Every badge on the shelf, newest first."""
    cursor = db.execute(f"SELECT {_SHELF_COLUMNS} FROM badges ORDER BY valid_from DESC, name")
    return [_badge(dict(zip(_names(cursor), row, strict=True))) for row in cursor.fetchall()]


def badge(db: Database, badge_id: str) -> ShelfBadge | None:
    cursor = db.execute(f"SELECT {_SHELF_COLUMNS} FROM badges WHERE id = ?", [badge_id])
    row = cursor.fetchone()
    return _badge(dict(zip(_names(cursor), row, strict=True))) if row else None


def badge_files(db: Database, badge_id: str) -> tuple[str, bytes | None] | None:
    """The credential JSON exactly as imported, and the badge image it came in (if any)."""
    row = db.execute("SELECT credential, image FROM badges WHERE id = ?", [badge_id]).fetchone()
    return (row[0], row[1]) if row else None


def earned_credential_ids(db: Database) -> set[str]:
    rows = db.execute("SELECT DISTINCT credential_id FROM badges WHERE credential_id IS NOT NULL").fetchall()
    return {r[0] for r in rows}


def save_issued(db: Database, decision_sha256: str, document: Mapping[str, Any], issuer_fingerprint: str) -> None:
    db["issued_badges"].insert(
        {
            "decision_sha256": decision_sha256,
            "credential_id": document["id"],
            "credential": json.dumps(document, ensure_ascii=False, separators=(",", ":")),
            "issuer_fingerprint": issuer_fingerprint,
            "issued_at": document["validFrom"],
        }
    )


def issued(db: Database, decision_sha256: str) -> dict[str, Any] | None:
    """The credential already issued for this decision, exactly as signed."""
    row = db.execute("SELECT credential FROM issued_badges WHERE decision_sha256 = ?", [decision_sha256]).fetchone()
    return json.loads(row[0]) if row else None


def issued_for_bundle(db: Database, bundle_sha256: str) -> dict[str, Any] | None:
    """The latest credential this library issued for a decision on the bundle whose tag manifest hashes
    to `bundle_sha256` (its evidence names the bundle), or None."""
    row = db.execute(
        "SELECT credential FROM issued_badges WHERE credential LIKE ? ORDER BY issued_at DESC LIMIT 1",
        [f'%"urn:mcp:bundle:{bundle_sha256.lower()}"%'],
    ).fetchone()
    return json.loads(row[0]) if row else None


def issued_fingerprint(db: Database, decision_sha256: str) -> str | None:
    row = db.execute(
        "SELECT issuer_fingerprint FROM issued_badges WHERE decision_sha256 = ?", [decision_sha256]
    ).fetchone()
    return row[0] if row else None


def _names(cursor) -> list[str]:
    return [d[0] for d in cursor.description]


def _badge(row: Mapping[str, Any]) -> ShelfBadge:
    document = json.loads(row["credential"])
    evidence = document.get("evidence")
    evidence = evidence if isinstance(evidence, list) else [evidence] if isinstance(evidence, dict) else []
    return ShelfBadge(
        id=row["id"],
        name=row["name"],
        achievement_id=row["achievement_id"],
        achievement_name=row["achievement_name"],
        credential_id=CredentialId(row["credential_id"]) if row["credential_id"] else None,
        credential_version=row["credential_version"],
        issuer_name=row["issuer_name"],
        issuer_did=row["issuer_did"],
        issuer_fingerprint=row["issuer_fingerprint"],
        valid_from=row["valid_from"],
        valid_until=row["valid_until"],
        imported_at=row["imported_at"],
        image_type=row["image_type"],
        evidence=tuple(
            BadgeEvidence(str(e.get("id", "")), str(e.get("name", "")), str(e.get("genre", "")))
            for e in evidence
            if isinstance(e, dict)
        ),
    )
