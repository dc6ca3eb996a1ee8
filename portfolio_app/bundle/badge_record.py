"""The feedback that earned a badge, with the badge: a signed record of type `badge`.

A badge names the signed review decision by that record's tag-manifest SHA-256, so it cannot
travel inside the decision itself. The issuer therefore wraps both: `data/review.zip` is the
reviewer's signed decision byte for byte (verified again on its own), `data/badge.png` the
baked credential, and `data/badge.json` names the decision it answers. The issuer key signs
the wrapper, so the teacher imports one file and gets both the feedback and the badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio_app.bundle.answering import tag_manifest_sha256
from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.record import RecordFile, RecordInfo, read_record, write_record

RECORD_TYPE = "badge"
FORMAT = "mcp-badge/1"
DECISION_FILE = "review.zip"
BADGE_FILE = "badge.png"


@dataclass(frozen=True)
class BadgeRecord:
    """A verified feedback-with-badge record: the decision copied out, the badge's bytes, who signed the wrapper."""

    decision: Path  # the signed review decision, written where `read_badge_record` was told
    decision_sha256: str  # its tag-manifest SHA-256, as the wrapper names it and the badge should
    badge: bytes  # the baked PNG
    fingerprint: str  # the key that signed the wrapper (the issuer key)


def write_badge_record(
    decision: Path, decision_sha256: str, badge_png: bytes, issued_at: str, signing_key: SigningKey, target: Path
) -> RecordInfo:
    """Write the signed decision and its baked badge as one record at `target` (.zip), signed by `signing_key`."""
    document: dict[str, Any] = {
        "type": RECORD_TYPE,
        "format": FORMAT,
        "created_at": issued_at,
        "answers": {"review_tag_manifest_sha256": decision_sha256},
        "decision": DECISION_FILE,
        "badge": BADGE_FILE,
    }
    files = [
        RecordFile(DECISION_FILE, source=decision),
        RecordFile(BADGE_FILE, data=badge_png),
    ]
    return write_record(document, target, signing_key, files=files, name=target.stem)


def read_badge_record(path: Path, decision_target: Path) -> BadgeRecord:
    """Verify a feedback-with-badge record; copy its decision to `decision_target` and check it is the one named.

    Raises:
        BundleFormatError, SignatureError: the record (or the decision inside it) is changed, unsigned or not
            a feedback-with-badge record, naming the entry.
    """
    record = read_record(path, expect_type=RECORD_TYPE)
    document = record.document
    answers = document.get("answers")
    named = answers.get("review_tag_manifest_sha256") if isinstance(answers, dict) else None
    if document.get("format") != FORMAT or not isinstance(named, str):
        raise BundleFormatError(f"{path.name}: data/badge.json is not a {FORMAT} document naming the decision.")
    for needed in (DECISION_FILE, BADGE_FILE):
        if needed not in record.files:
            raise BundleFormatError(f"{path.name} holds no data/{needed}: it carries no decision and badge.")
    decision_target.write_bytes(record.read_file(DECISION_FILE))
    if tag_manifest_sha256(decision_target) != named.lower():
        raise BundleFormatError(f"{path.name}: data/{DECISION_FILE} is not the decision data/badge.json names.")
    return BadgeRecord(decision_target, named.lower(), record.read_file(BADGE_FILE), record.fingerprint)
