"""1EdTech's Open Badges 3.0 eddsa-rdfc-2022 test vector, reproduced byte for byte with the shipped contexts.

Source: github.com/1EdTech/openbadges-specification, ob_v3p0/impl/linked-data-proof-ob.html and
ob_v3p0/impl/test-vectors/obv3p0/{document,proof}-canon.txt (copied beside this file).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges import didkey, rdfc
from portfolio_app.bundle.openbadges.terms import require_defined_terms
from portfolio_app.bundle.openbadges.verify import verify_credential

VECTOR = Path(__file__).resolve().parent / "ob3_vector"
SECRET_KEY = bytes.fromhex(
    "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
    "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
)
PUBLIC_KEY = bytes.fromhex("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5")
METHOD = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
CREATED = "2010-01-01T19:23:24Z"
DOCUMENT_HASH = "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
PROOF_HASH = "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
SIGNATURE = (
    "f7a017acf7d27983267ec362657c0fb08e955549f49dac5bf36a03c4f2c3a4f1"
    "e3738a6c5ecd7ffba7135cb9cd754e6196f4b73082ea8df8e703c8ecd4333503"
)
PROOF_VALUE = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {
        "id": "https://example.edu/issuers/565049",
        "type": ["Profile"],
        "url": "https://www.imsglobal.org",
        "name": "Example Corp",
    },
    "validFrom": "2010-01-01T00:00:00Z",
    "name": "Teamwork Badge",
    "credentialSubject": {
        "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.com/achievements/21st-century-skills/teamwork",
            "type": ["Achievement"],
            "criteria": {
                "narrative": "Team members are nominated for this badge by their peers and recognized "
                "upon review by Example Corp management."
            },
            "description": "This badge recognizes the development of the capacity to collaborate within a group "
            "environment.",
            "name": "Teamwork",
        },
    },
}


@pytest.fixture(scope="module")
def hashed():
    return rdfc.hash_credential(CREDENTIAL, rdfc.proof_options(CREDENTIAL, METHOD, CREATED))


def test_canonical_n_quads_are_the_published_ones_byte_for_byte(hashed):
    assert hashed.document_nquads.encode("utf-8") == (VECTOR / "document-canon.txt").read_bytes()
    assert hashed.proof_nquads.encode("utf-8") == (VECTOR / "proof-canon.txt").read_bytes()


def test_hashes_and_data_to_sign_are_the_published_ones(hashed):
    assert hashed.document_sha256.hex() == DOCUMENT_HASH
    assert hashed.proof_sha256.hex() == PROOF_HASH
    assert hashed.data_to_sign.hex() == PROOF_HASH + DOCUMENT_HASH


def test_signing_gives_the_published_signature_and_proof_value():
    key = SigningKey(SECRET_KEY[:32])
    assert key.public_key.raw == PUBLIC_KEY
    signed = rdfc.sign(copy.deepcopy(CREDENTIAL), key, METHOD, CREATED)
    assert signed["proof"]["proofValue"] == PROOF_VALUE
    assert didkey.base58btc_decode(PROOF_VALUE[1:]).hex() == SIGNATURE
    assert rdfc.check(signed, PUBLIC_KEY)["verificationMethod"] == METHOD


def test_the_published_multikey_is_our_encoding_of_the_key():
    assert didkey.multikey(PUBLIC_KEY) == METHOD.split("#")[1]
    assert didkey.public_key_of(didkey.did_key(PUBLIC_KEY)) == PUBLIC_KEY


def test_the_published_credential_fails_once_a_value_changes():
    signed = {**copy.deepcopy(CREDENTIAL), "proof": {**rdfc.proof_options(CREDENTIAL, METHOD, CREATED)}}
    signed["proof"]["proofValue"] = PROOF_VALUE
    rdfc.check(signed, PUBLIC_KEY)
    signed["name"] = "Teamwork Badge!"
    with pytest.raises(BadgeError, match="does not match"):
        rdfc.check(signed, PUBLIC_KEY)


def test_the_published_credential_uses_only_defined_terms_and_verifies_with_its_key():
    require_defined_terms(CREDENTIAL)
    signed = {**copy.deepcopy(CREDENTIAL), "proof": {**rdfc.proof_options(CREDENTIAL, METHOD, CREATED)}}
    signed["proof"]["proofValue"] = PROOF_VALUE
    assert rdfc.check(signed, PUBLIC_KEY)["cryptosuite"] == "eddsa-rdfc-2022"
    with pytest.raises(BadgeError, match="not a did:key"):  # its issuer is an https URL: no key to check offline
        verify_credential(signed)
