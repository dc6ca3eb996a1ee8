"""Use cases of the consent roster: classes, students and their consents, and CSV imports.

Every change returns what undo needs (the value before, or what a removal took with it). A
class or student keeps its id through undo and redo, so evidence links survive both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.ids import ClassId, StudentId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.roster import MAX_NAME, ClassGroup, ClassSummary, Consent, Roster, Student, clean_name
from portfolio_app.core.roster_csv import parse_roster
from portfolio_app.services.library import Library
from portfolio_app.storage import roster as stored

ROSTER = Changes(roster=True)


@dataclass(frozen=True)
class RemovedStudent:
    """A student taken off a roster, with the evidence they were linked to: what undo puts back."""

    student: Student
    links: tuple[tuple[str, str], ...]  # (evidence id, student id)


@dataclass(frozen=True)
class RemovedClass:
    group: ClassGroup
    students: tuple[Student, ...]
    links: tuple[tuple[str, str], ...]
    portfolio_ids: tuple[str, ...]  # portfolios that were taught to the class


@dataclass(frozen=True)
class RosterImport:
    """What a CSV import did: the class (new or not), students added, and students updated
    (each as it was before and as the file has it)."""

    group: ClassGroup
    created_class: bool
    added: tuple[Student, ...]
    updated: tuple[tuple[Student, Student], ...]
    unchanged: int = 0


# -- classes ----------------------------------------------------------------------------------


def list_classes(library: Library) -> list[ClassSummary]:
    """Every class, by name, with how many students it has."""
    return stored.class_summaries(library.db)


def find_class(library: Library, name_or_id: str) -> ClassGroup:
    """A class by id or by name (without regard to case)."""
    found = stored.get_class(library.db, name_or_id) or stored.class_named(library.db, clean_name(name_or_id))
    if found is None:
        known = ", ".join(f"“{c.group.name}”" for c in stored.class_summaries(library.db))
        raise NotFoundError(
            f"There is no class “{name_or_id}”. "
            + (f"The classes are: {known}." if known else "Import a roster to make one (portfolio roster import).")
        )
    return found


def get_roster(library: Library, class_id: str) -> Roster:
    group = find_class(library, class_id)
    return Roster(group, tuple(stored.students_of(library.db, group.id)))


def create_class(library: Library, name: str, *, class_id: str | None = None) -> Outcome[ClassGroup]:
    """Start a class roster (`class_id`: the id to use again, when redoing)."""
    name = _class_name(library, name)
    group = ClassGroup(ClassId(class_id or new_id()), name, now_iso())
    with library.db.atomic():
        stored.insert_class(library.db, group, group.created_at)
    return Outcome(group, ROSTER)


def rename_class(library: Library, class_id: str, name: str) -> Outcome[ClassGroup]:
    """Rename a class; returns it as it was before."""
    group = find_class(library, class_id)
    name = _class_name(library, name, group.id)
    with library.db.atomic():
        stored.rename_class(library.db, group.id, name, now_iso())
    return Outcome(group, ROSTER)


def delete_class(library: Library, class_id: str) -> Outcome[RemovedClass]:
    """Delete a class with its students; `restore_class` puts it all back (undo)."""
    group = find_class(library, class_id)
    removed = RemovedClass(
        group,
        tuple(stored.students_of(library.db, group.id)),
        tuple(stored.links_of_class(library.db, group.id)),
        tuple(stored.portfolios_of_class(library.db, group.id)),
    )
    with library.db.atomic():
        stored.delete_class(library.db, group.id)
    return Outcome(removed, Changes(roster=True, portfolios=bool(removed.portfolio_ids)))


def restore_class(library: Library, removed: RemovedClass) -> Outcome[ClassGroup]:
    now = now_iso()
    with library.db.atomic():
        stored.insert_class(library.db, removed.group, now)
        for student in removed.students:
            stored.insert_student(library.db, student, now)
        stored.link_evidence(library.db, removed.links)
        stored.set_portfolio_class(library.db, removed.portfolio_ids, removed.group.id, now)
    return Outcome(removed.group, Changes(roster=True, portfolios=bool(removed.portfolio_ids)))


# -- students ---------------------------------------------------------------------------------


def add_student(
    library: Library,
    class_id: str,
    name: str,
    *,
    video: bool = False,
    photo: bool = False,
    audio: bool = False,
    note: str = "",
    student_id: str | None = None,
) -> Outcome[Student]:
    """Put a student (first name or pseudonym) on a class roster."""
    group = find_class(library, class_id)
    now = now_iso()
    student = Student(
        StudentId(student_id or new_id()), group.id, _student_name(library, group.id, name), video, photo, audio
    )
    student = replace(student, note=" ".join(note.split()), created_at=now)
    with library.db.atomic():
        stored.insert_student(library.db, student, now)
    return Outcome(student, ROSTER)


def get_student(library: Library, student_id: str) -> Student:
    found = stored.get_student(library.db, student_id)
    if found is None:
        raise NotFoundError(f"There is no student '{student_id}'.")
    return found


def edit_student(library: Library, student: Student) -> Outcome[Student]:
    """Save a student's name, consents and note; returns the student as they were before."""
    before = get_student(library, student.id)
    name = _student_name(library, before.class_id, student.name, student.id)
    with library.db.atomic():
        stored.update_student(library.db, replace(student, name=name, note=" ".join(student.note.split())), now_iso())
    return Outcome(before, ROSTER)


