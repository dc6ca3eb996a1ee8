"""Turning rows into domain objects and back: the storage boundary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.ids import BlobHash, ClassId, CredentialId, EvidenceId, PortfolioId, RequirementId
from portfolio_app.core.portfolio import Evidence, Portfolio, PortfolioStatus


def portfolio_from_row(row: Mapping[str, Any]) -> Portfolio:
    return Portfolio(
        id=PortfolioId(row["id"]),
        credential_id=CredentialId(row["credential_id"]),
        credential_version=row["credential_version"],
        title=row["title"],
        status=PortfolioStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        resubmits=PortfolioId(row["resubmits"]) if row["resubmits"] else None,
        attempt=row["attempt"],
        deleted_at=row["deleted_at"],
        class_id=ClassId(row["class_id"]) if row.get("class_id") else None,
        exported_at=row.get("exported_at"),
    )


_KINDS = {str(kind): kind for kind in EvidenceKind}


def evidence_from_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[Evidence]:
    """Evidence rows (of a query with these `columns`) as Evidence. The columns are looked up once,
    not a dict made per row: a portfolio holds hundreds, read at every opening."""
    at = {name: i for i, name in enumerate(columns)}
    id_, portfolio, kind, title, created, blob, original, media_type = (
        at[c] for c in ("id", "portfolio_id", "kind", "title", "created_at", "blob", "original_name", "media_type")
    )
    size, duration, width, height, note, requirement = (
        at[c] for c in ("size_bytes", "duration_s", "width", "height", "note", "requirement_id")
    )
    derived_from, derivation, appear, thumbnail, codecs = (
        at[c] for c in ("derived_from", "derivation", "students_appear", "thumbnail", "codecs")
    )
    return [
        Evidence(
            id=EvidenceId(row[id_]),
            portfolio_id=PortfolioId(row[portfolio]),
            kind=_KINDS[row[kind]],
            title=row[title],
            created_at=row[created],
            blob=BlobHash(row[blob]) if row[blob] else None,
            original_name=row[original],
            media_type=row[media_type],
            size_bytes=row[size],
            duration_s=row[duration],
            width=row[width],
            height=row[height],
            note=row[note],
            requirement_id=RequirementId(row[requirement]) if row[requirement] else None,
            derived_from=EvidenceId(row[derived_from]) if row[derived_from] else None,
            derivation=row[derivation],
            students_appear=None if row[appear] is None else bool(row[appear]),
            thumbnail=BlobHash(row[thumbnail]) if row[thumbnail] else None,
            codecs=row[codecs],
        )
        for row in rows
    ]


def evidence_to_row(evidence: Evidence, updated_at: str) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "portfolio_id": evidence.portfolio_id,
        "kind": str(evidence.kind),
        "title": evidence.title,
        "blob": evidence.blob,
        "original_name": evidence.original_name,
        "media_type": evidence.media_type,
        "size_bytes": evidence.size_bytes,
        "duration_s": evidence.duration_s,
        "width": evidence.width,
        "height": evidence.height,
        "note": evidence.note,
        "requirement_id": evidence.requirement_id,
        "derived_from": evidence.derived_from,
        "derivation": evidence.derivation,
        "students_appear": None if evidence.students_appear is None else int(evidence.students_appear),
        "thumbnail": evidence.thumbnail,
        "codecs": evidence.codecs,
        "created_at": evidence.created_at,
        "updated_at": updated_at,
    }
