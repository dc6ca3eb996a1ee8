"""The feedback with its badge as a signed record: the decision inside, byte for byte, is the one it names."""

from __future__ import annotations

import pytest

from portfolio_app.bundle.badge_record import read_badge_record, write_badge_record
from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.record import write_record

BADGE = b"\x89PNG\r\n\x1a\n a baked badge stands here"


def _decision(tmp_path, name: str):
    document = {"type": "review", "created_at": "2026-12-05T10:00:00.000+00:00", "decision": name}
    return write_record(document, tmp_path / f"{name}.zip", SigningKey.generate())


def test_the_decision_and_badge_come_back_as_they_went_in(tmp_path):
    decision = _decision(tmp_path, "earned")
    issuer = SigningKey.generate()
    info = write_badge_record(
        decision.path, decision.tag_manifest_sha256, BADGE, "2026-12-05T10:01:00Z", issuer, tmp_path / "sent.zip"
    )
    assert info.type == "badge" and info.fingerprint == issuer.public_key.fingerprint
    (tmp_path / "out").mkdir()
    record = read_badge_record(info.path, tmp_path / "out" / "sent.zip")
    assert record.decision.read_bytes() == decision.path.read_bytes()
    assert record.decision_sha256 == decision.tag_manifest_sha256 and record.badge == BADGE
    assert record.fingerprint == issuer.public_key.fingerprint


def test_a_decision_other_than_the_one_named_is_refused(tmp_path):
    named, other = _decision(tmp_path, "named"), _decision(tmp_path, "other")
    info = write_badge_record(
        other.path, named.tag_manifest_sha256, BADGE, "2026-12-05T10:01:00Z", SigningKey.generate(), tmp_path / "x.zip"
    )
    (tmp_path / "out").mkdir()
    with pytest.raises(BundleFormatError, match=r"data/review.zip is not the decision data/badge.json names"):
        read_badge_record(info.path, tmp_path / "out" / "x.zip")


def test_another_record_is_not_a_feedback_with_badge(tmp_path):
    decision = _decision(tmp_path, "plain")
    with pytest.raises(BundleFormatError, match="not a badge record"):
        read_badge_record(decision.path, tmp_path / "copy.zip")
