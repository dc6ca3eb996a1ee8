"""The Checklist tab and Find: the readiness list in the window, and search results that go to their place."""

from __future__ import annotations

from html import escape

import pytest

from portfolio_app.core.changes import Changes
from portfolio_app.core.portfolio import TimeRange
from portfolio_app.core.readiness import Place, Rule
from portfolio_app.services import evidence as uc
from portfolio_app.services import rubric, tags
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.ui.operations import LibraryOp
from tests import mediagen as gen

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


def test_checklist_lists_what_is_missing_and_follows_changes(window, workspace, library, portfolio):
    checklist = workspace.checklist
    rows = checklist.rows()
    assert len(rows) == len(checklist.readiness.items) > 10
    assert {r.rule for r in rows} >= {Rule.UNANSWERED, Rule.TOO_FEW_EVIDENCE, Rule.NOT_ASSESSED}
    tab_text = workspace.tabs.tabText(workspace.tabs.indexOf(checklist))
    assert f"({len(rows)})" in tab_text

    # an answer saved anywhere (here through the runner, as the window does) shortens the list
    LibraryOp(lambda _lib: rubric.save_response(library, portfolio.id, "class-context", "word " * 80)).run(window.ops)
    assert len(checklist.rows()) == len(rows) - 1
    assert not any(r.target == "class-context" for r in checklist.rows())


def test_activating_items_goes_where_they_are_fixed(window, workspace, library, portfolio, tmp_path):
    [video] = uc.import_files(library, portfolio.id, [gen.make_video(tmp_path / "long.mp4", 2.0)]).value.imported
    LibraryOp(lambda _lib: rubric.link_requirement(library, [video.id], "question-plan")).run(window.ops)  # wrong kind
    checklist = workspace.checklist
    wrong = next(r for r in checklist.rows() if r.rule == Rule.WRONG_KIND)
    workspace.tabs.setCurrentWidget(checklist)
    checklist.item_activated.emit(wrong)
    assert workspace.tabs.currentWidget() is workspace.evidence
    assert workspace.evidence.selected().id == video.id

    workspace.tabs.setCurrentWidget(checklist)
    prompt = next(r for r in checklist.rows() if r.place == Place.PROMPT)
    checklist.item_activated.emit(prompt)
    assert workspace.tabs.currentWidget() is not checklist


def test_find_goes_to_a_tag_in_another_portfolio(window, workspace, library, tmp_path):
    other = create_portfolio(library, "questioning-to-deepen-thinking", "Period 5").value
    [video] = uc.import_files(library, other.id, [gen.make_video(tmp_path / "p5.mp4", 2.0)]).value.imported
    tag = tags.add_tag(library, video.id, "wait-time", span=TimeRange(0.5, 1.5), note="Jamal waits and rephrases").value
    window.refresh(Changes(portfolios=True))

    window.find_action.trigger()
    panel = window._search_dock.widget()
    assert panel.field.hasFocus() or window._search_dock.isVisible()
    panel.field.setText("jamal rephr")
    panel.run_search()
    [hit] = panel.hits()
    assert hit.tag_id == tag.id and "<b>" in panel.results.itemWidget(panel.results.item(0)).text()

    panel.results.itemActivated.emit(panel.results.item(0))
    assert window.open_portfolio.id == other.id
    assert workspace.evidence.selected().id == video.id
    assert workspace.evidence.viewer.tags.selected_tag().id == tag.id

    panel.field.setText("zebra")
    panel.run_search()
    assert panel.hits() == [] and "Nothing found" in panel.status.text()


def test_find_names_an_answer_by_its_prompt_not_its_id(window, workspace, library, portfolio):
    from portfolio_app.services.portfolios import portfolio_with_credential

    rubric.save_response(library, portfolio.id, "class-context", "Twenty-four students, mixed sets")
    prompt = portfolio_with_credential(library, portfolio.id)[1].prompt("class-context").text
    window.find_action.trigger()
    panel = window._search_dock.widget()
    panel.field.setText("twenty-four")
    panel.run_search()
    [hit] = panel.hits()
    shown = panel.results.itemWidget(panel.results.item(0)).text()
    assert hit.prompt_id == "class-context" and hit.title == prompt
    assert escape(prompt) in shown and "class-context" not in shown
