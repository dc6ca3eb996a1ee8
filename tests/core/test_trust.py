"""The rule every verification applies to a signer: approved, unknown, outside its dates, revoked before signing."""

from __future__ import annotations

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.trust import (
    Approval,
    Revocation,
    Standing,
    TrustList,
    describe_signer,
    trust_document,
    trust_from_document,
)

RITA, CARL, OLD, ISSUER, STRANGER = ("1" * 64, "2" * 64, "3" * 64, "4" * 64, "5" * 64)
TODAY = "2026-12-05"


def lincoln(issued_at: str = "2026-11-01T10:00:00.000+00:00") -> TrustList:
    return TrustList(
        organisation="Lincoln District",
        issuer_fingerprint=ISSUER,
        issuer_public_key="(not checked here)",
        issued_at=issued_at,
        approvals=(
            Approval("reviewer", "Rita Reviewer", RITA, "2026-09-01", "2027-07-31"),
            Approval("coach", "Carl Coach", CARL, "2026-09-01"),
            Approval("reviewer", "Otto Old", OLD, "2025-09-01"),
        ),
        revocations=(Revocation(OLD, "2026-10-01"),),
    )


def test_an_approved_reviewer_is_named_with_role_organisation_and_list_date():
    status = describe_signer([lincoln()], RITA, "2026-11-20T09:00:00Z", TODAY)
    assert status.standing is Standing.APPROVED and status.trusted and not status.refused
    assert status.text == "Rita Reviewer, approved reviewer, Lincoln District (trust list of 2026-11-01)"


def test_a_key_no_list_names_is_a_warning_not_trusted():
    status = describe_signer([lincoln()], STRANGER, "2026-11-20T09:00:00Z", TODAY)
    assert status.standing is Standing.UNKNOWN and not status.trusted and not status.refused
    assert status.text == "a key that no trust list names"
    assert describe_signer([], RITA, None, TODAY).standing is Standing.UNKNOWN


def test_a_key_revoked_before_signing_is_refused_but_its_earlier_signatures_stand():
    refused = describe_signer([lincoln()], OLD, "2026-10-01T08:00:00Z", TODAY)
    assert refused.standing is Standing.REVOKED and refused.refused
    assert "REVOKED from 2026-10-01" in refused.text and "Otto Old" in refused.text
    earlier = describe_signer([lincoln()], OLD, "2026-09-30T23:59:00Z", TODAY)
    assert earlier.standing is Standing.APPROVED


def test_outside_the_approved_dates_is_a_warning_naming_them():
    status = describe_signer([lincoln()], RITA, "2027-08-01T00:00:00Z", TODAY)
    assert status.standing is Standing.OUTSIDE and not status.trusted and not status.refused
    assert "until 2027-07-31" in status.text and "Rita Reviewer" in status.text


def test_the_issuer_key_itself_is_named_as_the_organisation():
    status = describe_signer([lincoln()], ISSUER.upper(), None, TODAY)
    assert status.trusted and status.text == "Lincoln District's issuer key (trust list of 2026-11-01)"


def test_a_document_round_trips_and_bad_fields_are_named():
    trust = lincoln()
    assert trust_from_document(trust_document(trust)) == trust
    broken = trust_document(trust)
    broken["approved"][1]["fingerprint"] = "abc"
    with pytest.raises(InvalidInputError, match="approved #2"):
        trust_from_document(broken)
    broken = trust_document(trust)
    broken["revoked"][0]["since"] = "2026-02-30"
    with pytest.raises(InvalidInputError, match="revoked #1 since"):
        trust_from_document(broken)
    broken = trust_document(trust)
    broken["approved"][0]["role"] = "principal"
    with pytest.raises(InvalidInputError, match="'principal' is not a role"):
        trust_from_document(broken)
