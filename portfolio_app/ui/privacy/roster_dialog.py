"""Class Roster: classes, their students with consent for video, photos and audio, CSV imports,
and which class the open portfolio was taught to. Every edit is undoable (Ctrl+Z here too).

Refused edits and bad CSV files are reported inside the dialog, each bad row with its line and
reason; a bad file imports nothing.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.roster import ClassSummary, Roster, Student
from portfolio_app.core.roster_csv import RosterFileError

if TYPE_CHECKING:
    from portfolio_app.services.roster import RosterImport
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.roster import RosterEdits, coach_roster, load_roster

_ID_ROLE = Qt.ItemDataRole.UserRole
NAME, VIDEO, PHOTO, AUDIO, NOTE = range(5)
_CONSENTS = {VIDEO: "video", PHOTO: "photo", AUDIO: "audio"}


class RosterDialog(QDialog):
    failed = Signal(object)  # an error that is not the teacher's to fix here

    def __init__(
        self,
        ops: Operations,
        portfolio: tuple[str, str] | None = None,  # (id, title) of the open portfolio
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        # The roster's own history: its Undo offers roster steps only, never the main window's.
        self.undo_stack = undo_stack = QUndoStack(self)
        self.edits = RosterEdits(ops, undo_stack, self._on_edit_failed)
        self.portfolio = portfolio
        self.classes: list[ClassSummary] = []
        self.roster: Roster | None = None
        self._wanted_class: str | None = None
        self.setWindowTitle(self.tr("Class Roster"))
        self.resize(820, 520)

        self.taught_label = QLabel()
        self.taught = QComboBox()
        self.taught.setAccessibleName(self.tr("Class this portfolio was taught to"))
        self.taught.activated.connect(self._on_taught_activated)
        taught_row = QHBoxLayout()
        taught_row.addWidget(self.taught_label)
        taught_row.addWidget(self.taught, 1)

        self.class_list = QListWidget()
        self.class_list.setAccessibleName(self.tr("Classes"))
        self.class_list.currentItemChanged.connect(self._on_class_list_current_changed)
        self.add_class_button = QPushButton(self.tr("Add Class…"))
        self.add_class_button.clicked.connect(lambda: self.add_class())
        self.rename_class_button = QPushButton(self.tr("Rename…"))
        self.rename_class_button.clicked.connect(lambda: self.rename_class())
        self.delete_class_button = QPushButton(self.tr("Delete"))
        self.delete_class_button.setToolTip(self.tr("Delete the class and its students (Undo brings them back)"))
        self.delete_class_button.clicked.connect(self.delete_class)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("<b>Classes</b>")))
        left.addWidget(self.class_list, 1)
        class_buttons = QHBoxLayout()
        for button in (self.add_class_button, self.rename_class_button, self.delete_class_button):
            class_buttons.addWidget(button)
        left.addLayout(class_buttons)

        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Students and their consent"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name or pseudonym"), self.tr("Video"), self.tr("Photo"), self.tr("Audio"), self.tr("Note")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("First name or pseudonym"))
        self.new_name.setAccessibleName(self.tr("New student's name"))
        self.new_name.returnPressed.connect(lambda: self.add_student())
        self.add_student_button = QPushButton(self.tr("Add Student"))
        self.add_student_button.clicked.connect(lambda: self.add_student())
        self.remove_student_button = QPushButton(self.tr("Remove Student"))
        self.remove_student_button.clicked.connect(self.remove_student)
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setToolTip(
            self.tr("Columns name, video, photo, audio and optionally note; a bad file imports nothing")
        )
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.coach_button = QPushButton(self.tr("For a Coach…"))
        self.coach_button.setToolTip(self.tr("Save this roster by pseudonym only, with consents, for a coach"))
        self.coach_button.clicked.connect(lambda: self.export_for_coach())
        right = QVBoxLayout()
        self.students_heading = QLabel()
        right.addWidget(self.students_heading)
        right.addWidget(self.table, 1)
        student_buttons = QHBoxLayout()
        student_buttons.addWidget(self.new_name, 1)
        for button in (self.add_student_button, self.remove_student_button, self.import_button, self.coach_button):
            student_buttons.addWidget(button)
        right.addLayout(student_buttons)

        self.report = QLabel()
        self.report.setWordWrap(True)
        self.report.setTextFormat(Qt.TextFormat.RichText)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setAccessibleName(self.tr("What happened"))

        self.undo_action = undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z"])
        self.addActions([self.undo_action, self.redo_action])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for action in (self.undo_action, self.redo_action):
            tool = QToolButton()
            tool.setDefaultAction(action)
            buttons.addButton(tool, QDialogButtonBox.ButtonRole.ActionRole)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(taught_row)
        layout.addLayout(body, 1)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        # Enter in the name box adds a student; no button may take Enter as the dialog's default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        ops.changed.connect(self._on_ops_changed)
        self.set_portfolio(portfolio)
        self.reload()

    # -- reading ----------------------------------------------------------------------------

    def set_portfolio(self, portfolio: tuple[str, str] | None) -> None:
        """Which portfolio the “taught to” choice is for (None: no portfolio is open)."""
        self.portfolio = portfolio
        for widget in (self.taught_label, self.taught):
            widget.setVisible(portfolio is not None)
        if portfolio is not None:
            self.taught_label.setText(self.tr("“{title}” was taught to:").format(title=portfolio[1]))

    def reload(self) -> None:
        wanted = self._wanted_class or self.current_class_id()
        portfolio_id = self.portfolio[0] if self.portfolio else None
        load_roster(portfolio_id, wanted).success(self._show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _show(self, loaded) -> None:
        self.classes, self.roster, taught = loaded
        self._wanted_class = None
        self.class_list.blockSignals(True)
        self.class_list.clear()
        for summary in self.classes:
            item = QListWidgetItem(f"{summary.group.name} ({summary.student_count})")
            item.setData(_ID_ROLE, summary.group.id)
            self.class_list.addItem(item)
            if self.roster is not None and summary.group.id == self.roster.group.id:
                self.class_list.setCurrentItem(item)
        self.class_list.blockSignals(False)
        self.taught.clear()
        self.taught.addItem(self.tr("(no class chosen)"), None)
        for summary in self.classes:
            self.taught.addItem(summary.group.name, summary.group.id)
        self.taught.setCurrentIndex(max(0, self.taught.findData(taught.id)) if taught else 0)
        self._show_students()

    def _show_students(self) -> None:
        roster = self.roster
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for student in roster.students if roster else ():
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(student.name)
            name.setData(_ID_ROLE, student)
            self.table.setItem(row, NAME, name)
            for column, consent in _CONSENTS.items():
                box = QTableWidgetItem()
                box.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                box.setCheckState(Qt.CheckState.Checked if getattr(student, consent) else Qt.CheckState.Unchecked)
                box.setToolTip(self.tr("{name}'s family consented to {what}").format(name=student.name, what=consent))
                self.table.setItem(row, column, box)
            self.table.setItem(row, NOTE, QTableWidgetItem(student.note))
        self.table.blockSignals(False)
        has_class = roster is not None
        self.students_heading.setText(
            self.tr("<b>Students of {name}</b>").format(name=escape(roster.group.name))
            if has_class
            else self.tr("<b>No classes yet.</b> Add a class, or import a roster from a CSV file.")
        )
        for widget in (
            self.rename_class_button,
            self.delete_class_button,
            self.new_name,
            self.add_student_button,
            self.remove_student_button,
            self.coach_button,
        ):
            widget.setEnabled(has_class)

    def current_class_id(self) -> str | None:
        return self.roster.group.id if self.roster else None

    def students(self) -> list[Student]:
        return list(self.roster.students) if self.roster else []

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.roster or changes.portfolios:
            self.reload()

    def _on_class_list_current_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None and item.data(_ID_ROLE) != self.current_class_id():
            self._wanted_class = item.data(_ID_ROLE)
            self.reload()

    # -- editing ----------------------------------------------------------------------------

    def add_class(self, name: str | None = None) -> None:
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(self, self.tr("Add Class"), self.tr("Class name, e.g. “Grade 7 science”:"))
            if not ok:
                return
        self._say("")
        self.edits.create_class(name, lambda group: setattr(self, "_wanted_class", group.id))

    def rename_class(self, name: str | None = None) -> None:
        if self.roster is None:
            return
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(
                self, self.tr("Rename Class"), self.tr("New name:"), text=self.roster.group.name
            )
            if not ok or name.strip() == self.roster.group.name:
                return
        self._say("")
        self.edits.rename_class(self.roster.group.id, name)

    def delete_class(self) -> None:
        if self.roster is not None:
            self._say(self.tr("“{name}” was deleted. Undo brings it back.").format(name=escape(self.roster.group.name)))
            self.edits.delete_class(self.roster.group.id)

    def add_student(self, name: str | None = None) -> None:
        if self.roster is None:
            return
        name = self.new_name.text() if name is None else name
        self._say("")
        self.edits.add_student(self.roster.group.id, name)
        self.new_name.clear()

    def remove_student(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            student: Student = self.table.item(row, NAME).data(_ID_ROLE)
            self.edits.remove_student(student.id)

    def export_for_coach(self, path: str | Path | None = None) -> None:
        """Save the selected class's pseudonym-only roster for a coach (asks where, unless given)."""
        if self.roster is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            suggested = str(Path.home() / f"{self.roster.group.name} (for the coach).csv")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Roster for a Coach"), suggested, "CSV (*.csv)")
            if not path:
                return
        coach_roster(self.roster.group.name, Path(path)).success(
            lambda w: self._say(self.tr("Saved %d students by pseudonym to %s.") % (w.students, w.path))
        ).failure(lambda error: self._say(str(error))).run(self.ops, initiator=self)

    def import_csv(self, path: str | Path | None = None, class_name: str | None = None) -> None:
        """Import a roster file into the selected class (or, with none, a class named after the file)."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog, QInputDialog

            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import Class Roster"), "", self.tr("Class rosters (*.csv *.txt)")
            )
            if not path:
                return
            names = [c.group.name for c in self.classes]
            current = self.roster.group.name if self.roster else Path(path).stem
            class_name, ok = QInputDialog.getItem(
                self,
                self.tr("Import Class Roster"),
                self.tr("Into the class (choose one, or type a new name):"),
                names if current in names else [current, *names],
                (names.index(current) if current in names else 0),
                True,
            )
            if not ok:
                return
        path = Path(path)
        class_name = class_name or (self.roster.group.name if self.roster else path.stem)
        self._say("")

        def imported(result: RosterImport) -> None:
            self._wanted_class = result.group.id
            self._say(
                self.tr("Imported {file} into {name}: {added} added, {updated} updated, {unchanged} unchanged.").format(
                    file=escape(path.name),
                    name=escape(result.group.name),
                    added=len(result.added),
                    updated=len(result.updated),
                    unchanged=result.unchanged,
                )
            )

        self.edits.import_csv(class_name, path, imported)

    def _on_taught_activated(self, index: int) -> None:
        if self.portfolio is not None:
            self.edits.set_portfolio_class(self.portfolio[0], self.taught.itemData(index))

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        student: Student = self.table.item(item.row(), NAME).data(_ID_ROLE)
        column = item.column()
        if column == NAME:
            edited, text = replace(student, name=item.text()), self.tr("Rename “{name}”")
        elif column == NOTE:
            edited, text = replace(student, note=item.text()), self.tr("Note on “{name}”")
        else:
            consent = _CONSENTS[column]
            given = item.checkState() == Qt.CheckState.Checked
            edited = replace(student, **{consent: given})
            text = self.tr("{what} consent for “{{name}}”").format(what=consent.capitalize())
        if edited != student:
            self.edits.edit_student(edited, text.format(name=student.name))

    # -- reporting --------------------------------------------------------------------------

    def _say(self, html: str, problem: bool = False) -> None:
        self.report.setStyleSheet(palette.text_style(palette.PRIVACY) if problem else "")
        self.report.setText(html)

    def _on_edit_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RosterFileError):
            rows = "".join(f"<li>{escape(p)}</li>" for p in exc.problems)
            heading = self.tr("<b>{file} was not imported; nothing was changed.</b> Fix these rows, then import again:")
            self._say(
                heading.format(file=escape(exc.source)) + f"<ul>{rows}</ul>",
                problem=True,
            )
            self.reload()  # a checkbox ticked before the refusal shows the truth again
        elif isinstance(exc, PortfolioError):
            self._say(escape(str(exc)), problem=True)
            self.reload()
        else:
            self.failed.emit(exc)

    def report_text(self) -> str:
        return self.report.text()
