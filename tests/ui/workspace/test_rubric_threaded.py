"""Answers and self-assessment with the real, threaded task runner: saves, undo and redo queued
faster than the worker answers still end where the teacher left them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.rubric import get_assessments, get_responses
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.workspace.assessment_model import Column

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def threaded(qtbot, library, settings, add_threaded_window):
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value
    ops = Operations(library)
    window = MainWindow(ops, settings)
    add_threaded_window(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id))
    qtbot.waitUntil(lambda: window.workspace_page.responses.portfolio_id == portfolio.id)
    yield window, portfolio


def test_undo_and_redo_queued_behind_saves(threaded, library, qtbot):
    window, portfolio = threaded
    workspace = window.workspace_page
    workspace.show_prompt("class-context")
    editor = workspace.responses.editor("class-context")
    qtbot.keyClicks(editor, "Grade 7")
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # saved, then undone, before the worker has answered
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL_SHIFT)
    window.ops.wait()
    assert get_responses(library, portfolio.id)["class-context"].text == "Grade 7"
    qtbot.waitUntil(lambda: workspace.responses.boxes["class-context"].state.text() == "✓ Saved")

    workspace.show_criterion("wait-time")
    page = workspace.assessment
    qtbot.waitUntil(lambda: page.content is not None)  # read, tags and all, once the tab shows
    demonstrated, progressing = page.panel.cards[2].radio, page.panel.cards[1].radio
    qtbot.mouseClick(demonstrated, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(progressing, Qt.MouseButton.LeftButton)
    window.undo_action.trigger()  # back to demonstrated: its record is filled in on the worker
    window.undo_action.trigger()  # no rating at all
    window.redo_action.trigger()
    window.ops.wait()
    assert get_assessments(library, portfolio.id)["wait-time"].level_id == "demonstrated"
    qtbot.waitUntil(lambda: page.model.data(page.model.index(2, Column.LEVEL)) == "Demonstrated")
    qtbot.waitUntil(lambda: page.panel.justification.isEnabled())

    justification = page.panel.justification
    justification.setFocus()
    qtbot.keyClicks(justification, "Three more hands")
    page.flush()
    window.undo_action.trigger()
    window.ops.wait()
    assert get_assessments(library, portfolio.id)["wait-time"].justification == ""
    assert justification.toPlainText() == ""
