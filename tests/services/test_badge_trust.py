"""Who issued a badge, by the imported trust lists: the organisation's issuer key, a stranger, or a revoked key."""

from __future__ import annotations

import pytest

from portfolio_app.bundle import keys
from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from portfolio_app.core.trust import Approval, Revocation
from portfolio_app.services import badges
from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key
from tests.bundle.badge_claims import sample_claim


def trust_list(library, tmp_path, organisation: str, approvals=(), revocations=()) -> None:
    new_issuer_key(organisation)
    target = tmp_path / f"{organisation}.zip"
    make_trust_list(organisation, approvals, revocations, target, issued_at="2026-11-01T09:00:00.000+00:00")
    import_trust_list(library.db, target)


def badge(tmp_path, key: SigningKey, name: str = "badge.png"):
    return write_badge(issue_credential(sample_claim(), key, "Lincoln District"), tmp_path / name)


def test_the_organisation_s_issuer_key_is_named_with_its_trust_list(library, tmp_path):
    trust_list(library, tmp_path, "Lincoln District")
    issuer = keys.stored_key(keys.issuer_account("Lincoln District"))
    check = badges.verify_badge_file(library, badge(tmp_path, issuer))
    assert check.issuer.named
    assert check.issuer.text == "Lincoln District, listed in its trust list of 2026-11-01"
    stranger = badges.verify_badge_file(library, badge(tmp_path, SigningKey.generate(), "other.png"))
    assert not stranger.issuer.named and stranger.issuer.text == "an issuer no trust list names"


def test_a_reviewer_s_own_key_is_named_but_not_as_an_issuer(library, tmp_path):
    rita = SigningKey.generate()
    trust_list(
        library,
        tmp_path,
        "Lincoln District",
        [Approval("reviewer", "Rita Reviewer", rita.public_key.fingerprint, "2026-01-01")],
    )
    check = badges.verify_badge_file(library, badge(tmp_path, rita))
    assert not check.issuer.named
    assert "Rita Reviewer, approved reviewer" in check.issuer.text and "not the issuer key" in check.issuer.text


def test_a_badge_whose_issuer_key_was_revoked_before_it_was_signed_is_refused(library, tmp_path):
    lost = SigningKey.generate()
    trust_list(library, tmp_path, "State Board", revocations=[Revocation(lost.public_key.fingerprint, "2026-06-01")])
    path = badge(tmp_path, lost)  # signed 2026-12-01
    with pytest.raises(BadgeError, match="REVOKED from 2026-06-01"):
        badges.verify_badge_file(library, path)
    with pytest.raises(BadgeError, match="badge.png"):
        badges.import_badge(library, path)
    assert badges.list_badges(library) == []
