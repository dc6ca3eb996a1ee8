"""Issue #19 in the window: the reviewer's Issue Badge… after a signed earned decision (with the trust and issuer-key
checks of `review issue-badge`), and the teacher's import of the feedback that brings the badge onto the shelf."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from portfolio_app.bundle import keys
from portfolio_app.core.review import Decision
from portfolio_app.services import badges, review_records, reviews
from portfolio_app.services.badge_issuing import issue_badge_for_review
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import list_portfolios
from portfolio_app.services.trust import import_trust_list
from portfolio_app.ui.badges.badges_window import BadgesWindow
from portfolio_app.ui.review.feedback_dialog import FeedbackDialog
from portfolio_app.ui.review.review_window import ReviewWindow
from tests.earned_reviews import earned_review
from tests.keyring_memory import MemoryKeyring
from tests.ready_portfolio import make_ready_portfolio
from tests.review_bundles import teacher_bundle

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


@pytest.fixture
def bundle(tmp_path):
    return teacher_bundle(tmp_path / "teacher")[0]


def test_issue_badge_appears_after_a_signed_earned_decision_and_checks_trust(
    qtbot, ops, library, bundle, tmp_path, monkeypatch
):
    earned = earned_review(library, bundle, tmp_path / "out", trusted=False)
    window = ReviewWindow(ops, earned.review_id)
    qtbot.addWidget(window)
    window.show()
    window.steps.setCurrentRow(window.steps.count() - 1)  # the Decision screen
    screen = window.decision
    assert screen.badge_button.isVisible() and screen.badge_button.isEnabled()
    assert "in one file for the teacher" in screen.badge_note.text()

    target = tmp_path / "sent" / "feedback-and-badge.zip"
    target.parent.mkdir()
    window.issue_badge(target)  # no trust list imported: refused as the CLI refuses, and said in the window
    assert window.problem.isVisible() and "approves" in window.problem.text()
    assert "Trust Lists" in window.problem.text() and not target.exists()

    import_trust_list(library.db, earned.trust_list)
    account = keys.issuer_account("Lincoln District")
    issuer_key = keyring.get_password(keys.SERVICE, account)
    keyring.delete_password(keys.SERVICE, account)  # a reviewer who does not hold the issuer key: told who issues
    window.issue_badge(target)
    assert (
        'holds no issuer key of "Lincoln District"' in window.problem.text()
        and "Issue a Badge…" in window.problem.text()
    )
    assert not target.exists()

    keyring.set_password(keys.SERVICE, account, issuer_key)  # a small pilot: the reviewer holds it
    window.issue_badge(target)
    assert not window.problem.isVisible(), window.problem.text()
    assert target.exists() and "Send this one file to the teacher" in screen.badge_note.text()
    assert "Lincoln District" in screen.badge_note.text() and target.name in window.statusBar().currentMessage()

    # the dialog's name without an extension takes the form of the filter chosen: the same credential again
    chosen = tmp_path / "sent" / "ana-badge"
    filters = []

    def save_as(_parent, _title, _folder, filter_text):
        filters.append(filter_text)
        return str(chosen), "Badge image (*.png)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    screen.badge_button.click()
    assert filters[0].startswith("Feedback with its badge, for the teacher (*.zip)")
    assert Path(f"{chosen}.png").read_bytes().startswith(b"\x89PNG")
    assert "issued before" in screen.badge_note.text()

    # another day, the review opened again: the window says the badge was issued, and when
    again = ReviewWindow(ops, earned.review_id)
    qtbot.addWidget(again)
    again.steps.setCurrentRow(again.steps.count() - 1)
    note = again.decision.badge_note.text()
    assert "Lincoln District issued this badge on" in note and "not a second badge" in note
    assert again.decision.badge_button.text() == "Save Badge Again…"


def test_issue_badge_waits_for_the_signature_and_is_not_offered_for_a_resubmission(qtbot, ops, library, bundle):
    review = reviews.open_review(library, bundle).value
    window = ReviewWindow(ops, review.id)
    qtbot.addWidget(window)
    window.show()
    window.steps.setCurrentRow(window.steps.count() - 1)  # the Decision screen
    screen = window.decision
    for criterion in review.criteria:
        window.criterion_screens[criterion.id].level_buttons[criterion.passing_level].click()
    screen.earned_button.click()
    assert reviews.get_review(library, review.id).decision == Decision.EARNED
    assert screen.badge_button.isVisible() and not screen.badge_button.isEnabled()
    assert "Sign the decision first" in screen.badge_note.text()
    screen.resubmit_button.click()
    assert not screen.badge_button.isVisible() and not screen.badge_note.text()


def _feedback_with_badge(library, tmp_path, teachers_keychain, name: str = "feedback-and-badge.zip") -> Path:
    """The teacher's library exports a bundle; a reviewer (another library and keychain) earns it and issues."""
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    bundle = export_portfolio(library, portfolio.id, tmp_path / "attempt-1.zip").value.path
    keyring.set_keyring(MemoryKeyring())  # the reviewer's computer, holding Lincoln District's issuer key
    reviewer = open_library(tmp_path / "reviewer")
    try:
        earned = earned_review(reviewer, bundle, tmp_path / "out")
        return issue_badge_for_review(reviewer, earned.review_id, tmp_path / name).value.path
    finally:
        reviewer.close()
        keyring.set_keyring(teachers_keychain)


