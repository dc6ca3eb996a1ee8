"""Issuing from an earned decision: one credential per decision, any form, only when every criterion is met."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import read_badge
from portfolio_app.bundle.openbadges.verify import verify_credential
from portfolio_app.core.badges import EarnedDecision, EvidenceHash
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services.badge_issuing import issue_badge
from tests.bundle.badge_claims import TEACHER, sample_claim


def earned(**changes) -> EarnedDecision:
    claim = sample_claim()
    values = {
        "decision_sha256": "a" * 64,
        "bundle_sha256": "b" * 64,
        "credential": claim.credential,
        "levels": dict(claim.levels),
        "evidence": (EvidenceHash("c" * 64, "video"),),
        "recipient_email": TEACHER,
        "reviewer_fingerprint": "d" * 64,
        "signed_at": "2026-12-01T09:00:00Z",
    }
    values.update(changes)
    return EarnedDecision(**values)


@pytest.fixture
def issuer_key() -> SigningKey:
    return SigningKey.generate()


def test_a_decision_is_issued_once_and_written_again_in_other_forms(library, issuer_key, tmp_path):
    first = issue_badge(library, earned(), issuer_key, "Lincoln District", tmp_path / "badge.png")
    assert first.value.new and first.changes.badges
    badge = verify_credential(read_badge(first.value.path))
    assert badge.issuer_fingerprint == issuer_key.public_key.fingerprint
    assert badge.is_for_email(TEACHER) and badge.names_evidence("urn:mcp:bundle:" + "b" * 64)
    later = datetime(2027, 3, 1, tzinfo=UTC)
    again = issue_badge(library, earned(), issuer_key, "Lincoln District", tmp_path / "badge.json", now=later)
    assert not again.value.new and not again.changes
    assert read_badge(again.value.path) == read_badge(first.value.path)  # the same signed credential
    other = issue_badge(library, earned(decision_sha256="e" * 64), issuer_key, "L", tmp_path / "other.svg")
    assert other.value.new and other.value.credential_id != first.value.credential_id


def test_not_every_criterion_met_is_refused(library, issuer_key, tmp_path):
    decision = earned()
    criterion = decision.credential.criteria[0]
    lowest = criterion.levels[0].id
    with pytest.raises(InvalidInputError, match=criterion.title):
        issue_badge(
            library, earned(levels={**decision.levels, criterion.id: lowest}), issuer_key, "L", tmp_path / "b.json"
        )
    assert not (tmp_path / "b.json").exists()


def test_no_recipient_or_another_key_or_form_is_refused(library, issuer_key, tmp_path):
    with pytest.raises(InvalidInputError, match="email"):
        issue_badge(library, earned(recipient_email=" "), issuer_key, "L", tmp_path / "b.json")
    with pytest.raises(InvalidInputError, match="b.gif"):
        issue_badge(library, earned(), issuer_key, "L", tmp_path / "b.gif")
    issue_badge(library, earned(), issuer_key, "L", tmp_path / "b.json")
    with pytest.raises(InvalidInputError, match="another issuer key"):
        issue_badge(library, earned(), SigningKey.generate(), "L", tmp_path / "c.json")
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["issuer"]["name"] == "L"
