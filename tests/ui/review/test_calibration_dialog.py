"""File ▸ Compare Reviewers' Decisions…: agreement per criterion and Cohen's kappa in the window;
decisions on another bundle refused by name, or pooled per pair of reviewers when asked."""

from __future__ import annotations

import keyring
import pytest

from portfolio_app.services import review_records, reviews
from portfolio_app.services.library import open_library
from portfolio_app.ui.review import window_actions
from tests.keyring_memory import MemoryKeyring
from tests.review_bundles import teacher_bundle


@pytest.fixture(scope="module")
def decisions(tmp_path_factory):
    """Two reviewers' signed decisions on bundle A (they differ on one criterion), and the first's on bundle B."""
    folder = tmp_path_factory.mktemp("calibration")
    bundle_a, bundle_b = teacher_bundle(folder / "a")[0], teacher_bundle(folder / "b")[0]
    previous = keyring.get_keyring()
    signed = {}
    try:
        for reviewer, lower in (("first", None), ("second", 0)):
            keyring.set_keyring(MemoryKeyring())
            library = open_library(folder / reviewer)
            try:
                for name, bundle in (("a", bundle_a), ("b", bundle_b)):
                    review = reviews.open_review(library, bundle).value
                    for n, criterion in enumerate(review.criteria):
                        level = criterion.levels[0].id if n == lower else criterion.passing_level
                        reviews.score_criterion(library, review.id, criterion.id, level)
                    reviews.decide(library, review.id, "earned" if lower is None else "resubmit")
                    out = folder / f"{reviewer}-{name}.zip"
                    signed[(reviewer, name)] = review_records.sign_review(library, review.id, out).value.path
            finally:
                library.close()
    finally:
        keyring.set_keyring(previous)
    return signed


def test_two_reviewers_on_one_bundle_agree_per_criterion(qtbot, window, decisions):
    assert window.compare_reviewers_action.text()
    dialog = window_actions.compare_reviewers(window)
    qtbot.addWidget(dialog)
    dialog.set_files([decisions[("first", "a")], decisions[("second", "a")]])
    assert not dialog.problem.isVisible(), dialog.problem.text()
    text = dialog.result.toPlainText()
    assert "differ" in text and "agree" in text
    assert "Agreement 83% of criteria" in text and "meets the 80%" in text  # 5 of 6 criteria alike
    assert "kappa 0.00" in text  # the first gave one level throughout: all agreement is chance
    assert "decisions differ" in text


def test_a_decision_on_another_bundle_is_refused_by_name_unless_pooled(qtbot, window, decisions):
    dialog = window_actions.compare_reviewers(window)
    qtbot.addWidget(dialog)
    dialog.set_files([decisions[("first", "a")], decisions[("second", "b")]])
    assert dialog.problem.isVisible() and "second-b.zip answers another bundle" in dialog.problem.text()
    dialog.set_files(list(decisions.values()))
    dialog.pooled.setChecked(True)
    assert not dialog.problem.isVisible(), dialog.problem.text()
    assert "2 bundles in common" in dialog.result.toPlainText() and "kappa" in dialog.result.toPlainText()