def _drop(widget, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    widget.dropEvent(
        QDropEvent(
            QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
        )
    )


def test_the_teacher_drops_the_feedback_and_the_badge_lands_on_the_shelf(
    qtbot, window, library, tmp_path, memory_keyring
):
    sent = _feedback_with_badge(library, tmp_path, memory_keyring)
    _drop(window, sent)  # on the main window, as the plain decision is
    (dialog,) = window.findChildren(FeedbackDialog)
    text = dialog.browser.toPlainText()
    assert "Decision: earned" in text and "Badge earned: Questioning to Deepen Thinking" in text
    assert "Strong questioning throughout." in text
    assert "is on your Badges shelf" in window.statusBar().currentMessage()
    assert [b.name for b in badges.list_badges(library)] == ["Questioning to Deepen Thinking"]
    assert not window.bundle_windows  # imported, not opened as a bundle

    assert dialog.badges_button.isVisible()
    dialog.badges_button.click()
    (shelf,) = window.findChildren(BadgesWindow)
    assert shelf.isVisible() and shelf.page.list.count() == 1
    assert "Questioning to Deepen Thinking" in shelf.page.details.text()
    named = [shelf.page.evidence.item(i).text() for i in range(shelf.page.evidence.count())]
    assert any("attempt-1.zip, exported" in text for text in named)  # the evidence it names, as the teacher knows it
    assert not shelf.page.picture.pixmap().isNull()
    assert "Wait time" in shelf.page.results.text() and "Demonstrated" in shelf.page.results.text()
    dialog.close()


def test_the_badges_page_takes_the_feedback_file_too(qtbot, ops, library, tmp_path, memory_keyring):
    sent = _feedback_with_badge(library, tmp_path, memory_keyring)
    shelf = BadgesWindow(ops)
    qtbot.addWidget(shelf)
    shelf.show()
    _drop(shelf.page, sent)
    assert (
        shelf.page.list.count() == 1
        and "Imported: Questioning to Deepen Thinking" in shelf.statusBar().currentMessage()
    )
    (portfolio,) = list_portfolios(library)
    assert [f.decision for f in review_records.feedback_for(library, portfolio.portfolio.id)] == [
        "earned"
    ]  # it came along


@pytest.mark.parametrize("form", ["png", "svg", "json"])
def test_a_bare_badge_dropped_on_the_window_goes_on_the_shelf_not_into_the_portfolio(
    qtbot, window, library, tmp_path, memory_keyring, form
):
    from portfolio_app.core.changes import Changes
    from portfolio_app.services.evidence import list_evidence
    from portfolio_app.ui.sidebar import NodeKind
    from tests import mediagen as gen

    badge = _feedback_with_badge(library, tmp_path, memory_keyring, f"badge.{form}")
    (portfolio,) = list_portfolios(library)
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.portfolio.id)
    assert window.open_portfolio is not None  # where a dropped picture would become evidence
    _drop(window, badge)
    (shelf,) = window.findChildren(BadgesWindow)
    qtbot.waitUntil(lambda: shelf.page.list.count() == 1, timeout=10_000)
    assert [b.name for b in badges.list_badges(library)] == ["Questioning to Deepen Thinking"]
    assert not any(item.title.startswith("badge") for item in list_evidence(library, portfolio.portfolio.id))
    assert not any(window._dropped_kinds([str(gen.make_png(tmp_path / "exit-ticket.png"))])[:3])  # still evidence
