"""A claim for a catalog credential, as the badge tests issue it."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.badges import BadgeClaim, EvidenceHash
from portfolio_app.core.definition import load_json, parse_credential

CATALOG = Path(__file__).resolve().parent.parent.parent / "resources" / "catalog"
TEACHER = "ana.teacher@lincoln.example.org"


def sample_claim(**changes) -> BadgeClaim:
    """An earned claim on 'Questioning to Deepen Thinking': every criterion at its passing level."""
    path = CATALOG / "questioning-to-deepen-thinking.json"
    credential = parse_credential(load_json(path), path.name)
    values = {
        "credential": credential,
        "levels": {c.id: c.passing_level for c in credential.criteria},
        "bundle_sha256": "1" * 64,
        "decision_sha256": "2" * 64,
        "evidence": (EvidenceHash("3" * 64, "video"), EvidenceHash("4" * 64, "image")),
        "recipient_email": TEACHER,
        "recipient_salt": "f00dfeedcafe",
        "issued_at": "2026-12-01T10:00:00Z",
    }
    values.update(changes)
    return BadgeClaim(**values)
