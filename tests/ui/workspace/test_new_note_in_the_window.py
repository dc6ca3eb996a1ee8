"""New Note… in the window: a titled rich-text note, saved as the teacher types, undoable, taggable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.services import evidence as evidence_uc
from portfolio_app.services import tags as tags_uc


def _notes(library, portfolio):
    return [e for e in evidence_uc.list_evidence(library, portfolio.id) if e.kind == EvidenceKind.NOTE]


def _new_note(window, monkeypatch, title="Reflection after the reteach lesson"):
    window.activateWindow()  # focus moves only in the active window
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (title, True))
    window.new_note_action.trigger()
    return window.workspace_page.evidence


def test_new_note_from_the_file_menu_opens_it_with_the_cursor_in_its_text(window, workspace, library, portfolio,
                                                                          monkeypatch, qtbot):  # fmt: skip
    assert window.new_note_action in window.menuBar().actions()[0].menu().actions()
    pane = _new_note(window, monkeypatch)
    qtbot.waitUntil(window.isActiveWindow)
    (note,) = _notes(library, portfolio)
    assert note.title == "Reflection after the reteach lesson"
    assert pane.selected().id == note.id
    editor = pane.viewer.note_editor
    assert pane.viewer.stack.currentWidget() is editor
    assert not pane.open_externally_action.isEnabled()  # written and read here
    assert not any(a.isEnabled() for a in pane.edits.menu.actions() if a.text() and "Students" not in a.text())
    qtbot.waitUntil(lambda: editor.text.hasFocus())
    window.undo_action.trigger()  # New Note is one step
    assert _notes(library, portfolio) == []
    window.redo_action.trigger()
    assert [n.id for n in _notes(library, portfolio)] == [note.id]


def test_typing_is_saved_as_a_new_blob_and_undo_takes_it_back(window, workspace, library, portfolio, monkeypatch,
                                                              qtbot):  # fmt: skip
    pane = _new_note(window, monkeypatch)
    editor = pane.viewer.note_editor
    (note,) = _notes(library, portfolio)
    empty_blob = note.blob
    qtbot.keyClicks(editor.text, "Fraction strips first")
    assert editor.pending
    with qtbot.waitSignal(editor.save_due, timeout=5000):
        pass  # saved a moment after typing stops, with no click
    saved = evidence_uc.get_evidence(library, note.id)
    assert saved.note.strip() == "Fraction strips first" and saved.blob != empty_blob
    assert library.store.path(saved.blob).read_text(encoding="utf-8") == saved.note
    assert editor.state.text() == "Saved"
    window.undo_action.trigger()
    assert evidence_uc.get_evidence(library, note.id).blob == empty_blob
    assert editor.text.toPlainText() == ""
    window.redo_action.trigger()
    assert evidence_uc.get_evidence(library, note.id).blob == saved.blob
    assert editor.text.toPlainText().strip() == "Fraction strips first"


def test_bold_is_kept_as_markdown_and_ctrl_i_formats_instead_of_importing(window, workspace, library, portfolio,
                                                                          monkeypatch, qtbot):  # fmt: skip
    pane = _new_note(window, monkeypatch)
    editor = pane.viewer.note_editor
    qtbot.waitUntil(lambda: editor.text.hasFocus())
    imported = []
    monkeypatch.setattr(pane, "choose_files", lambda: imported.append(True))
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, "Six")
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, " ")
    qtbot.keyClick(editor.text, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, "students")
    editor.flush()
    (note,) = _notes(library, portfolio)
    assert note.note.strip() == "**Six** *students*"
    assert imported == []


def test_leaving_a_note_saves_its_last_words(window, workspace, library, portfolio, monkeypatch, qtbot):
    pane = _new_note(window, monkeypatch, "First")
    qtbot.keyClicks(pane.viewer.note_editor.text, "Unsaved words")
    _new_note(window, monkeypatch, "Second")  # the list moves on to the new note
    first = next(n for n in _notes(library, portfolio) if n.title == "First")
    assert first.note.strip() == "Unsaved words"


def test_a_note_can_be_tagged_and_keeps_its_tag_when_edited(window, workspace, library, portfolio, monkeypatch, qtbot):
    from portfolio_app.ui.workspace import tag_panel

    pane = _new_note(window, monkeypatch)
    panel = pane.viewer.tags
    assert panel.add_action.isEnabled()
    shown = []

    def accept(dialog):
        shown.append(dialog)
        dialog.criterion.setCurrentIndex(dialog.criterion.findData("probing-follow-up"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(tag_panel.TagDialog, "exec", accept)
    panel.add_action.trigger()
    assert shown[0].picker is None and shown[0].start is None  # no region, no time range: the whole note
    (note,) = _notes(library, portfolio)
    (tag,) = tags_uc.tags_for_evidence(library, note.id)
    assert tag.criterion_id == "probing-follow-up" and tag.span is None and tag.region is None
    qtbot.keyClicks(pane.viewer.note_editor.text, "Who agrees, and why?")
    pane.viewer.note_editor.flush()
    assert tags_uc.tags_for_evidence(library, note.id) == [tag]
    qtbot.waitUntil(lambda: panel.list.count() == 1)


def test_keys_typed_in_a_note_edit_the_note_not_the_window(window, workspace, library, portfolio, monkeypatch, qtbot):
    """Delete deletes a letter (not the portfolio); Ctrl+Z is the window's Undo, taking back the typing."""
    pane = _new_note(window, monkeypatch)
    qtbot.waitUntil(window.isActiveWindow)
    editor = pane.viewer.note_editor
    qtbot.waitUntil(lambda: editor.text.hasFocus())
    qtbot.keyClicks(editor.text, "Wait time")
    qtbot.keyClick(editor.text, Qt.Key.Key_Home)
    qtbot.keyClick(editor.text, Qt.Key.Key_Delete)
    assert editor.text.toPlainText() == "ait time"
    assert window.open_portfolio is not None and window.open_portfolio.id == portfolio.id  # nothing asked, nothing gone
    qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text.toPlainText() == ""
    (note,) = _notes(library, portfolio)
    assert note.note == ""


def test_a_name_replaced_from_the_checklist_shows_in_the_open_note(window, workspace, library, portfolio, monkeypatch,
                                                                   qtbot):  # fmt: skip
    from portfolio_app.services import names, roster
    from portfolio_app.ui.operations import LibraryOp

    group = roster.create_class(library, "7A").value
    roster.add_student(library, group.id, "Maya", video=True, photo=True, audio=True)
    pane = _new_note(window, monkeypatch)
    editor = pane.viewer.note_editor
    qtbot.keyClicks(editor.text, "Maya explained it")
    editor.flush()
    (note,) = _notes(library, portfolio)
    spot = f"evidence:{note.id}:note"
    LibraryOp(lambda lib: names.replace_name(lib, portfolio.id, spot)).run(window.ops)
    assert editor.text.toPlainText().strip() == "Student A explained it"
    qtbot.keyClicks(editor.text, ".")  # typing on keeps the replacement
    editor.flush()
    assert "Maya" not in evidence_uc.get_evidence(library, note.id).note
