"""Which texts the names rule reads: content_spots keeps only the texts that may hold a name."""

from __future__ import annotations

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.definition import load_json, parse_credential
from portfolio_app.core.ids import EvidenceId, PortfolioId
from portfolio_app.core.name_findings import TagNote, content_spots, name_items
from portfolio_app.core.names import NameToFind, may_name
from portfolio_app.core.portfolio import Evidence
from tests.conftest import REPO

ROSTER = (NameToFind("Maya", "m", "Maya", "Student A"),)


def _keep(text: str, any_case: bool) -> bool:
    return may_name(text, ROSTER, any_case=any_case)


def test_only_texts_that_may_hold_a_name_become_spots_and_the_findings_are_the_same():
    path = REPO / "resources" / "catalog" / "questioning-to-deepen-thinking.json"
    credential = parse_credential(load_json(path), path.name)
    requirement = credential.work_examples.requirements[0]
    photo = Evidence(
        EvidenceId("e1"),
        PortfolioId("p1"),
        EvidenceKind.IMAGE,
        "Exit ticket",
        "2026-11-24T10:00:00Z",
        requirement_id=requirement.id,
    )
    notes = [TagNote(f"t{n}", photo.id, "Wait time after the question") for n in range(500)]
    notes.append(TagNote("t-maya", photo.id, "Maya explains her model"))
    every = content_spots(credential, "Grade 7", [photo], notes, [], [])
    kept = content_spots(credential, "Grade 7", [photo], notes, [], [], keep=_keep)
    assert len(every) == 503 and [s.spot for s in kept] == ["tag:t-maya"]
    assert name_items(kept, ROSTER, "") == name_items(every, ROSTER, "")
    assert [i.spot for i in name_items(kept, ROSTER, "")] == ["tag:t-maya"]
