"""The teacher's Self-assessment tab shows a signed observation's ratings beside the teacher's own levels,
criterion by criterion, with how many agree and kappa (the hand computation is in the service test:
same level on 2 of 3, κ = 0.5)."""

import keyring
from PySide6.QtGui import QUndoStack

from portfolio_app.core.changes import Changes
from portfolio_app.services.evidence import import_files
from portfolio_app.services.library import open_library
from portfolio_app.services.observation_records import sign_observation
from portfolio_app.services.observations import new_observation, rate
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.profile import save_profile
from portfolio_app.services.readiness import load_content
from portfolio_app.services.rubric import assess
from portfolio_app.ui.workspace.assessment_page import AssessmentPage
from tests.keyring_memory import MemoryKeyring


def _signed_ratings(tmp_path):
    keyring.set_keyring(MemoryKeyring())  # the coach's laptop
    coach = open_library(tmp_path / "coach")
    try:
        save_profile(coach, "Coach Kim", "kim@district.example.org")
        obs = new_observation(coach, "look-fors-structured-student-discourse", "Period 2 discussion").value
        for criterion, level in (
            ("norms-and-structure", "progressing"),
            ("building-on-ideas", "demonstrated"),
            ("teacher-facilitation", "not-yet"),
        ):
            rate(coach, obs.id, criterion, level, f"seen at {criterion}")
        return sign_observation(coach, obs.id, tmp_path / "kim.zip").path
    finally:
        coach.close()
        keyring.set_keyring(MemoryKeyring())  # the teacher's own keychain from here on


def test_the_coachs_ratings_stand_beside_the_self_assessment_tab(qtbot, ops, library, tmp_path):
    signed = _signed_ratings(tmp_path)
    portfolio = create_portfolio(library, "structured-student-discourse", "Discussion").value
    page = AssessmentPage(ops, QUndoStack())
    qtbot.addWidget(page)
    page.show()
    page.show_content(portfolio.id, load_content(library, portfolio.id)[1])
    assert not page.coach.isVisible()  # no signed observation yet
    import_files(library, portfolio.id, [signed])
    for criterion, level in (
        ("norms-and-structure", "progressing"),
        ("building-on-ideas", "progressing"),
        ("teacher-facilitation", "not-yet"),
    ):
        assess(library, portfolio.id, criterion, level, "")
    ops.announce(Changes(assessments=True, evidence=True))
    assert page.coach.isVisible()
    text = page.coach.text.text()
    assert "2 of 3 rated by both at the same level; kappa 0.50" in text
    assert "Demonstrated" in text and "seen at building-on-ideas" in text and "differ" in text
    assess(library, portfolio.id, "building-on-ideas", "demonstrated", "")
    ops.announce(Changes(assessments=True))
    assert "3 of 3 rated by both at the same level" in page.coach.text.text()
