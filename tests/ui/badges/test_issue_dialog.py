"""File ▸ Issue a Badge…: the organisation's issuer, who did not review, issues from the bundle and the decision."""

from __future__ import annotations

import keyring

from portfolio_app.bundle.keys import signing_key
from portfolio_app.core.trust import Approval
from portfolio_app.services import review_records, reviews
from portfolio_app.services.library import open_library
from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key
from portfolio_app.ui.badges.issue_dialog import IssueBadgeDialog
from tests.keyring_memory import MemoryKeyring
from tests.review_bundles import teacher_bundle


def test_the_issuer_issues_from_the_bundle_and_the_reviewers_decision(qtbot, window, library, tmp_path, memory_keyring):
    bundle, _ = teacher_bundle(tmp_path / "teacher")
    keyring.set_keyring(MemoryKeyring())  # the reviewer's computer
    reviewer = open_library(tmp_path / "reviewer")
    try:
        rita = signing_key().public_key.fingerprint
        review = reviews.open_review(reviewer, bundle).value
        for criterion in review.criteria:
            reviews.score_criterion(reviewer, review.id, criterion.id, criterion.passing_level)
        reviews.decide(reviewer, review.id, "earned")
        decision = review_records.sign_review(reviewer, review.id, tmp_path / "decision.zip").value.path
    finally:
        reviewer.close()
        keyring.set_keyring(memory_keyring)  # the district office: this window's library and keychain
    new_issuer_key("Lincoln District")

    assert window.issue_badge_action.text()
    window.issue_badge_action.trigger()
    (dialog,) = window.findChildren(IssueBadgeDialog)
    assert not dialog.issue_button.isEnabled()
    dialog.bundle.setText(str(bundle))
    dialog.decision.setText(str(decision))
    assert dialog.issue_button.isEnabled()
    target = tmp_path / "feedback-and-badge.zip"
    dialog.issue(target)  # no trust list approves the reviewer yet: said in the dialog, nothing written
    assert "approves" in dialog.outcome.text() and not target.exists()

    trust = tmp_path / "lincoln-trust.zip"
    make_trust_list("Lincoln District", [Approval("reviewer", "Rita Reviewer", rita, "2026-01-01")], [], trust)
    import_trust_list(library.db, trust)
    dialog.issue(target)
    assert target.exists(), dialog.outcome.text()
    assert "Badge issued by Lincoln District" in dialog.outcome.text() and "Send this one file" in dialog.outcome.text()
    dialog.close()
