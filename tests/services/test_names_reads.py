"""What the names rule reads when a portfolio is checked: nothing without a roster, and each text once."""

from __future__ import annotations

import pytest

from portfolio_app.core.readiness import Rule
from portfolio_app.services import names, roster
from portfolio_app.services.readiness import check_portfolio
from portfolio_app.storage import rubric as stored_rubric
from tests.name_story import make_story


def _names_found(library, portfolio_id):
    return {i.spot for i in check_portfolio(library, portfolio_id).items if i.rule == Rule.STUDENT_NAME}


def test_without_a_roster_no_tag_note_and_no_file_is_read(library, tmp_path, monkeypatch):
    portfolio, _photo, _pdf, tag, _prompt = make_story(library, tmp_path)
    assert f"tag:{tag.id}" in _names_found(library, portfolio.id)
    for summary in roster.list_classes(library):
        roster.delete_class(library, summary.group.id)

    def unread(*_args):
        pytest.fail("the names rule read text although no roster name could be in it")

    monkeypatch.setattr(stored_rubric, "tag_notes", unread)
    monkeypatch.setattr(names, "file_spots", unread)
    items = check_portfolio(library, portfolio.id).items
    assert not [i for i in items if i.rule == Rule.STUDENT_NAME]
    assert [i for i in items if i.rule == Rule.NAMES_UNCHECKED]  # files still ask "names covered?"


def test_a_files_findings_follow_its_title_after_a_rename(library, tmp_path):
    from portfolio_app.services.evidence import rename_evidence

    portfolio, _photo, pdf, _tag, _prompt = make_story(library, tmp_path)
    page_spot = f"evidence:{pdf.id}:page:0"

    def message():
        [item] = [i for i in check_portfolio(library, portfolio.id).items if i.spot == page_spot]
        return item.message

    assert "“reading-log”" in message()
    rename_evidence(library, pdf.id, "Reading log, week 2")
    assert "“Reading log, week 2”" in message() and "reading-log" not in message()
