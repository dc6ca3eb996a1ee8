from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from portfolio_app.core.changes import Changes
from portfolio_app.services import portfolios as uc
from portfolio_app.services.library import open_library
from portfolio_app.ui.dialogs import NewPortfolioDialog
from portfolio_app.ui.sidebar import NodeKind


def _create_through_dialog(window, monkeypatch, credential_id: str, title: str) -> None:
    def fill_and_accept(dialog):
        dialog.credential.setCurrentIndex(dialog.credential.findData(credential_id))
        dialog.title.setText(title)
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewPortfolioDialog, "exec", fill_and_accept)
    window.new_action.trigger()


def _tree_titles(window) -> list[str]:
    model = window.tree.model()
    titles = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        titles += [model.index(r, 0, group).data() for r in range(model.rowCount(group))]
    return titles


def test_window_opens_on_the_catalog_with_every_credential(window):
    assert window.pages.currentWidget() is window.catalog_page
    assert window.catalog_page.list.count() == 3
    html = window.catalog_page.detail.toPlainText()
    for heading in ("Competency", "Key method", "Part 1", "Part 2", "Part 3"):
        assert heading in html
    window.catalog_page.tabs.setCurrentWidget(window.catalog_page.rubric)
    assert "Demonstrated" in window.catalog_page.rubric.toPlainText()
    window.catalog_page.select("structured-student-discourse")  # the open rubric follows the selection
    assert "partner" in window.catalog_page.rubric.toPlainText().lower()
    assert window.catalog_page.start_button.isEnabled()
    assert window.catalog_page.first_steps.isVisible()  # a new library says where to start


def test_first_steps_hint_goes_once_there_is_a_portfolio(window, library):
    uc.create_portfolio(library, "structured-student-discourse", "First")
    window.refresh(Changes(portfolios=True))
    assert not window.catalog_page.first_steps.isVisible()


def test_catalog_filter_hides_credentials_that_do_not_match(window):
    window.catalog_page.filter.setText("exit ticket")
    visible = [
        window.catalog_page.list.item(r).text() for r in range(3) if not window.catalog_page.list.item(r).isHidden()
    ]
    assert visible == ["Formative Assessment with Exit Tickets"]


def test_start_a_portfolio_from_the_catalog_and_see_its_workspace(window, monkeypatch, library):
    _create_through_dialog(window, monkeypatch, "structured-student-discourse", "Period 3 ELA")
    [summary] = uc.list_portfolios(library)
    assert window.tree.current_node() == (NodeKind.PORTFOLIO, summary.portfolio.id)
    assert window.pages.currentWidget() is window.workspace_page
    assert "Period 3 ELA" in window.workspace_page.header.text()
    assert "Structured Student Discourse" in window.workspace_page.header.text()
    assert "Part 2" in window.workspace_page.guide.toPlainText()
    assert "Demonstrated" in window.workspace_page.rubric.toPlainText()
    assert window.windowTitle().startswith("Period 3 ELA")
    assert window.rename_action.isEnabled() and window.delete_action.isEnabled()


def test_new_portfolio_dialog_needs_a_title(qtbot):
    from portfolio_app.core.definition import load_json, parse_credential

    path = Path(__file__).resolve().parents[2] / "resources/catalog/structured-student-discourse.json"
    dialog = NewPortfolioDialog([parse_credential(load_json(path), path.name)])
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.title, "Spring")
    assert dialog.ok_button.isEnabled()
    assert dialog.chosen() == ("structured-student-discourse", "Spring")


def test_creating_can_be_undone_and_redone(window, monkeypatch, library):
    _create_through_dialog(window, monkeypatch, "structured-student-discourse", "Oops")
    window.undo_action.trigger()
    assert uc.list_portfolios(library) == [] and "Oops" not in _tree_titles(window)
    window.redo_action.trigger()
    assert [s.portfolio.title for s in uc.list_portfolios(library)] == ["Oops"]


def test_rename_with_undo_and_redo(window, monkeypatch, library):
    _create_through_dialog(window, monkeypatch, "structured-student-discourse", "Draft title")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Final title", True))
    window.rename_action.trigger()
    assert _tree_titles(window) == ["Final title"]
    assert "Final title" in window.workspace_page.header.text()
    window.undo_action.trigger()
    assert _tree_titles(window) == ["Draft title"]
    window.redo_action.trigger()
    assert uc.list_portfolios(library)[0].portfolio.title == "Final title"


def test_delete_moves_to_trash_and_undo_restores(window, monkeypatch, library):
    _create_through_dialog(window, monkeypatch, "structured-student-discourse", "Keep me")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    window.delete_action.trigger()
    assert "“Keep me”" in asked[0]
    assert _tree_titles(window) == []
    assert "Undo" in window.statusBar().currentMessage()
    assert window.trash_page.list.count() == 1
    window.undo_action.trigger()
    assert _tree_titles(window) == ["Keep me"]
    assert window.trash_page.list.count() == 0