def set_consent(library: Library, student_id: str, consent: Consent, given: bool) -> Outcome[Student]:
    """Record whether a student's family consented to video, photos or audio; returns the student before."""
    before = get_student(library, student_id)
    with library.db.atomic():
        stored.update_student(library.db, before.with_consent(consent, given), now_iso())
    return Outcome(before, ROSTER)


def remove_student(library: Library, student_id: str) -> Outcome[RemovedStudent]:
    """Take a student off their roster (and out of the evidence they appear in); undo: `restore_student`."""
    student = get_student(library, student_id)
    removed = RemovedStudent(student, tuple(stored.links_of_student(library.db, student.id)))
    with library.db.atomic():
        stored.delete_student(library.db, student.id)
    return Outcome(removed, ROSTER)


def restore_student(library: Library, removed: RemovedStudent) -> Outcome[Student]:
    with library.db.atomic():
        stored.insert_student(library.db, removed.student, now_iso())
        stored.link_evidence(library.db, removed.links)
    return Outcome(removed.student, ROSTER)


# -- importing a CSV --------------------------------------------------------------------------


def import_roster(library: Library, class_name: str, path: Path) -> Outcome[RosterImport]:
    """Import a roster CSV into a class (made if new): students not on the roster are added, those
    on it (same name, any case) get the file's consents and note. All or nothing.

    Raises:
        RosterFileError: every bad row and column of the file; nothing was changed.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{Path(path).name} cannot be read: {exc.strerror or exc}") from exc
    rows = parse_roster(data, Path(path).name)
    now = now_iso()
    with library.db.atomic():
        group = stored.class_named(library.db, clean_name(class_name))
        created = group is None
        if group is None:
            group = ClassGroup(ClassId(new_id()), _class_name(library, class_name), now)
            stored.insert_class(library.db, group, now)
        existing = {s.name.casefold(): s for s in stored.students_of(library.db, group.id)}
        added, updated, unchanged = [], [], 0
        for row in rows:
            before = existing.get(row.name.casefold())
            after = Student(
                before.id if before else StudentId(new_id()),
                group.id,
                row.name,
                row.video,
                row.photo,
                row.audio,
                row.note,
                before.created_at if before else now,
            )
            if before is None:
                stored.insert_student(library.db, after, now)
                added.append(after)
            elif after != before:
                stored.update_student(library.db, after, now)
                updated.append((before, after))
            else:
                unchanged += 1
    return Outcome(RosterImport(group, created, tuple(added), tuple(updated), unchanged), ROSTER)


def undo_import(library: Library, imported: RosterImport) -> Outcome[None]:
    """Put the roster back as it was before an import: added students go, updated ones revert."""
    now = now_iso()
    with library.db.atomic():
        for student in imported.added:
            stored.delete_student(library.db, student.id)
        for before, _after in imported.updated:
            stored.update_student(library.db, before, now)
        if imported.created_class:
            stored.delete_class(library.db, imported.group.id)
    return Outcome(None, ROSTER)


def redo_import(library: Library, imported: RosterImport) -> Outcome[RosterImport]:
    """Apply an undone import again, with the same ids."""
    now = now_iso()
    with library.db.atomic():
        if imported.created_class:
            stored.insert_class(library.db, imported.group, now)
        for student in imported.added:
            stored.insert_student(library.db, student, now)
        for _before, after in imported.updated:
            stored.update_student(library.db, after, now)
    return Outcome(imported, ROSTER)


# -- names ------------------------------------------------------------------------------------


def _class_name(library: Library, name: str, renaming: str | None = None) -> str:
    name = clean_name(name)
    if not name:
        raise InvalidInputError("A class needs a name, e.g. “Grade 7 science, period 3”.")
    if len(name) > MAX_NAME:
        raise InvalidInputError(f"That class name is {len(name)} characters long; keep it under {MAX_NAME}.")
    other = stored.class_named(library.db, name)
    if other is not None and other.id != renaming:
        raise InvalidInputError(f"There is already a class called “{other.name}”.")
    return name


def _student_name(library: Library, class_id: str, name: str, renaming: str | None = None) -> str:
    name = clean_name(name)
    if not name:
        raise InvalidInputError("A student needs a first name or a pseudonym.")
    if len(name) > MAX_NAME:
        raise InvalidInputError(f"Names stop at {MAX_NAME} characters.")
    for student in stored.students_of(library.db, class_id):
        if student.name.casefold() == name.casefold() and student.id != renaming:
            raise InvalidInputError(
                f"“{student.name}” is already on this roster. Add an initial to tell them apart, e.g. “{name} B.”"
            )
    return name


def students_named(library: Library, class_id: str, names: Sequence[str]) -> list[Student]:
    """The students of a class with these names (any case); InvalidInputError names any not on it."""
    group = find_class(library, class_id)
    roster = {s.name.casefold(): s for s in stored.students_of(library.db, group.id)}
    unknown = [n for n in names if clean_name(n).casefold() not in roster]
    if unknown:
        listed = ", ".join(f"“{n}”" for n in unknown)
        known = ", ".join(s.name for s in roster.values()) or "nobody yet"
        raise InvalidInputError(
            f"{listed} {'is' if len(unknown) == 1 else 'are'} not on the roster of “{group.name}” (it has {known})."
        )
    return list({s.id: s for s in (roster[clean_name(n).casefold()] for n in names)}.values())
