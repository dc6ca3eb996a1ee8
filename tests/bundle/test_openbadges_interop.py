"""An independent implementation (openbadgeslib, PyPI) verifies our badges offline, and refuses the tampered ones."""

from __future__ import annotations

import copy
import json
import random

import pytest

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import badge_bytes, credential_from_bytes
from portfolio_app.bundle.openbadges.issue import credential_json, issue_credential
from portfolio_app.bundle.openbadges.verify import verify_credential
from tests.bundle.badge_claims import TEACHER, sample_claim

# openbadgeslib is in the dev extra; the no-Qt environment runs without it.
pytest.importorskip("pyld")
ldp = pytest.importorskip("openbadgeslib.ob3.ldp", reason="needs openbadgeslib[ldp] (pip install -e '.[dev]')")
from openbadgeslib.errors import LibOpenBadgesException  # noqa: E402
from openbadgeslib.ob3.verifier import OB3Verifier  # noqa: E402
from openbadgeslib.util import hash_email  # noqa: E402


@pytest.fixture(scope="module")
def issued() -> dict:
    return issue_credential(sample_claim(issued_at="2026-01-01T08:00:00Z"), SigningKey.generate(), "Lincoln District")


def theirs(document: bytes):
    """openbadgeslib's verdict: it resolves our did:key itself, with its own bundled contexts."""
    return ldp.OB3LdpVerifier().verify(document)


def ours(document: bytes):
    return verify_credential(credential_from_bytes(document, "badge.json"))


def test_openbadgeslib_verifies_our_credential(issued):
    credential = theirs(credential_json(issued).encode("utf-8"))
    assert credential.issuer.id == issued["issuer"]["id"]
    assert credential.achievement.name == "Questioning to Deepen Thinking"
    assert len(credential.results) == len(issued["credentialSubject"]["result"])
    identity = credential.identifiers[0]
    assert identity.identity_hash == "sha256$" + hash_email(TEACHER, identity.salt).decode("ascii")
    assert ours(credential_json(issued).encode("utf-8")).id == credential.id


def test_openbadgeslib_unbakes_and_verifies_our_png_and_svg(issued):
    png_text = OB3Verifier.extract_token_from_png(badge_bytes(issued, ".png"))
    svg_text = OB3Verifier.extract_token_from_svg(badge_bytes(issued, ".svg"))
    for text in (png_text, svg_text):
        assert json.loads(text) == issued
        assert theirs(text.encode("utf-8")).id == issued["id"]


def test_a_changed_evidence_hash_fails_both(issued):
    changed = copy.deepcopy(issued)
    changed["evidence"][2]["id"] = "urn:mcp:evidence:" + "5" * 64
    assert _accepted_by(credential_json(changed).encode("utf-8")) == []


def test_a_changed_member_name_fails_both(issued):
    changed = copy.deepcopy(issued)
    changed["evidence"][0]["genra"] = changed["evidence"][0].pop("genre")
    assert _accepted_by(credential_json(changed).encode("utf-8")) == []


def test_a_changed_byte_anywhere_in_the_credential_fails_both(issued):
    text = credential_json(issued).encode("utf-8")
    # A spread of positions through the whole document (compact JSON: no byte is padding).
    positions = sorted(random.Random(19).sample(range(len(text)), 12)) + [0, len(text) - 1]
    accepted = []
    for position in positions:
        changed = bytearray(text)
        changed[position] ^= 0x01
        accepted += [(position, verifier) for verifier in _accepted_by(bytes(changed))]
    assert accepted == []


def _accepted_by(document: bytes) -> list[str]:
    """Which verifiers accept `document` (each refusal must be a verdict, not a crash)."""
    accepted = []
    try:
        ours(document)
        accepted.append("ours")
    except BadgeError:
        pass
    try:
        theirs(document)
        accepted.append("openbadgeslib")
    except LibOpenBadgesException:
        pass
    return accepted