def test_trash_restore_and_delete_forever(window, monkeypatch, library):
    keep = uc.create_portfolio(library, "structured-student-discourse", "Restore me").value
    gone = uc.create_portfolio(library, "structured-student-discourse", "Purge me").value
    uc.delete_portfolio(library, keep.id)
    uc.delete_portfolio(library, gone.id)
    window.refresh(Changes(portfolios=True))
    window.trash_action.trigger()
    assert window.pages.currentWidget() is window.trash_page and window.trash_page.list.count() == 2
    window.trash_page.restore_requested.emit(keep.id)
    assert window.tree.current_node() == (NodeKind.PORTFOLIO, keep.id)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.trash_page.purge_requested.emit(gone.id)
    assert len(uc.list_portfolios(library, deleted=True)) == 1  # cancelled: still there
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.trash_page.purge_requested.emit(gone.id)
    assert uc.list_portfolios(library, deleted=True) == []


def test_portfolios_are_grouped_by_credential_in_the_tree(window, library):
    uc.create_portfolio(library, "structured-student-discourse", "A")
    uc.create_portfolio(library, "formative-assessment-exit-tickets", "B")
    uc.create_portfolio(library, "structured-student-discourse", "C")
    window.refresh(Changes(portfolios=True))
    model = window.tree.model()
    groups = {model.index(r, 0).data(): model.rowCount(model.index(r, 0)) for r in range(model.rowCount())}
    assert groups["Structured Student Discourse"] == 2
    assert groups["Formative Assessment with Exit Tickets"] == 1


def test_portfolio_survives_quitting_and_reopening(make_window, monkeypatch, library, data_dir):
    window = make_window()
    _create_through_dialog(window, monkeypatch, "formative-assessment-exit-tickets", "Keeps")
    window.close()
    library.close()
    reopened = open_library(data_dir)
    try:
        assert _tree_titles(make_window(reopened)) == ["Keeps"]
    finally:
        reopened.close()


def test_window_layout_is_remembered(make_window, qtbot):
    first = make_window()
    first.resize(760, 520)  # inside the offscreen screen (800x600): restoreGeometry clamps to the screen
    first.splitter.setSizes([333, 427])
    first.close()
    second = make_window()
    assert (second.width(), second.height()) == (760, 520)
    assert second.splitter.sizes()[0] == 333


def test_standard_shortcuts(window):
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert window.rename_action.shortcut() == QKeySequence("F2")


def test_dropping_a_definition_file_imports_it(window, catalog_dir, tmp_path):
    import json

    data = json.loads((catalog_dir / "questioning-to-deepen-thinking.json").read_text())
    data["id"], data["title"] = "questioning-local", "Questioning (district edition)"
    path = tmp_path / "district.json"
    path.write_text(json.dumps(data))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    assert window.catalog_page.list.count() == 4
    assert window.catalog_page.current_credential_id() == "questioning-local"


def test_broken_definition_shows_an_error_naming_the_file(window, monkeypatch, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "mcp-credential/1"}')
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    window.import_definition([str(path)])
    assert shown and shown[0].startswith("broken.json")
    assert window.catalog_page.list.count() == 3


def test_about_box_names_the_library(window, monkeypatch, library):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert str(library.data_dir) in shown[0]


@pytest.mark.parametrize("node", [NodeKind.CATALOG, NodeKind.TRASH])
def test_close_and_rename_are_disabled_without_an_open_portfolio(window, node):
    window.tree.select_node(node, "")
    assert not window.rename_action.isEnabled() and not window.close_action.isEnabled()


def test_reopens_on_the_portfolio_that_was_open(make_window, library):
    portfolio = uc.create_portfolio(library, "structured-student-discourse", "Where I was").value
    first = make_window()
    first.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    first.close()
    second = make_window()
    assert second.tree.current_node() == (NodeKind.PORTFOLIO, portfolio.id)
    assert second.pages.currentWidget() is second.workspace_page


def test_a_window_that_must_not_remember_leaves_settings_alone(make_window, settings):
    window = make_window()
    window.remember_layout = False
    window.close()
    assert settings.allKeys() == []


def test_catalog_says_how_many_portfolios_use_a_credential(window, library):
    uc.create_portfolio(library, "structured-student-discourse", "One")
    window.refresh(Changes(portfolios=True))
    window.catalog_page.select("structured-student-discourse")
    assert "one portfolio on this credential" in window.catalog_page.heading.text()
    uc.create_portfolio(library, "structured-student-discourse", "Two")
    window.refresh(Changes(portfolios=True))
    assert "2 portfolios on this credential" in window.catalog_page.heading.text()


def test_delete_on_the_sidebar_asks_first_naming_the_portfolio(window, monkeypatch, library, qtbot):
    _create_through_dialog(window, monkeypatch, "structured-student-discourse", "Weeks of work")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "Move the portfolio “Weeks of work” to the Trash?" in asked[0]
    assert _tree_titles(window) == ["Weeks of work"] and window.trash_page.list.count() == 0
    assert window.undo_stack.count() == 1  # only its creation: a cancelled delete is no step
