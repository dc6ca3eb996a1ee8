"""Trust lists, and who a signing key belongs to according to them.

A trust list is an organisation's signed statement (a record of type `trust`): its name, its
issuer key, the people it approves (coach or reviewer, each with a key fingerprint and the
dates it is valid for) and the keys it revokes from a date on. `describe_signer` is the rule
every verification applies: approved (by whom, which list), unknown (a warning, never shown as
trusted), approved only outside the signing date (a warning), or revoked before signing (refused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from portfolio_app.core.errors import InvalidInputError

FORMAT = "mcp-trust/1"
ROLES = ("coach", "reviewer")
ISSUER_ROLE = "issuer"  # the organisation's own key: badges and trust lists are signed with it


class Standing(StrEnum):
    APPROVED = "approved"
    UNKNOWN = "unknown"  # no trust list names the key: a warning
    OUTSIDE = "outside"  # approved, but not on the date it signed: a warning
    REVOKED = "revoked"  # revoked on or before the date it signed: refused


@dataclass(frozen=True)
class Approval:
    role: str  # coach | reviewer
    name: str
    fingerprint: str
    valid_from: str  # YYYY-MM-DD
    valid_until: str | None = None  # YYYY-MM-DD, inclusive; None = until revoked


@dataclass(frozen=True)
class Revocation:
    fingerprint: str
    since: str  # YYYY-MM-DD: signatures from this day on are refused


@dataclass(frozen=True)
class TrustList:
    organisation: str
    issuer_fingerprint: str
    issuer_public_key: str
    issued_at: str  # ISO 8601 UTC
    approvals: tuple[Approval, ...]
    revocations: tuple[Revocation, ...]
    tag_manifest_sha256: str = ""  # of the signed record it came from

    @property
    def list_date(self) -> str:
        return self.issued_at[:10]


@dataclass(frozen=True)
class SignerStatus:
    """Who signed, as the imported trust lists say; `text` is what every screen shows."""

    standing: Standing
    fingerprint: str
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    list_date: str | None = None
    detail: str = ""  # why a warning or refusal

    @property
    def trusted(self) -> bool:
        return self.standing is Standing.APPROVED

    @property
    def refused(self) -> bool:
        return self.standing is Standing.REVOKED

    @property
    def text(self) -> str:
        if self.standing is Standing.UNKNOWN:
            return "a key that no trust list names"
        source = f"{self.organisation} (trust list of {self.list_date})"
        if self.role == ISSUER_ROLE:
            who = f"{self.organisation}'s issuer key (trust list of {self.list_date})"
        elif self.name is None:
            who = f"a key named by {source}"
        elif self.standing is Standing.APPROVED:
            who = f"{self.name}, approved {self.role}, {source}"
        else:
            who = f"{self.name}, {self.role} of {source}"
        return who if self.standing is Standing.APPROVED else f"{who}: {self.detail}"


def describe_signer(lists: list[TrustList], fingerprint: str, signed_at: str | None, today: str) -> SignerStatus:
    """What the trust lists say of `fingerprint` signing at `signed_at` (ISO; None: today, YYYY-MM-DD)."""
    fingerprint = fingerprint.lower()
    day = (signed_at or today)[:10]
    for trust in lists:
        for revocation in trust.revocations:
            if revocation.fingerprint == fingerprint and revocation.since <= day:
                name, role = _who(trust, fingerprint)
                return SignerStatus(
                    Standing.REVOKED,
                    fingerprint,
                    name,
                    role,
                    trust.organisation,
                    trust.list_date,
                    f"REVOKED from {revocation.since}, before this was signed on {day}",
                )
    outside: SignerStatus | None = None
    for trust in sorted(lists, key=lambda t: t.issued_at, reverse=True):
        if trust.issuer_fingerprint == fingerprint:
            return SignerStatus(
                Standing.APPROVED, fingerprint, trust.organisation, ISSUER_ROLE, trust.organisation, trust.list_date
            )
        for approval in trust.approvals:
            if approval.fingerprint != fingerprint:
                continue
            status = (approval.name, approval.role, trust.organisation, trust.list_date)
            if approval.valid_from <= day and (approval.valid_until is None or day <= approval.valid_until):
                return SignerStatus(Standing.APPROVED, fingerprint, *status)
            until = f" until {approval.valid_until}" if approval.valid_until else ""
            outside = outside or SignerStatus(
                Standing.OUTSIDE,
                fingerprint,
                *status,
                f"approved only from {approval.valid_from}{until}, and this was signed on {day}",
            )
    return outside or SignerStatus(Standing.UNKNOWN, fingerprint, detail="no imported trust list names this key")


def _who(trust: TrustList, fingerprint: str) -> tuple[str | None, str | None]:
    for approval in trust.approvals:
        if approval.fingerprint == fingerprint:
            return approval.name, approval.role
    return None, None


def trust_document(trust: TrustList) -> dict[str, Any]:
    """The `data/trust.json` document of a trust list."""
    return {
        "type": "trust",
        "format": FORMAT,
        "created_at": trust.issued_at,
        "organisation": trust.organisation,
        "issuer": {"fingerprint": trust.issuer_fingerprint, "public_key": trust.issuer_public_key},
        "approved": [
            {
                "role": a.role,
                "name": a.name,
                "fingerprint": a.fingerprint,
                "valid_from": a.valid_from,
                "valid_until": a.valid_until,
            }
            for a in trust.approvals
        ],
        "revoked": [{"fingerprint": r.fingerprint, "since": r.since} for r in trust.revocations],
    }


def trust_from_document(document: dict[str, Any], tag_manifest_sha256: str = "") -> TrustList:
    """A TrustList from `data/trust.json`, every field checked.

    Raises:
        InvalidInputError: naming the field that is missing or wrong.
    """
    if document.get("format") != FORMAT:
        raise InvalidInputError(f"The trust list is not in the format {FORMAT} (format: {document.get('format')!r}).")
    issuer = _field(document, "issuer", dict)
    approvals = []
    for number, item in enumerate(_field(document, "approved", list), start=1):
        where = f"approved #{number}"
        if not isinstance(item, dict):
            raise InvalidInputError(f"The trust list's {where} is not an object.")
        until = item.get("valid_until")
        approvals.append(
            Approval(
                role=check_role(_field(item, "role", str, where)),
                name=check_name(_field(item, "name", str, where), f"{where} name"),
                fingerprint=check_fingerprint(_field(item, "fingerprint", str, where), where),
                valid_from=check_date(_field(item, "valid_from", str, where), f"{where} valid_from"),
                valid_until=None if until is None else check_date(str(until), f"{where} valid_until"),
            )
        )
    revocations = []
    for number, item in enumerate(_field(document, "revoked", list), start=1):
        where = f"revoked #{number}"
        if not isinstance(item, dict):
            raise InvalidInputError(f"The trust list's {where} is not an object.")
        revocations.append(
            Revocation(
                check_fingerprint(_field(item, "fingerprint", str, where), where),
                check_date(_field(item, "since", str, where), f"{where} since"),
            )
        )
    return TrustList(
        organisation=check_name(_field(document, "organisation", str), "organisation"),
        issuer_fingerprint=check_fingerprint(_field(issuer, "fingerprint", str, "issuer"), "issuer"),
        issuer_public_key=_field(issuer, "public_key", str, "issuer"),
        issued_at=_field(document, "created_at", str),
        approvals=tuple(approvals),
        revocations=tuple(revocations),
        tag_manifest_sha256=tag_manifest_sha256,
    )


def check_role(role: str) -> str:
    """`role` if it is one a trust list approves."""
    if role not in ROLES:
        raise InvalidInputError(f"{role!r} is not a role a trust list approves: use {' or '.join(ROLES)}.")
    return role


def check_name(name: str, what: str = "name") -> str:
    """`name` stripped, if it is not empty."""
    if not name.strip():
        raise InvalidInputError(f"The trust list's {what} is empty.")
    return " ".join(name.split())


def check_fingerprint(text: str, what: str = "fingerprint") -> str:
    """A key fingerprint (64 hex digits; spaces and colons allowed) in lower case."""
    compact = re.sub(r"[\s:]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", compact):
        raise InvalidInputError(f"The {what} fingerprint {text!r} is not 64 hexadecimal digits.")
    return compact


def check_date(text: str, what: str = "date") -> str:
    """A YYYY-MM-DD date, checked to exist."""
    try:
        return date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _bad(text, what)
    except ValueError:
        return _bad(text, what)


def _bad(text: str, what: str) -> str:
    raise InvalidInputError(f"The {what} {text!r} is not a date written YYYY-MM-DD.")


def _field(document: dict[str, Any], name: str, kind: type, where: str = ""):
    value = document.get(name)
    if not isinstance(value, kind):
        place = f"{where} " if where else ""
        raise InvalidInputError(f"The trust list's {place}{name} is missing or not a {kind.__name__}.")
    return value
