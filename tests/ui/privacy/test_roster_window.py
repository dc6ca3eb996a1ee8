"""The consent roster in the window: the Class Roster dialog (classes, students, consents, CSV
imports, the portfolio's class), the Students… dialog of an item, and the privacy items of the
Checklist that follow both; each edit undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from portfolio_app.core.changes import Changes
from portfolio_app.core.readiness import Rule
from portfolio_app.services import appearances, rubric
from portfolio_app.services import evidence as uc
from portfolio_app.services import roster as roster_uc
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.ui.operations import LibraryOp
from portfolio_app.ui.operations.portfolio import rename_portfolio_command
from portfolio_app.ui.privacy.roster_dialog import AUDIO, NAME, NOTE, VIDEO
from portfolio_app.ui.privacy.students_dialog import StudentsDialog
from portfolio_app.ui.sidebar import NodeKind
from tests import mediagen as gen

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


def _row(dialog, name: str) -> int:
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, NAME).text() == name)


def _tick(dialog, name: str, column: int, on: bool = True) -> None:
    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
    dialog.table.item(_row(dialog, name), column).setCheckState(state)


def _students(library, class_name: str):
    return [(s.name, s.video, s.photo, s.audio, s.note) for s in roster_uc.get_roster(library, class_name).students]


def test_set_up_a_class_in_the_dialog_with_undo(window, workspace, library, portfolio):
    dialog = window.open_roster()
    assert dialog.isVisible() and "No classes yet" in dialog.students_heading.text()
    assert "“Grade 7 science” was taught to" in dialog.taught_label.text()
    dialog.add_class("7A")
    assert [c.group.name for c in dialog.classes] == ["7A"] and dialog.roster.group.name == "7A"
    dialog.add_student("Maya")
    dialog.new_name.setText("Leo")
    dialog.add_student_button.click()
    assert [s.name for s in dialog.students()] == ["Leo", "Maya"] and dialog.new_name.text() == ""

    _tick(dialog, "Maya", VIDEO)
    _tick(dialog, "Maya", AUDIO)
    dialog.table.item(_row(dialog, "Leo"), NOTE).setText("photos only")
    assert _students(library, "7A") == [("Leo", False, False, False, "photos only"), ("Maya", True, False, True, "")]
    assert dialog.table.item(_row(dialog, "Maya"), VIDEO).checkState() == Qt.CheckState.Checked

    dialog.undo_action.trigger()  # the note
    dialog.undo_action.trigger()  # Maya's audio consent
    assert _students(library, "7A") == [("Leo", False, False, False, ""), ("Maya", True, False, False, "")]
    assert dialog.table.item(_row(dialog, "Maya"), AUDIO).checkState() == Qt.CheckState.Unchecked
    dialog.redo_action.trigger()
    assert _students(library, "7A")[1] == ("Maya", True, False, True, "")

    dialog.add_student("maya")  # refused: already on the roster; nothing goes on the stack
    assert "already on this roster" in dialog.report_text() and len(dialog.students()) == 2
    count = dialog.undo_stack.count()
    dialog.add_class("7a")
    assert "already a class called “7A”" in dialog.report_text() and dialog.undo_stack.count() == count

    dialog.taught.setCurrentIndex(dialog.taught.findText("7A"))
    dialog.taught.activated.emit(dialog.taught.currentIndex())
    assert get_portfolio(library, portfolio.id).class_id == dialog.roster.group.id
    assert "Taught to: 7A" in workspace.class_line.text()

    dialog.rename_class("7A science")
    assert dialog.roster.group.name == "7A science" and dialog.class_list.currentItem().text() == "7A science (2)"
    dialog.table.setCurrentCell(_row(dialog, "Leo"), NAME)
    dialog.remove_student()
    assert [s.name for s in dialog.students()] == ["Maya"]
    dialog.delete_class()
    assert dialog.classes == [] and get_portfolio(library, portfolio.id).class_id is None
    dialog.undo_action.trigger()  # the class, its student, and the portfolio's class come back
    dialog.undo_action.trigger()  # and Leo
    assert [s.name for s in dialog.students()] == ["Leo", "Maya"]
    assert get_portfolio(library, portfolio.id).class_id == dialog.roster.group.id
    assert dialog.taught.currentText() == "7A science"


def test_a_csv_with_a_bad_row_is_reported_and_imports_nothing(window, library, tmp_path):
    dialog = window.open_roster()
    bad = tmp_path / "period3.csv"
    bad.write_text("name,video,photo,audio\nMaya,yes,yes,yes\nLeo,maybe,no,no\nSam,no,no,no\n")
    dialog.import_csv(bad)
    report = dialog.report_text()
    assert "period3.csv was not imported; nothing was changed" in report
    assert "period3.csv row 3, column &quot;video&quot;: &quot;maybe&quot; is not yes or no" in report
    assert roster_uc.list_classes(library) == [] and dialog.classes == []
    assert dialog.undo_stack.count() == 0

    bad.write_text("name,video,photo,audio\nMaya,yes,yes,yes\nLeo,no,yes,no\n")
    dialog.import_csv(bad)
    assert "Imported period3.csv into period3: 2 added, 0 updated, 0 unchanged." in dialog.report_text()
    assert [s.name for s in dialog.students()] == ["Leo", "Maya"]
    assert dialog.table.item(_row(dialog, "Leo"), VIDEO).checkState() == Qt.CheckState.Unchecked
    dialog.undo_action.trigger()
    assert roster_uc.list_classes(library) == [] and dialog.roster is None


def test_the_taught_to_choice_follows_the_open_portfolio(window, library, portfolio):
    dialog = window.open_roster()
    assert not dialog.taught.isVisibleTo(dialog)  # no portfolio is open
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    assert dialog.taught.isVisibleTo(dialog) and "“Grade 7 science”" in dialog.taught_label.text()
    window.workspace_page.class_line.linkActivated.emit("roster")  # the workspace's Class Roster… link
    assert window.open_roster() is dialog and dialog.isVisible()
    window.show_catalog()
    assert not dialog.taught.isVisibleTo(dialog)


def test_students_on_a_video_and_the_checklist_item_that_follows_consent(
    window, workspace, library, portfolio, tmp_path, monkeypatch
):
    group = roster_uc.create_class(library, "7A").value
    roster_uc.add_student(library, group.id, "Maya", video=True, photo=True, audio=True)
    roster_uc.add_student(library, group.id, "Leo", photo=True)
    appearances.set_portfolio_class(library, portfolio.id, group.id)
    path = gen.make_video(tmp_path / "lesson.mp4", 1.0, width=160, height=90)
    [video] = uc.import_files(library, portfolio.id, [path]).value.imported
    LibraryOp(lambda _lib: rubric.link_requirement(library, [video.id], "classroom-video")).run(window.ops)
    checklist, pane = workspace.checklist, workspace.evidence

    def privacy():
        return [r for r in checklist.rows() if r.rule == Rule.PRIVACY]

    [item] = privacy()
    assert item.message == "Say whether students appear in “lesson”."
    workspace.tabs.setCurrentWidget(checklist)
    checklist.item_activated.emit(item)  # goes to the video, whose Students line says what is missing
    assert workspace.tabs.currentWidget() is pane and pane.selected().id == video.id
    line = pane.viewer.students
    assert line.isVisible() and line.summary() == "Students: not stated yet" and "Students…" in line.text()
    assert pane.students_action.isEnabled() and pane.students_action in pane.edits.menu.actions()

    seen = []

    def choose(dialog):
        seen.append([dialog.list.item(r).text() for r in range(dialog.list.count())])
        dialog.check("Maya")
        dialog.check("Leo")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StudentsDialog, "exec", choose)
    line.linkActivated.emit("students")
    assert seen == [["Leo — no video consent", "Maya — video consent ✓"]]
    assert line.summary() == "Students: Leo, Maya — Leo has no video consent"
    [item] = privacy()
    assert (item.target, item.message) == (video.id, "“lesson” shows Leo, who has no video consent.")

    dialog = window.open_roster()  # Leo's family sends the form back
    _tick(dialog, "Leo", VIDEO)
    assert privacy() == [] and line.summary() == "Students: Leo, Maya"
    window.undo_action.trigger()
    assert [r.target for r in privacy()] == [video.id]
    window.undo_action.trigger()  # who appears: not stated again
    assert line.summary() == "Students: not stated yet"
    assert uc.get_evidence(library, video.id).students_appear is None

    monkeypatch.setattr(StudentsDialog, "exec", lambda d: (d.nobody.setChecked(True), QDialog.DialogCode.Accepted)[1])
    pane.students_action.trigger()
    assert privacy() == [] and line.summary() == "Students: none appear"


def test_enter_in_the_name_box_adds_the_student_and_no_class(window, library, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    asked: list = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a) or ("Leo", True))
    dialog = window.open_roster()
    dialog.add_class("7A")
    dialog.new_name.setFocus()
    qtbot.keyClicks(dialog.new_name, "Leo")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert [s.name for s in dialog.students()] == ["Leo"]
    assert asked == [] and [c.group.name for c in dialog.classes] == ["7A"]  # no class called “Leo”
    assert dialog.isVisible()


def test_the_roster_undo_offers_only_roster_steps(window, workspace, library, portfolio):
    window.undo_stack.push(rename_portfolio_command(window.ops, portfolio.id, portfolio.title, "Renamed in the window"))
    assert get_portfolio(library, portfolio.id).title == "Renamed in the window"
    dialog = window.open_roster()
    assert not dialog.undo_action.isEnabled()  # the window's rename is not the roster's to undo
    dialog.add_class("7A")
    assert "7A" in dialog.undo_action.text()
    dialog.undo_action.trigger()
    assert dialog.classes == [] and not dialog.undo_action.isEnabled()
    assert get_portfolio(library, portfolio.id).title == "Renamed in the window"


def test_a_roster_for_a_coach_is_saved_by_pseudonym_from_the_dialog(window, library, tmp_path):
    dialog = window.open_roster()
    assert not dialog.coach_button.isEnabled()  # no class yet
    names = tmp_path / "period3.csv"
    names.write_text("name,video,photo,audio\nMaya Lopez,yes,yes,yes\nLeo Chen,no,yes,no\n")
    dialog.import_csv(names)
    assert dialog.coach_button.isEnabled()
    target = tmp_path / "for-coach.csv"
    dialog.export_for_coach(target)
    assert f"Saved 2 students by pseudonym to {target}." in dialog.report_text()
    text = target.read_text(encoding="utf-8")
    assert "Maya" not in text and "Leo" not in text
    assert text.splitlines() == ["name,video,photo,audio", "Student A,no,yes,no", "Student B,yes,yes,yes"]
