"""The Answers tab: live word counts, saving as the teacher types, undo and redo through the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from portfolio_app.core.changes import Changes
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.rubric import get_responses, save_response
from portfolio_app.ui import palette
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.workspace.autosave_edit import SAVE_DELAY_MS
from portfolio_app.ui.workspace.responses_page import SaveState, expected_floor

CREDENTIAL = "questioning-to-deepen-thinking"
SAVED_WITHIN_MS = SAVE_DELAY_MS * 6  # the debounce, with room for a loaded machine
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def page(window, portfolio, qtbot):
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    workspace = window.workspace_page
    workspace.show_prompt("class-context")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # Ctrl+Z reaches the window's Undo only when it is active
    return workspace.responses


def saved(library, portfolio, prompt_id: str) -> str | None:
    response = get_responses(library, portfolio.id).get(prompt_id)
    return None if response is None else response.text


def wait_saved(qtbot, library, portfolio, prompt_id: str, text: str) -> None:
    qtbot.waitUntil(lambda: saved(library, portfolio, prompt_id) == text, timeout=SAVED_WITHIN_MS)


def test_every_prompt_of_part_1_and_part_3_has_an_editor(page):
    assert list(page.boxes) == [
        "class-context",
        "lesson-objective",
        "participation-before",
        "effect-on-answers",
        "participation-after",
        "next-steps",
    ]
    box = page.boxes["class-context"]
    assert "Describe the class featured in your evidence" in box.heading.text()
    assert box.guidance.text().startswith("Strong answers give concrete details")
    assert box.editor.accessibleName().startswith("Answer to: Describe the class")
    assert box.editor.tabChangesFocus() and not box.editor.isUndoRedoEnabled()
    assert page.editor("class-context").hasFocus()  # show_prompt put the cursor there


def test_typing_counts_words_live_and_saves_after_a_pause(page, library, portfolio, qtbot):
    box = page.boxes["class-context"]
    qtbot.keyClicks(box.editor, "Six of 24 students")
    assert box.count.text().startswith("4 / 250 words")
    assert "short of what reviewers expect" in box.count.text()  # the prompt expects at least 50
    assert box.editor.pending and box.save_state is SaveState.SAVING
    wait_saved(qtbot, library, portfolio, "class-context", "Six of 24 students")
    assert box.save_state is SaveState.SAVED and box.state.text() == "✓ Saved"


def test_over_the_limit_the_count_turns_to_a_warning(page):
    box = page.boxes["lesson-objective"]  # at most 200 words
    box.editor.insertPlainText("word " * 199)
    floor = expected_floor(box.prompt)
    assert box.count.text() == f"199 / 200 words (at least {floor})" and palette.WARNING not in box.count.styleSheet()
    box.editor.insertPlainText("one two")
    assert box.count.text() == f"201 / 200 words (at least {floor}) · 1 over the limit"
    assert palette.WARNING in box.count.styleSheet()
    assert "1 over the limit" in box.editor.accessibleDescription()


def test_ctrl_z_takes_typing_back_and_the_library_follows(page, window, library, portfolio, qtbot):
    editor = page.editor("class-context")
    qtbot.keyClicks(editor, "Grade 7")
    wait_saved(qtbot, library, portfolio, "class-context", "Grade 7")
    page.editor("lesson-objective").setFocus()  # leaving the answer ends the burst of typing
    editor.setFocus()
    qtbot.keyClicks(editor, " science")
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # before the pause: the typing is saved, then undone
    assert editor.toPlainText() == "Grade 7"
    assert saved(library, portfolio, "class-context") == "Grade 7"
    assert editor.textCursor().position() == len("Grade 7")  # where the change was
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL_SHIFT)
    assert editor.toPlainText() == "Grade 7 science"
    assert saved(library, portfolio, "class-context") == "Grade 7 science"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert editor.toPlainText() == "" and saved(library, portfolio, "class-context") == ""
    assert not editor.pending  # putting text back is not typing: nothing new to save
    assert window.undo_stack.index() == 0 and window.undo_stack.count() == 2


def test_a_burst_of_typing_is_one_undo_step(page, window, library, portfolio, qtbot):
    editor = page.editor("next-steps")
    editor.setFocus()
    qtbot.keyClicks(editor, "Wait longer")
    wait_saved(qtbot, library, portfolio, "next-steps", "Wait longer")
    qtbot.keyClicks(editor, " after questions")
    wait_saved(qtbot, library, portfolio, "next-steps", "Wait longer after questions")
    assert window.undo_stack.count() == 1
    assert window.undo_action.text() == "&Undo Typing in “What will you change in your…”"
    window.undo_action.trigger()
    assert editor.toPlainText() == "" and saved(library, portfolio, "next-steps") == ""


def test_closing_the_window_saves_what_was_just_typed(page, window, library, portfolio, qtbot, monkeypatch):
    editor = page.editor("participation-after")
    editor.setFocus()
    qtbot.keyClicks(editor, "Eleven students answered")
    assert editor.pending  # well inside the pause
    # The save must be queued before the window waits for the worker to drain, or it would be lost
    # on quit.
    at_wait = []
    monkeypatch.setattr(window.ops, "wait", lambda: at_wait.append(saved(library, portfolio, "participation-after")))
    window.close()
    assert at_wait == ["Eleven students answered"]


def test_opening_another_portfolio_saves_to_the_one_typed_in(page, window, library, portfolio, qtbot):
    other = create_portfolio(library, CREDENTIAL, "Grade 8 science").value
    save_response(library, other.id, "class-context", "Grade 8, 30 students")
    qtbot.keyClicks(page.editor("class-context"), "Grade 7, 26 students")
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, other.id)
    assert saved(library, portfolio, "class-context") == "Grade 7, 26 students"
    assert page.editor("class-context").toPlainText() == "Grade 8, 30 students"
    assert saved(library, other, "class-context") == "Grade 8, 30 students"
    window.undo_action.trigger()  # undoes in the portfolio it was typed in, not the one shown
    assert saved(library, portfolio, "class-context") == ""
    assert page.editor("class-context").toPlainText() == "Grade 8, 30 students"


def test_saved_answers_load_with_their_counts(window, library, portfolio):
    save_response(library, portfolio.id, "lesson-objective", "Students explain density using evidence.")
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    box = window.workspace_page.responses.boxes["lesson-objective"]
    assert box.editor.toPlainText() == "Students explain density using evidence."
    floor = expected_floor(box.prompt)  # said once, with how far there is to go
    assert box.count.text() == f"5 / 200 words (at least {floor}) · {floor - 5} short of what reviewers expect"
    assert box.state.text() == "✓ Saved" and window.workspace_page.responses.boxes["next-steps"].state.text() == ""
    assert window.undo_stack.count() == 0  # loading is not an edit


def test_tab_moves_from_answer_to_answer(page, qtbot):
    first, second = page.editor("class-context"), page.editor("lesson-objective")
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert second.hasFocus() and first.toPlainText() == ""


def test_the_count_states_the_minimum_beside_the_limit_before_anything_is_typed(page):
    box = page.boxes["class-context"]
    floor = expected_floor(box.prompt)
    assert floor > 0 and box.count.text() == f"0 / 250 words (at least {floor})"
