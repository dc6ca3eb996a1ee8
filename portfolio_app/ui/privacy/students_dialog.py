"""Who appears in one evidence item: the Students line under the viewer's heading, and the
Students… dialog (not stated / no students appear / these students, each with their consent).

The choice goes on the undo stack once it is saved.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.roster import Student, consent_needed, hides_students, without_consent
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Failure, Operations
from portfolio_app.ui.operations.roster import RosterEdits, evidence_people

if TYPE_CHECKING:
    from portfolio_app.services.appearances import EvidencePeople

_ID_ROLE = Qt.ItemDataRole.UserRole
# Kinds that can show a student: the others (notes, observations) have no Students line.
SHOWS_PEOPLE = (EvidenceKind.VIDEO, EvidenceKind.AUDIO, EvidenceKind.IMAGE, EvidenceKind.DOCUMENT)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Students", text)


def _names(students) -> str:
    return ", ".join(s.name for s in students)


def students_summary(people: EvidencePeople) -> str:
    """One line: “Students: Maya, Leo — Leo has no video consent”, or that it is not stated."""
    appearance, evidence = people.appearance, people.evidence
    if appearance.students_appear is None:
        return _tr("Students: not stated yet")
    if not appearance.students_appear:
        return _tr("Students: none appear")
    if not appearance.students:
        return _tr("Students: appear, but who is not said yet")
    text = _tr("Students: {names}").format(names=_names(appearance.students))
    lacking = without_consent(evidence.kind, appearance.students)
    if lacking:
        verb = _tr("has") if len(lacking) == 1 else _tr("have")
        text += " — " + _tr("{names} {verb} no {consent} consent").format(
            names=_names(lacking), verb=verb, consent=consent_needed(evidence.kind)
        )
        if hides_students(evidence.derivation):
            text += _tr(" (hidden in this copy)")
    return text


class StudentsDialog(QDialog):
    """Choose who appears; `chosen()` is (students_appear, student ids)."""

    def __init__(self, people: EvidencePeople, parent: QWidget | None = None):
        super().__init__(parent)
        evidence, appearance = people.evidence, people.appearance
        self.setWindowTitle(self.tr("Students in “{title}”").format(title=evidence.title))
        self.not_stated = QRadioButton(self.tr("&Not stated"))
        self.nobody = QRadioButton(self.tr("N&o students appear"))
        self.these = QRadioButton(self.tr("&These students appear:"))
        self.choice = QButtonGroup(self)
        for button in (self.not_stated, self.nobody, self.these):
            self.choice.addButton(button)
        {None: self.not_stated, False: self.nobody, True: self.these}[appearance.students_appear].setChecked(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Students of the class"))
        needed = consent_needed(evidence.kind)
        shown = {s.id for s in appearance.students}
        students = list(people.roster.students) if people.roster else []
        students += [s for s in appearance.students if s.id not in {r.id for r in students}]  # from another class
        for student in students:
            item = QListWidgetItem(self._label(student, needed))
            item.setData(_ID_ROLE, student.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if student.id in shown else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if people.roster is None:
            hint = self.tr(
                "This portfolio has no class yet: choose the class it was taught to in Portfolio ▸ Class Roster…"
            )
        else:
            hint = self.tr("Students of {name}, with the consent this {kind} needs.").format(
                name=people.roster.group.name, kind=evidence.kind
            )
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.these.toggled.connect(self.list.setEnabled)
        self.list.setEnabled(self.these.isChecked())
        layout = QVBoxLayout(self)
        for widget in (self.not_stated, self.nobody, self.these, self.list, self.hint, self.buttons):
            layout.addWidget(widget)

    def _label(self, student: Student, needed) -> str:
        if needed is None:
            return student.name
        if student.consents_to(needed):
            return self.tr("{name} — {consent} consent ✓").format(name=student.name, consent=needed)
        return self.tr("{name} — no {consent} consent").format(name=student.name, consent=needed)

    def check(self, name: str, checked: bool = True) -> None:
        """Tick (or untick) a student by name, and choose “These students appear”."""
        self.these.setChecked(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.text().split(" — ")[0] == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[bool | None, list[str]]:
        if self.not_stated.isChecked():
            return None, []
        if self.nobody.isChecked():
            return False, []
        ticked = [self.list.item(r) for r in range(self.list.count())]
        return True, [i.data(_ID_ROLE) for i in ticked if i.checkState() == Qt.CheckState.Checked]


class EvidenceStudents(QObject):
    """Opens the Students… dialog for an item and saves the choice, undoably."""

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget, failed: Failure):
        super().__init__(parent)
        self.ops, self.widget, self.failed = ops, parent, failed
        self.edits = RosterEdits(ops, undo_stack, failed)

    def edit(self, evidence: Evidence) -> None:
        evidence_people(evidence.id).success(self._ask).failure(self.failed).run(self.ops, initiator=self)

    def _ask(self, people: EvidencePeople) -> None:
        dialog = StudentsDialog(people, self.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        appear, student_ids = dialog.chosen()
        appearance = people.appearance
        if appear == appearance.students_appear and set(student_ids) == {s.id for s in appearance.students}:
            return
        self.edits.set_students(people.evidence.id, appear, student_ids, people.evidence.title)


class StudentsLine(QLabel):
    """“Students: Maya, Leo — Leo has no video consent · Students…” under the viewer's heading."""

    edit_requested = Signal()

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        ops.changed.connect(self._on_ops_changed)
        self.evidence: Evidence | None = None
        self.people: EvidencePeople | None = None
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(self.tr("Students who appear"))
        self.linkActivated.connect(lambda _link: self.edit_requested.emit())
        self.hide()

    def show_evidence(self, evidence: Evidence | None) -> None:
        self.evidence = evidence
        if evidence is None or evidence.kind not in SHOWS_PEOPLE:
            self.people = None
            self.hide()
            return
        evidence_id = evidence.id

        def show(people: EvidencePeople) -> None:
            if self.evidence is None or self.evidence.id != evidence_id:
                return
            self.people = people
            lacking = people.appearance.students_appear and without_consent(
                people.evidence.kind, people.appearance.students
            )
            warn = people.appearance.students_appear is None or bool(lacking)
            colour = palette.PRIVACY if warn and not hides_students(people.evidence.derivation) else "palette(text)"
            self.setText(
                f"<span style='color:{colour}'>{escape(students_summary(people))}</span>"
                f" · <a href='students'>{escape(self.tr('Students…'))}</a>"
            )
            self.show()

        # a failure (the item went meanwhile) leaves the line as it was
        evidence_people(evidence_id).success(show).failure(lambda _exc: None).run(self.ops, initiator=self)

    def reload(self) -> None:
        self.show_evidence(self.evidence)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.roster and self.evidence is not None:
            self.reload()

    def summary(self) -> str:
        return students_summary(self.people) if self.people else ""
