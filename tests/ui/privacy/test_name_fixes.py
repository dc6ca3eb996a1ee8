"""The checklist's name fixes in the window: each student's name is fixed where it is listed, in one
click, and Ctrl+Z puts it back; a file's names are confirmed covered the same way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from portfolio_app.core.readiness import Rule
from portfolio_app.services import tags
from portfolio_app.services.evidence import list_evidence
from tests.name_story import make_story

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


@pytest.fixture
def story(library, tmp_path):
    return make_story(library, tmp_path)


@pytest.fixture
def portfolio(story):
    return story[0]


def _select(checklist, spot):
    for g in range(checklist.tree.topLevelItemCount()):
        group = checklist.tree.topLevelItem(g)
        for r in range(group.childCount()):
            if group.child(r).data(0, Qt.ItemDataRole.UserRole).spot == spot:
                checklist.tree.setCurrentItem(group.child(r))
                return group.child(r).data(0, Qt.ItemDataRole.UserRole)
    raise AssertionError(f"{spot} is not on the checklist")


def test_fix_each_name_from_the_checklist_and_undo(window, workspace, library, story):
    portfolio, photo, pdf, tag, prompt = story
    checklist, stack = workspace.checklist, window.undo_stack
    named = {r.spot for r in checklist.rows() if r.rule == Rule.STUDENT_NAME}
    assert named == {
        f"evidence:{photo.id}:title",
        f"tag:{tag.id}",
        f"response:{prompt.id}",
        f"evidence:{pdf.id}:page:0",
    }
    bar = checklist.name_fixes

    _select(checklist, f"tag:{tag.id}")
    assert bar.isVisibleTo(checklist) and bar.replace_button.isVisibleTo(bar) and not bar.redact_button.isVisibleTo(bar)
    bar.replace_button.click()
    assert tags.get_tag(library, tag.id).note == "Student A's answer goes past recall"
    assert f"tag:{tag.id}" not in {r.spot for r in checklist.rows()}
    stack.undo()
    assert tags.get_tag(library, tag.id).note == "Maya's answer goes past recall"
    assert f"tag:{tag.id}" in {r.spot for r in checklist.rows()}
    stack.redo()
    assert f"tag:{tag.id}" not in {r.spot for r in checklist.rows()}

    _select(checklist, f"response:{prompt.id}")
    bar.dismiss_button.click()  # "not a student's name" here only
    assert f"response:{prompt.id}" not in {r.spot for r in checklist.rows()}
    stack.undo()
    assert f"response:{prompt.id}" in {r.spot for r in checklist.rows()}

    _select(checklist, f"evidence:{pdf.id}:page:0")
    assert bar.redact_button.isVisibleTo(bar) and not bar.replace_button.isVisibleTo(bar)
    bar.redact_button.click()
    copy = next(e for e in list_evidence(library, portfolio.id) if e.derived_from == pdf.id)
    assert copy.requirement_id == "student-responses"
    assert not any(r.spot.startswith(f"evidence:{pdf.id}") for r in checklist.rows())
    stack.undo()
    assert f"evidence:{pdf.id}:page:0" in {r.spot for r in checklist.rows()}

    unchecked = next(r for r in checklist.rows() if r.rule == Rule.NAMES_UNCHECKED and r.target == photo.id)
    _select(checklist, unchecked.spot)
    assert bar.covered_button.isVisibleTo(bar) and not bar.dismiss_button.isVisibleTo(bar)
    bar.covered_button.click()
    assert not any(r.rule == Rule.NAMES_UNCHECKED and r.target == photo.id for r in checklist.rows())
