"""Issue #19's loop: a reviewer approved by a trust list earns a bundle, the organisation's issuer key issues the
badge, the teacher verifies it (ours and openbadgeslib), puts it on the shelf, and its stack shows progress."""

from __future__ import annotations

import json

import pytest

from portfolio_app.bundle.keys import signing_key
from portfolio_app.bundle.openbadges.files import read_badge
from portfolio_app.core.badges import StackStatus
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.trust import Approval
from portfolio_app.services import badges, review_records, reviews
from portfolio_app.services.badge_issuing import issue_badge_for_review, issued_before
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key
from tests.ready_portfolio import CREDENTIAL, make_ready_portfolio

TEACHER_EMAIL = "ana.ortiz@lincoln-ms.example.org"


def _score_all(lib, review, passing: bool = True) -> None:
    for criterion in review.criteria:
        level = criterion.passing_level if passing else criterion.levels[0].id
        reviews.score_criterion(lib, review.id, criterion.id, level, "Seen at 0:12")


def test_an_earned_decision_becomes_a_badge_the_teacher_verifies_and_shelves(desks, tmp_path):
    teacher, reviewer = desks
    with teacher as lib:
        portfolio = make_ready_portfolio(lib, tmp_path / "media")
        bundle = export_portfolio(lib, portfolio.id, tmp_path / "ana-ortiz.zip").value.path

    # a small pilot: the reviewer also holds Lincoln District's issuer key, and its trust list approves them
    with reviewer as lib:
        rita = signing_key().public_key.fingerprint
        new_issuer_key("Lincoln District")
        trust = tmp_path / "lincoln-trust.zip"
        make_trust_list("Lincoln District", [Approval("reviewer", "Rita Reviewer", rita, "2026-01-01")], [], trust)
        review = reviews.open_review(lib, bundle).value
        _score_all(lib, review)
        reviews.decide(lib, review.id, "earned")
        with pytest.raises(InvalidInputError, match="Sign the decision first"):
            issue_badge_for_review(lib, review.id, tmp_path / "badge.png")
        decision = review_records.sign_review(lib, review.id, tmp_path / "decision.zip").value
        with pytest.raises(InvalidInputError, match="approves"):  # no trust list imported yet
            issue_badge_for_review(lib, review.id, tmp_path / "badge.png")
        import_trust_list(lib.db, trust)
        assert issued_before(lib, review.id) is None
        png = issue_badge_for_review(lib, review.id, tmp_path / "badge.png").value
        assert png.new
        before = issued_before(lib, review.id)  # what the review window says when opened another day
        assert before is not None and before.organisation == "Lincoln District" and before.issued_at == png.issued_at
        again = issue_badge_for_review(lib, review.id, tmp_path / "badge.json", decision_file=decision.path).value
        assert not again.new and read_badge(again.path) == read_badge(png.path)  # one credential per decision
        assert decision.tag_manifest_sha256 in json.dumps(read_badge(png.path))

    with teacher as lib:
        import_trust_list(lib.db, trust)
        check = badges.verify_badge_file(lib, png.path, bundle=bundle, email=TEACHER_EMAIL)
        assert check.issuer.named and check.issuer.text.startswith("Lincoln District, listed in its trust list of ")
        assert check.bundle_matches and check.email_matches
        evidence = {e.genre for e in check.badge.evidence}
        assert {"submission bundle", "review decision", "video"} <= evidence
        badges.import_badge(lib, png.path)
        progress = badges.list_stack_progress(lib)
        steps = [s for p in progress for s in p.steps if s.credential_id == CREDENTIAL]
        assert steps and all(s.status == StackStatus.EARNED for s in steps)

    ldp = pytest.importorskip("openbadgeslib.ob3.ldp")
    from openbadgeslib.ob3.verifier import OB3Verifier

    verified = ldp.OB3LdpVerifier().verify(OB3Verifier.extract_token_from_png(png.path.read_bytes()))
    assert verified.issuer.name == "Lincoln District"


def test_a_resubmit_decision_issues_no_badge(desks, tmp_path):
    teacher, reviewer = desks
    with teacher as lib:
        portfolio = make_ready_portfolio(lib, tmp_path / "media")
        bundle = export_portfolio(lib, portfolio.id, tmp_path / "ana-ortiz.zip").value.path
    with reviewer as lib:
        review = reviews.open_review(lib, bundle).value
        _score_all(lib, review, passing=False)
        reviews.decide(lib, review.id, "resubmit")
        review_records.sign_review(lib, review.id, tmp_path / "decision.zip")
        with pytest.raises(InvalidInputError, match="only from an earned decision"):
            issue_badge_for_review(lib, review.id, tmp_path / "badge.png")
    assert not (tmp_path / "badge.png").exists()
