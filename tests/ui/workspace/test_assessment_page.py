"""The Self-assessment tab: the overview grid, choosing levels, justifications and offered evidence,
each undoable through the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from portfolio_app.core.changes import Changes
from portfolio_app.core.portfolio import Region
from portfolio_app.services import tags
from portfolio_app.services.evidence import import_files
from portfolio_app.services.rubric import get_assessments
from portfolio_app.ui.operations import LibraryOp
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.workspace.assessment_model import Column
from portfolio_app.ui.workspace.autosave_edit import SAVE_DELAY_MS
from tests import mediagen as gen

CREDENTIAL = "questioning-to-deepen-thinking"
WAIT_TIME_ROW = 2  # context-and-purpose, higher-order-questions, wait-time, …


@pytest.fixture
def tagged(library, portfolio, tmp_path):
    """A photo and a two-page plan, with two tags for wait time and one for higher-order questions."""
    files = [gen.make_jpeg(tmp_path / "Exit tickets.jpg"), gen.make_pdf(tmp_path / "Question plan.pdf", pages=2)]
    photo, plan = import_files(library, portfolio.id, files).value.imported
    return {
        "photo": tags.add_tag(library, photo.id, "wait-time", region=Region(0.1, 0.1, 0.5, 0.5), note="Hands up").value,
        "plan": tags.add_tag(
            library, plan.id, "wait-time", region=Region(0, 0, 1, 0.4, page=1), note="Pauses planned"
        ).value,
        "whole": tags.add_tag(library, plan.id, "higher-order-questions").value,
    }


@pytest.fixture
def page(window, portfolio, tagged, qtbot):
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    window.workspace_page.show_criterion("wait-time")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # focus and arrow keys between levels need the active window
    return window.workspace_page.assessment


def cell(page, row: int, column: Column) -> str:
    return page.model.data(page.model.index(row, column))


def card(page, level_id: str):
    return next(c for c in page.panel.cards if c.level.id == level_id)


def rating(library, portfolio, criterion_id="wait-time"):
    return get_assessments(library, portfolio.id).get(criterion_id)


def test_the_grid_shows_every_criterion_with_its_tag_count(page):
    assert page.model.rowCount() == 6
    assert cell(page, WAIT_TIME_ROW, Column.CRITERION) == "Wait time"
    assert cell(page, WAIT_TIME_ROW, Column.PART) == "Part 2"
    assert cell(page, WAIT_TIME_ROW, Column.LEVEL) == "Not rated"
    assert cell(page, WAIT_TIME_ROW, Column.EVIDENCE) == "2"
    assert cell(page, 1, Column.EVIDENCE) == "1"
    assert cell(page, WAIT_TIME_ROW, Column.PASSES) == "—"
    assert page.summary.text() == "0 of 6 criteria reach the passing level · 6 not rated yet"


def test_show_criterion_switches_tab_and_selects_the_row(window, page):
    workspace = window.workspace_page
    assert workspace.tabs.currentWidget() is page
    workspace.show_criterion("probing-follow-up")
    assert page.table.currentIndex().row() == 3 and page.table.hasFocus()
    assert page.current_criterion_id() == "probing-follow-up"
    assert "Probing and follow-up" in page.panel.title.text()


def test_level_descriptors_side_by_side_lowest_first_passing_marked(page):
    assert [c.level.id for c in page.panel.cards] == ["not-yet", "progressing", "demonstrated"]
    assert [c.mark.isVisible() for c in page.panel.cards] == [False, False, True]
    assert card(page, "demonstrated").descriptor.text().startswith("After every higher-order question")
    left, middle = page.panel.cards[0].geometry(), page.panel.cards[1].geometry()
    assert left.top() == middle.top() and left.right() < middle.left()


def test_choosing_a_level_updates_the_grid_and_the_library(page, window, library, portfolio, qtbot):
    qtbot.mouseClick(card(page, "demonstrated").radio, Qt.MouseButton.LeftButton)
    assert rating(library, portfolio).level_id == "demonstrated"
    assert cell(page, WAIT_TIME_ROW, Column.LEVEL) == "Demonstrated"
    assert cell(page, WAIT_TIME_ROW, Column.PASSES) == "✓ Yes"
    assert card(page, "demonstrated").property("chosen")
    qtbot.mouseClick(card(page, "progressing").descriptor, Qt.MouseButton.LeftButton)  # anywhere on the card
    assert rating(library, portfolio).level_id == "progressing"
    assert cell(page, WAIT_TIME_ROW, Column.PASSES) == "✗ No"
    window.undo_action.trigger()
    assert rating(library, portfolio).level_id == "demonstrated"
    assert card(page, "demonstrated").radio.isChecked()
    window.undo_action.trigger()  # the first rating goes altogether
    assert rating(library, portfolio) is None
    assert cell(page, WAIT_TIME_ROW, Column.LEVEL) == "Not rated"
    assert not any(c.radio.isChecked() for c in page.panel.cards)
    window.redo_action.trigger()
    assert rating(library, portfolio).level_id == "demonstrated"
    assert cell(page, WAIT_TIME_ROW, Column.PASSES) == "✓ Yes"


def test_levels_can_be_chosen_with_the_keyboard(page, library, portfolio, qtbot):
    radio = card(page, "not-yet").radio
    radio.setFocus()
    qtbot.keyClick(radio, Qt.Key.Key_Space)
    assert rating(library, portfolio).level_id == "not-yet"
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Right)
    assert rating(library, portfolio).level_id == "progressing"


def test_justification_is_saved_as_typed_and_undoable(page, window, library, portfolio, qtbot):
    editor = page.panel.justification
    assert not editor.isEnabled()  # nothing to justify before a level is chosen
    qtbot.mouseClick(card(page, "demonstrated").radio, Qt.MouseButton.LeftButton)
    assert editor.isEnabled()
    editor.setFocus()
    qtbot.keyClicks(editor, "At 4:35 I waited")
    qtbot.waitUntil(lambda: rating(library, portfolio).justification == "At 4:35 I waited", timeout=SAVE_DELAY_MS * 6)
    qtbot.keyClicks(editor, " five seconds")
    page.flush()
    assert rating(library, portfolio).justification == "At 4:35 I waited five seconds"
    assert window.undo_stack.count() == 2  # the level, and the justification typed in one burst
    window.undo_action.trigger()
    assert editor.toPlainText() == "" and rating(library, portfolio).justification == ""
    assert rating(library, portfolio).level_id == "demonstrated"
    window.redo_action.trigger()
    assert editor.toPlainText() == "At 4:35 I waited five seconds"
    assert rating(library, portfolio).justification == "At 4:35 I waited five seconds"


def test_withholding_a_tag_is_saved_and_undoable(page, window, library, portfolio, tagged, qtbot):
    photo_item = page.panel.tag_item(tagged["photo"].id)
    assert photo_item.checkState() == Qt.CheckState.Checked
    assert not photo_item.flags() & Qt.ItemFlag.ItemIsUserCheckable  # offered once a level is chosen
    assert page.panel.tag_item(tagged["plan"].id).text() == "Question plan · region on page 2\nPauses planned"
    assert photo_item.text() == "Exit tickets · region of the photo\nHands up"
    qtbot.mouseClick(card(page, "demonstrated").radio, Qt.MouseButton.LeftButton)
    assert set(rating(library, portfolio).tag_ids) == {tagged["photo"].id, tagged["plan"].id}
    page.panel.tag_item(tagged["photo"].id).setCheckState(Qt.CheckState.Unchecked)
    assert rating(library, portfolio).tag_ids == (tagged["plan"].id,)
    assert page.panel.tag_item(tagged["photo"].id).checkState() == Qt.CheckState.Unchecked
    window.undo_action.trigger()
    assert set(rating(library, portfolio).tag_ids) == {tagged["photo"].id, tagged["plan"].id}
    assert page.panel.tag_item(tagged["photo"].id).checkState() == Qt.CheckState.Checked


def test_enter_on_an_offered_tag_asks_to_show_it(page, tagged, qtbot):
    page.panel.tags.setFocus()
    page.panel.tags.setCurrentItem(page.panel.tag_item(tagged["plan"].id))
    with qtbot.waitSignal(page.tag_activated) as shown:
        qtbot.keyClick(page.panel.tags, Qt.Key.Key_Return)
    assert shown.args == [tagged["plan"].id]


def test_a_new_tag_updates_the_grid(page, window, library, tagged):
    evidence_id = tagged["whole"].evidence_id
    LibraryOp(lambda _lib: tags.add_tag(library, evidence_id, "wait-time", region=Region(0, 0, 0.5, 0.5))).run(
        window.ops
    )
    assert cell(page, WAIT_TIME_ROW, Column.EVIDENCE) == "3"
    assert page.panel.tags.count() == 3


def test_changes_made_on_another_tab_show_when_the_tab_opens(page, window, library, tagged):
    workspace = window.workspace_page
    workspace.tabs.setCurrentWidget(workspace.evidence)
    evidence_id = tagged["whole"].evidence_id
    for corner in (0.0, 0.5):  # an import or a tagging session: many changes, no read while hidden
        region = Region(corner, corner, 0.5, 0.5)
        LibraryOp(lambda _lib, r=region: tags.add_tag(library, evidence_id, "wait-time", region=r)).run(window.ops)
    assert cell(page, WAIT_TIME_ROW, Column.EVIDENCE) == "2"
    workspace.tabs.setCurrentWidget(page)
    assert cell(page, WAIT_TIME_ROW, Column.EVIDENCE) == "4"
