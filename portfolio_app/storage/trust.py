"""Imported trust lists: one per organisation issuer key."""

from __future__ import annotations

import json

from portfolio_app.core.trust import TrustList, trust_document, trust_from_document
from portfolio_app.storage.database import Database


def all_lists(db: Database) -> list[TrustList]:
    rows = db.execute(
        "SELECT document, tag_manifest_sha256 FROM trust_lists ORDER BY organisation COLLATE NOCASE"
    ).fetchall()
    return [trust_from_document(json.loads(document), digest) for document, digest in rows]


def by_issuer(db: Database, fingerprint: str) -> TrustList | None:
    row = db.execute(
        "SELECT document, tag_manifest_sha256 FROM trust_lists WHERE issuer_fingerprint = ?", [fingerprint]
    ).fetchone()
    return trust_from_document(json.loads(row[0]), row[1]) if row else None


def by_organisation(db: Database, organisation: str) -> TrustList | None:
    row = db.execute(
        "SELECT document, tag_manifest_sha256 FROM trust_lists WHERE organisation = ? COLLATE NOCASE", [organisation]
    ).fetchone()
    return trust_from_document(json.loads(row[0]), row[1]) if row else None


def save(db: Database, trust: TrustList, now: str) -> None:
    """Insert or replace the list of `trust`'s issuer key."""
    db.execute(
        "INSERT INTO trust_lists (issuer_fingerprint, organisation, issued_at, document, tag_manifest_sha256, "
        "imported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (issuer_fingerprint) DO UPDATE SET "
        "organisation = excluded.organisation, issued_at = excluded.issued_at, document = excluded.document, "
        "tag_manifest_sha256 = excluded.tag_manifest_sha256, imported_at = excluded.imported_at",
        [
            trust.issuer_fingerprint,
            trust.organisation,
            trust.issued_at,
            json.dumps(trust_document(trust), ensure_ascii=False, sort_keys=True),
            trust.tag_manifest_sha256,
            now,
        ],
    )


def delete(db: Database, issuer_fingerprint: str) -> bool:
    return db.execute("DELETE FROM trust_lists WHERE issuer_fingerprint = ?", [issuer_fingerprint]).rowcount > 0
