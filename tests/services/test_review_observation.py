"""A coach's signed observation carried in a bundle under review: read from a verified copy, its own
signature checked again, without the name of the teacher it observed (the review is blind)."""

from __future__ import annotations

import pytest

from portfolio_app.bundle.errors import SignatureError
from portfolio_app.core.carried_observation import carried_observation
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services import reviews
from tests.bundle.tampering import rewrite
from tests.review_bundles import teacher_bundle_with_observation


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return teacher_bundle_with_observation(tmp_path_factory.mktemp("discussion"))[0]


def _observation_copy(library, bundle):
    review = reviews.open_review(library, bundle).value
    [item] = [e for e in reviews.review_submission(library, review.id)["evidence"] if e["kind"] == "observation"]
    source = reviews.evidence_source(library, review.id, item["id"])
    return reviews.copy_evidence(source, reviews.evidence_copies(library)), item


def test_the_carried_observation_is_read_blind_with_the_coachs_key(library, bundle):
    copy, item = _observation_copy(library, bundle)
    observation = reviews.read_carried_observation(copy, item["title"])
    assert observation.title == "Discussion of ratios" and observation.observer == "Coach Kim"
    assert observation.length_s == 240 and len(observation.events) == 19 and len(observation.notes) == 1
    assert {e.code_id for e in observation.events} <= {c.id for c in observation.scheme.codes}
    assert "Ana" not in repr(observation)  # the record names the teacher it observed; the reviewer does not see it
    assert len(observation.signer_fingerprint) >= 16


def test_an_observation_whose_signature_fails_is_refused_by_name(library, bundle, tmp_path):
    copy, item = _observation_copy(library, bundle)
    unsigned = rewrite(
        copy, tmp_path / "unsigned.zip", lambda items: [(i, d) for i, d in items if not i.filename.endswith(".minisig")]
    )
    with pytest.raises(SignatureError, match="signature"):
        reviews.read_carried_observation(unsigned, item["title"])


def test_a_document_without_an_observation_is_refused_by_name():
    with pytest.raises(InvalidInputError, match="“Lesson”"):
        carried_observation({"type": "observation"}, "ab" * 16, "“Lesson”")
