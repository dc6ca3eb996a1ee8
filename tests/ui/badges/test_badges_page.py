"""The Badges page: a dropped badge is verified and shown with its evidence; stacks show progress."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import read_badge, write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.ui.badges.badges_window import BadgesWindow
from tests.bundle.badge_claims import sample_claim


@pytest.fixture(scope="module")
def issued() -> dict:
    return issue_credential(sample_claim(), SigningKey.generate(), "Lincoln District")


@pytest.fixture
def window(qtbot, ops):
    window = BadgesWindow(ops)
    qtbot.addWidget(window)
    window.show()
    return window


def _drop(widget, paths) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    widget.dropEvent(event)


def test_an_empty_shelf_says_how_to_get_a_badge(window):
    page = window.page
    assert page.list.count() == 0 and "File ▸ Import Feedback…" in page.details.text()
    assert not page.export_button.isEnabled()
    stacks = {
        page.stacks.topLevelItem(i).text(0): page.stacks.topLevelItem(i) for i in range(page.stacks.topLevelItemCount())
    }
    assert stacks["Classroom Talk"].text(1) == "0 of 2 earned"


def test_a_dropped_badge_shows_its_picture_evidence_and_stack_progress(window, issued, tmp_path, library):
    create_portfolio(library, "structured-student-discourse", "Talk moves")
    page = window.page
    _drop(page, [write_badge(issued, tmp_path / "badge.svg"), tmp_path / "notes.txt"])
    assert page.list.count() == 1
    assert "Lincoln District" in page.details.text() and "an issuer no trust list names" in page.details.text()
    assert not page.picture.pixmap().isNull()
    assert page.evidence.count() == len(issued["evidence"])
    talk = next(
        page.stacks.topLevelItem(i)
        for i in range(page.stacks.topLevelItemCount())
        if page.stacks.topLevelItem(i).text(0) == "Classroom Talk"
    )
    assert talk.text(1) == "1 of 2 earned"
    assert sorted(talk.child(i).text(1) for i in range(talk.childCount())) == ["earned", "in progress"]
    assert "Imported: Questioning to Deepen Thinking" in window.statusBar().currentMessage()


def test_a_tampered_badge_is_refused_with_the_reason(window, issued, tmp_path):
    changed = json.loads(json.dumps(issued))
    changed["name"] = "Something else"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    window.page.import_files([path])
    assert window.page.list.count() == 0
    assert "changed.json" in window.statusBar().currentMessage()
    assert "signature does not match" in window.statusBar().currentMessage()


def test_export_writes_the_selected_badge(window, issued, tmp_path):
    window.page.import_files([write_badge(issued, tmp_path / "in.png")])
    window.page.export_current(tmp_path / "out.json")
    assert read_badge(tmp_path / "out.json") == issued
    assert "Badge written" in window.statusBar().currentMessage()


def test_the_main_window_opens_the_badges_window(make_window):
    main = make_window()
    main.badges_action.trigger()
    badges = main._badges_window
    assert badges is not None and badges.isVisible() and badges.page.list.count() == 0
    main.badges_action.trigger()
    assert main._badges_window is badges  # one window, brought to the front
