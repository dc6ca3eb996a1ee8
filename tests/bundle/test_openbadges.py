"""Our Open Badges 3.0 credentials: issued with defined terms only, verified offline, baked and unbaked."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges import baking, didkey
from portfolio_app.bundle.openbadges.badge_image import badge_svg
from portfolio_app.bundle.openbadges.contexts import document_loader
from portfolio_app.bundle.openbadges.files import badge_bytes, credential_from_bytes, read_badge, write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from portfolio_app.bundle.openbadges.terms import require_defined_terms
from portfolio_app.bundle.openbadges.verify import verify_credential
from tests.bundle.badge_claims import TEACHER, sample_claim

NOW = datetime(2026, 12, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def issuer_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def issued(issuer_key) -> dict:
    return issue_credential(sample_claim(), issuer_key, "Lincoln District")


def test_an_issued_credential_verifies_and_says_what_was_earned(issued, issuer_key):
    badge = verify_credential(issued, now=NOW)
    assert badge.issuer_did == didkey.did_key(issuer_key.public_key.raw)
    assert badge.issuer_fingerprint == issuer_key.public_key.fingerprint
    assert badge.issuer_name == "Lincoln District"
    assert badge.achievement_name == "Questioning to Deepen Thinking"
    assert badge.is_for_email(TEACHER) and badge.is_for_email("  Ana.Teacher@Lincoln.example.org ")
    assert not badge.is_for_email("someone.else@lincoln.example.org")
    assert badge.names_evidence("urn:mcp:bundle:" + "1" * 64)
    assert badge.names_evidence("urn:mcp:review:" + "2" * 64)
    assert badge.names_evidence("urn:mcp:evidence:" + "3" * 64)
    assert TEACHER not in json.dumps(issued)  # only the salted hash travels


def test_results_name_the_achieved_level_of_every_criterion(issued):
    subject = issued["credentialSubject"]
    described = {d["id"]: d for d in subject["achievement"]["resultDescription"]}
    assert len(subject["result"]) == len(described) > 0
    for result in subject["result"]:
        levels = {level["id"] for level in described[result["resultDescription"]]["rubricCriterionLevel"]}
        assert result["achievedLevel"] in levels


def test_one_decision_is_one_credential_id():
    assert (
        issue_credential(sample_claim(), SigningKey.generate(), "A")["id"]
        == issue_credential(sample_claim(), SigningKey.generate(), "B")["id"]
    )
    assert (
        issue_credential(sample_claim(decision_sha256="9" * 64), SigningKey.generate(), "A")["id"]
        != (issue_credential(sample_claim(), SigningKey.generate(), "A")["id"])
    )


def test_a_claim_missing_a_criterion_or_with_an_unknown_level_is_not_issued():
    claim = sample_claim()
    first = claim.credential.criteria[0]
    with pytest.raises(BadgeError, match=first.title):
        issue_credential(sample_claim(levels={}), SigningKey.generate(), "A")
    with pytest.raises(BadgeError, match="no level 'stellar'"):
        issue_credential(sample_claim(levels={**claim.levels, first.id: "stellar"}), SigningKey.generate(), "A")


def test_a_changed_evidence_hash_is_refused(issued):
    changed = copy.deepcopy(issued)
    changed["evidence"][2]["id"] = "urn:mcp:evidence:" + "5" * 64
    with pytest.raises(BadgeError, match="signature does not match"):
        verify_credential(changed, now=NOW)


def test_a_renamed_member_is_refused_though_the_signature_would_still_match(issued, issuer_key):
    changed = copy.deepcopy(issued)
    changed["evidence"][0]["genra"] = changed["evidence"][0].pop("genre")
    with pytest.raises(BadgeError, match="/evidence/0/genra"):
        verify_credential(changed, now=NOW)


def test_an_added_undefined_member_is_refused(issued):
    changed = copy.deepcopy(issued)
    changed["credentialSubject"]["grade"] = "A+"
    with pytest.raises(BadgeError, match="/credentialSubject/grade"):
        verify_credential(changed, now=NOW)


def test_the_issuer_never_issues_an_undefined_member(issued):
    document = {k: v for k, v in copy.deepcopy(issued).items() if k != "proof"}
    require_defined_terms(document)
    document["issuer"]["motto"] = "Learning together"
    with pytest.raises(BadgeError, match="/issuer/motto"):
        require_defined_terms(document)


@pytest.mark.parametrize(
    "context",
    [
        ["https://www.w3.org/ns/credentials/v2", "https://example.org/my-context.json"],
        ["https://www.w3.org/ns/credentials/v2", {"genre": "https://example.org/other#genre"}],
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    ],
)
def test_contexts_are_only_the_shipped_ones(issued, context):
    changed = {**copy.deepcopy(issued), "@context": context}
    with pytest.raises(BadgeError, match="@context"):
        verify_credential(changed, now=NOW)


def test_the_document_loader_refuses_every_other_url():
    with pytest.raises(BadgeError, match="never fetched"):
        document_loader("https://w3id.org/security/data-integrity/v2")


def test_another_issuer_cannot_claim_the_credential(issued):
    changed = copy.deepcopy(issued)
    changed["issuer"]["id"] = didkey.did_key(SigningKey.generate().public_key.raw)
    with pytest.raises(BadgeError, match="not by its issuer"):
        verify_credential(changed, now=NOW)


def test_a_credential_re_signed_by_another_key_is_that_key_s(issued):
    other = SigningKey.generate()
    badge = verify_credential(issue_credential(sample_claim(), other, "Lincoln District"), now=NOW)
    assert (
        badge.issuer_fingerprint
        == other.public_key.fingerprint
        != verify_credential(issued, now=NOW).issuer_fingerprint
    )


def test_validity_dates_are_checked(issuer_key):
    future = issue_credential(sample_claim(issued_at="2027-01-01T00:00:00Z"), issuer_key, "L")
    with pytest.raises(BadgeError, match="not valid before 2027-01-01"):
        verify_credential(future, now=NOW)
    expired = issue_credential(sample_claim(valid_until="2026-12-01T12:00:00Z"), issuer_key, "L")
    with pytest.raises(BadgeError, match="expired on 2026-12-01"):
        verify_credential(expired, now=NOW)
    assert verify_credential(expired, now=datetime(2026, 12, 1, 11, tzinfo=UTC)).valid_until


def test_did_key_rejects_other_methods_and_keys():
    with pytest.raises(BadgeError, match="not a did:key"):
        didkey.public_key_of("did:web:example.org")
    with pytest.raises(BadgeError, match="Ed25519"):
        didkey.public_key_of("did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169")  # a P-256 key
    assert didkey.base58btc_decode(didkey.base58btc_encode(b"\0\0abc")) == b"\0\0abc"


@pytest.mark.parametrize("form", [".json", ".png", ".svg"])
def test_every_form_reads_back_to_the_same_verified_credential(issued, form, tmp_path):
    target = write_badge(issued, tmp_path / f"badge{form}")
    assert read_badge(target) == issued
    assert verify_credential(read_badge(target), now=NOW).id == issued["id"]
    assert not list(tmp_path.glob(".*.part"))


def test_a_png_carries_one_uncompressed_credential_chunk_and_rebaking_replaces_it(issued):
    png = badge_bytes(issued, ".png")
    assert png.count(b"iTXt" + baking.PNG_KEYWORD + b"\0\0\0") == 1  # compression flag and method 0
    other = {**issued, "name": "Another"}
    rebaked = baking.bake_png(png, json.dumps(other))
    assert rebaked.count(baking.PNG_KEYWORD) == 1
    assert json.loads(baking.unbake_png(rebaked, "x.png"))["name"] == "Another"


def test_an_svg_names_the_open_badges_namespace_and_survives_cdata_ends(issued):
    svg = badge_bytes(issued, ".svg").decode("utf-8")
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    assert svg.count("<openbadges:credential>") == 1
    tricky = {**issued, "name": "a ]]> b"}
    baked = baking.bake_svg(badge_svg("T"), json.dumps(tricky))
    assert json.loads(baking.unbake_svg(baked.encode(), "x.svg"))["name"] == "a ]]> b"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a....", "not a badge"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "PNG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "no Open Badges 3.0 credential"),
        (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DOCTYPE"),
        (b"{not json", "not JSON"),
    ],
)
def test_files_that_are_not_badges_are_named_as_such(data, message):
    with pytest.raises(BadgeError, match=message):
        credential_from_bytes(data, "upload.bin")


def test_a_damaged_png_chunk_is_refused(issued):
    png = bytearray(badge_bytes(issued, ".png"))
    png[png.index(b"IDAT") + 10] ^= 0x01
    with pytest.raises(BadgeError, match="damaged"):
        credential_from_bytes(bytes(png), "badge.png")


def test_achieved_levels_reads_what_a_credential_states_and_skips_what_it_does_not():
    from portfolio_app.bundle.openbadges.results import achieved_levels

    document = issue_credential(sample_claim(), SigningKey.generate(), "Lincoln District")
    reached = achieved_levels(document)
    claim = sample_claim()
    assert len(reached) == len(claim.credential.criteria)
    first = claim.credential.criteria[0]
    assert reached[0] == (first.title, first.level(claim.levels[first.id]).label)
    assert achieved_levels({"credentialSubject": {"result": [{"achievedLevel": 3}], "achievement": []}}) == ()
    assert achieved_levels({}) == ()
