"""The teacher's side without feedback files: exports recorded per attempt, resubmit, history, readiness."""

from __future__ import annotations

import pytest

from portfolio_app.bundle.answering import tag_manifest_sha256
from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.feedback import RESUBMISSION_NOTE
from portfolio_app.core.readiness import Rule
from portfolio_app.services import export, resubmission, rubric
from portfolio_app.services.evidence import list_evidence
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.readiness import check_portfolio
from portfolio_app.storage import rubric as stored_rubric
from tests.ready_portfolio import make_ready_portfolio


@pytest.fixture
def ready(library, tmp_path):
    return make_ready_portfolio(library, tmp_path / "media")


def test_every_export_records_the_bundle_it_made_per_attempt(library, ready, tmp_path):
    draft = export.export_portfolio(library, ready.id, tmp_path / "draft.zip", draft=True).value
    final = export.export_portfolio(library, ready.id, tmp_path / "final.zip").value
    attempt = resubmission.history(library, ready.id)[0]
    assert [b.bundle_sha256 for b in attempt.bundles] == [
        tag_manifest_sha256(draft.path),
        tag_manifest_sha256(final.path),
    ]
    assert [b.draft for b in attempt.bundles] == [True, False]
    assert attempt.bundles[1].fingerprint == final.fingerprint and attempt.bundles[1].file_name == "final.zip"


def test_resubmit_carries_the_work_over_by_reference_and_links_the_attempts(library, ready, tmp_path):
    export.export_portfolio(library, ready.id, tmp_path / "first.zip")
    second = resubmission.resubmit(library, ready.id).value
    assert second.attempt == 2 and second.resubmits == ready.id and second.title == ready.title
    before, after = list_evidence(library, ready.id), list_evidence(library, second.id)
    assert [(e.blob, e.requirement_id, e.title) for e in before] == [(e.blob, e.requirement_id, e.title) for e in after]
    assert not {e.id for e in before} & {e.id for e in after}
    old_tags = stored_rubric.tags_for_portfolio(library.db, ready.id)
    new_tags = stored_rubric.tags_for_portfolio(library.db, second.id)
    assert [(t.criterion_id, t.span, t.region, t.note) for t in old_tags] == [
        (t.criterion_id, t.span, t.region, t.note) for t in new_tags
    ]
    assert rubric.get_responses(library, second.id).keys() == rubric.get_responses(library, ready.id).keys()
    new_assessments = rubric.get_assessments(library, second.id)
    old_assessments = rubric.get_assessments(library, ready.id)
    assert {c: a.level_id for c, a in new_assessments.items()} == {c: a.level_id for c, a in old_assessments.items()}
    new_tag_ids = {t.id for t in new_tags}
    assert all(set(a.tag_ids) <= new_tag_ids for a in new_assessments.values())
    assert {c: len(a.tag_ids) for c, a in new_assessments.items()} == {
        c: len(a.tag_ids) for c, a in old_assessments.items()
    }
    assert any(a.tag_ids for a in new_assessments.values())
    # the earlier attempt is untouched, and cannot be resubmitted twice
    assert len(stored_rubric.tags_for_portfolio(library.db, ready.id)) == len(old_tags)
    with pytest.raises(InvalidInputError, match="already resubmitted"):
        resubmission.resubmit(library, ready.id)
    assert [a.portfolio.attempt for a in resubmission.history(library, second.id)] == [1, 2]


def test_a_resubmission_needs_its_note_to_the_reviewer_and_the_bundle_carries_it(library, ready, tmp_path):
    second = create_portfolio(library, "ignored", "Second try", resubmits=ready.id).value  # `new --resubmits`
    assert second.title == "Second try" and list_evidence(library, second.id)
    items = check_portfolio(library, second.id).items
    assert items[0].rule == Rule.RESUBMISSION_NOTE
    with pytest.raises(InvalidInputError):
        rubric.save_response(library, ready.id, RESUBMISSION_NOTE, "Only later attempts have a note.")
    rubric.save_response(library, second.id, RESUBMISSION_NOTE, "I added a second lesson with longer wait time.")
    assert check_portfolio(library, second.id).ready
    info = export.export_portfolio(library, second.id, tmp_path / "second.zip").value
    report = verify_bundle(info.path)
    assert report.valid, report.problems
    portfolio = report.submission["portfolio"]
    assert portfolio["attempt"] == 2 and portfolio["resubmits"] == ready.id
    assert portfolio["resubmission_note"] == "I added a second lesson with longer wait time."
    assert RESUBMISSION_NOTE not in {r["prompt_id"] for r in report.submission["responses"]}
