"""Trust lists: make one with an organisation's issuer key, import, list and remove them, and name signers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from portfolio_app.bundle import keys
from portfolio_app.bundle.errors import SignatureError
from portfolio_app.bundle.minisign import PublicKey
from portfolio_app.bundle.record import RecordInfo, read_record, write_record
from portfolio_app.core.changes import NOTHING, Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.trust import (
    Approval,
    Revocation,
    SignerStatus,
    TrustList,
    check_name,
    trust_document,
    trust_from_document,
)
from portfolio_app.core.trust import describe_signer as describe
from portfolio_app.storage import trust as trust_rows
from portfolio_app.storage.database import Database

TRUST = Changes(trust=True)


@dataclass(frozen=True)
class TrustImport:
    trust: TrustList
    replaced: TrustList | None  # the older list of the same organisation, now gone
    unchanged: bool  # this very list was already imported


def new_issuer_key(organisation: str) -> tuple[PublicKey, bool]:
    """The issuer key of `organisation` in this keychain, made now if there is none; (key, made now)."""
    account = keys.issuer_account(check_name(organisation, "organisation"))
    made = not keys.has_signing_key(account)
    return keys.signing_key(account).public_key, made


def make_trust_list(
    organisation: str,
    approvals: Sequence[Approval],
    revocations: Sequence[Revocation],
    target: Path,
    issued_at: str | None = None,
) -> tuple[TrustList, RecordInfo]:
    """Write a trust list of `organisation`, signed with its issuer key from this keychain, at `target`.

    Raises:
        InvalidInputError: no issuer key for `organisation` here, or a person approved twice.
    """
    organisation = check_name(organisation, "organisation")
    key = keys.stored_key(keys.issuer_account(organisation))
    if key is None:
        raise InvalidInputError(
            f'This keychain holds no issuer key of "{organisation}". Make one with '
            f'`portfolio keys new --issuer "{organisation}"` on the computer of whoever grants for it.'
        )
    seen: set[str] = set()
    for approval in approvals:
        if approval.fingerprint in seen:
            raise InvalidInputError(f"The key {approval.fingerprint} is approved twice; approve each key once.")
        seen.add(approval.fingerprint)
    trust = TrustList(
        organisation=organisation,
        issuer_fingerprint=key.public_key.fingerprint,
        issuer_public_key=key.public_key.text,
        issued_at=issued_at or now_iso(),
        approvals=tuple(approvals),
        revocations=tuple(revocations),
    )
    info = write_record(trust_document(trust), target, key)
    return trust, info


def import_trust_list(db: Database, path: Path) -> Outcome[TrustImport]:
    """Verify the trust list at `path` and keep it; a newer list of the same organisation replaces the older.

    Raises:
        BundleFormatError, SignatureError: the file is not an intact trust list signed by its own issuer key.
        InvalidInputError: an older list than the one kept, or one naming a known organisation with another key.
    """
    record = read_record(path, expect_type="trust")
    trust = trust_from_document(record.document, record.tag_manifest_sha256)
    try:
        named = PublicKey.from_text(trust.issuer_public_key).fingerprint
    except SignatureError:
        named = None
    if record.fingerprint != trust.issuer_fingerprint or named != trust.issuer_fingerprint:
        raise SignatureError(
            f"{path.name} is signed by key {record.fingerprint}, not by the issuer key of "
            f"{trust.organisation} that it names ({trust.issuer_fingerprint})."
        )
    with db.atomic():
        same_name = trust_rows.by_organisation(db, trust.organisation)
        if same_name is not None and same_name.issuer_fingerprint != trust.issuer_fingerprint:
            raise InvalidInputError(
                f"The trust list of {trust.organisation} you have is signed by another issuer key "
                f"({same_name.issuer_fingerprint}). If {trust.organisation} really changed its key, remove the "
                f'old list first (`portfolio trust remove "{trust.organisation}"`).'
            )
        kept = trust_rows.by_issuer(db, trust.issuer_fingerprint)
        if kept is not None and kept.tag_manifest_sha256 == trust.tag_manifest_sha256:
            return Outcome(TrustImport(trust, None, unchanged=True), NOTHING)
        if kept is not None and kept.issued_at >= trust.issued_at:
            raise InvalidInputError(
                f"{path.name} is the trust list of {trust.organisation} of {trust.list_date}; the one you have "
                f"is of {kept.list_date}, which is as new or newer. Nothing was changed."
            )
        trust_rows.save(db, trust, now_iso())
    return Outcome(TrustImport(trust, kept, unchanged=False), TRUST)


def trust_lists(db: Database) -> list[TrustList]:
    """Every imported trust list, by organisation."""
    return trust_rows.all_lists(db)


def remove_trust_list(db: Database, organisation: str) -> Outcome[TrustList]:
    """Forget the trust list of `organisation` (its name, or its issuer key's fingerprint)."""
    with db.atomic():
        trust = trust_rows.by_organisation(db, organisation) or trust_rows.by_issuer(db, organisation.lower())
        if trust is None:
            raise NotFoundError(f'No trust list of "{organisation}" is imported (see `portfolio trust list`).')
        trust_rows.delete(db, trust.issuer_fingerprint)
    return Outcome(trust, TRUST)


def describe_signer(db: Database, fingerprint: str, signed_at: str | None) -> SignerStatus:
    """Who the key `fingerprint` is by the imported trust lists, on the day it signed (ISO `signed_at`)."""
    return describe(trust_rows.all_lists(db), fingerprint, signed_at, datetime.now(UTC).date().isoformat())
