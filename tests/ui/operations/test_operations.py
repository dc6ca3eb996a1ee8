"""The operations layer: changes and initiator reach every view, media ops clean up, both modes agree."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services import evidence as uc
from portfolio_app.services import rubric
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.ui.operations import LibraryOp, MediaOp, Operations
from portfolio_app.ui.workspace.checklist_page import ChecklistPage
from portfolio_app.ui.workspace.tag_panel import TagPanel
from tests import mediagen as gen

UI = Path(__file__).resolve().parents[3] / "portfolio_app" / "ui"


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value


def test_a_view_refreshes_from_changed_alone(qtbot, ops, library, portfolio):
    """Nobody calls the checklist: it hears `changed` from an op another view ran, and reads again."""
    page = ChecklistPage(ops, lambda exc: pytest.fail(str(exc)))
    qtbot.addWidget(page)
    page.show_portfolio(portfolio.id)
    before = len(page.readiness.items)
    someone_else = object()
    LibraryOp(lambda lib: rubric.save_response(lib, portfolio.id, "class-context", "word " * 80)).run(
        ops, initiator=someone_else
    )
    assert len(page.readiness.items) == before - 1


def test_changes_carry_their_initiator(qtbot, ops, library, portfolio):
    heard = []
    ops.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    me = object()
    LibraryOp(lambda lib: rubric.save_response(lib, portfolio.id, "class-context", "An answer.")).run(ops, initiator=me)
    LibraryOp(lambda lib: rubric.get_assessments(lib, portfolio.id)).run(ops, initiator=me)  # a read: no change
    assert heard == [(Changes(responses=True), me)]


def test_a_tag_added_anywhere_reaches_the_tag_panel(qtbot, ops, library, portfolio, tmp_path):
    [photo] = uc.import_files(library, portfolio.id, [gen.make_jpeg(tmp_path / "work.jpg")]).value.imported
    from portfolio_app.services import catalog, tags

    panel = TagPanel(ops, QUndoStack(), lambda exc: pytest.fail(str(exc)))
    qtbot.addWidget(panel)
    panel.set_credential(catalog.get_credential(library, portfolio.credential_id))
    panel.show_evidence(photo)
    assert panel.tags == []
    LibraryOp(lambda lib: tags.add_tag(lib, photo.id, "wait-time")).run(ops)
    assert [t.criterion_id for t in panel.tags] == ["wait-time"]


@pytest.mark.parametrize("synchronous", [True, False])
def test_a_media_op_discards_what_it_prepared_when_recording_fails(
    qtbot, qapp, library, portfolio, tmp_path, synchronous
):
    ops = Operations(library, qapp, synchronous=synchronous)
    source = gen.make_png(tmp_path / "board.png")
    blobs_before = set(library.store.blobs())
    failures = []

    def record(_library, _staged):
        raise InvalidInputError("The portfolio went meanwhile.")

    op = MediaOp(lambda lib, _report, cancelled: uc.stage_file(lib.store, source, cancelled=cancelled), record)
    op.failure(failures.append).run(ops)
    qtbot.waitUntil(lambda: bool(failures) and not ops.busy, timeout=10_000)
    assert isinstance(failures[0], InvalidInputError)
    assert set(library.store.blobs()) == blobs_before  # the staged photo and its thumbnail are gone


class _Stop(BaseException):
    """Not an Exception: what both modes must still catch and report."""


@pytest.mark.parametrize("synchronous", [True, False])
def test_both_modes_catch_the_same(qtbot, qapp, library, synchronous):
    ops = Operations(library, qapp, synchronous=synchronous)
    caught = []

    def work(_library):
        raise _Stop()

    LibraryOp(work).failure(caught.append).run(ops)
    qtbot.waitUntil(lambda: bool(caught) and not ops.busy, timeout=5000)
    assert isinstance(caught[0], _Stop)


def test_no_widget_holds_the_library():
    """Outside ui/operations no module names the library, its database or its store."""
    offenders = []
    for path in UI.rglob("*.py"):
        if "operations" in path.relative_to(UI).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("library", "db", "store", "_library"):
                offenders.append(f"{path.relative_to(UI)}:{node.lineno} .{node.attr}")
    assert offenders == []
