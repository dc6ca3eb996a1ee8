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


def test_the_issuer_is_the_organisation_that_approves_the_reviewer(library, tmp_path):
    from portfolio_app.bundle import keys
    from portfolio_app.core.trust import Approval, Revocation
    from portfolio_app.services.badge_issuing import issuer_for_reviewer
    from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key

    rita, otto, stranger = SigningKey.generate(), SigningKey.generate(), SigningKey.generate()
    new_issuer_key("Lincoln District")
    approvals = [
        Approval("reviewer", "Rita Reviewer", rita.public_key.fingerprint, "2026-09-01"),
        Approval("coach", "Carl Coach", otto.public_key.fingerprint, "2026-09-01"),
    ]
    target = tmp_path / "trust.zip"
    make_trust_list("Lincoln District", approvals, [Revocation("f" * 64, "2026-01-01")], target)
    import_trust_list(library.db, target)
    key, organisation = issuer_for_reviewer(library, rita.public_key.fingerprint, "2026-12-01T09:00:00Z")
    assert organisation == "Lincoln District"
    assert key.public_key == keys.stored_key(keys.issuer_account("Lincoln District")).public_key
    for fingerprint, signed_at in (
        (otto.public_key.fingerprint, "2026-12-01T09:00:00Z"),  # a coach, not a reviewer
        (stranger.public_key.fingerprint, "2026-12-01T09:00:00Z"),  # no list names the key
        (rita.public_key.fingerprint, "2026-08-01T09:00:00Z"),  # before her approval
    ):
        with pytest.raises(InvalidInputError, match="approves"):
            issuer_for_reviewer(library, fingerprint, signed_at)
    keys.delete_key(keys.issuer_account("Lincoln District"))
    with pytest.raises(InvalidInputError, match='no issuer key of "Lincoln District"'):
        issuer_for_reviewer(library, rita.public_key.fingerprint, "2026-12-01T09:00:00Z")
