"""Classes, students and their consents, and who appears in which evidence."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio_app.core.ids import ClassId, EvidenceId, StudentId
from portfolio_app.core.roster import ClassGroup, ClassSummary, Student
from portfolio_app.storage.database import Database

_STUDENT_COLUMNS = (
    "students.id, students.class_id, students.name, consent_video, consent_photo, consent_audio, students.note, "
    "students.created_at"
)


def _student(row: tuple) -> Student:
    student_id, class_id, name, video, photo, audio, note, created_at = row
    return Student(
        StudentId(student_id), ClassId(class_id), name, bool(video), bool(photo), bool(audio), note, created_at
    )


def _group(row: tuple) -> ClassGroup:
    return ClassGroup(ClassId(row[0]), row[1], row[2])


# -- classes ----------------------------------------------------------------------------------


def insert_class(db: Database, group: ClassGroup, now: str) -> None:
    db.execute(
        "INSERT INTO classes (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
        [group.id, group.name, group.created_at, now],
    )


def rename_class(db: Database, class_id: str, name: str, now: str) -> None:
    db.execute("UPDATE classes SET name = ?, updated_at = ? WHERE id = ?", [name, now, class_id])


def delete_class(db: Database, class_id: str) -> None:
    """Remove a class with its students and their evidence links; portfolios keep no class."""
    db.execute("DELETE FROM classes WHERE id = ?", [class_id])


def get_class(db: Database, class_id: str) -> ClassGroup | None:
    row = db.execute("SELECT id, name, created_at FROM classes WHERE id = ?", [class_id]).fetchone()
    return _group(row) if row else None


def class_named(db: Database, name: str) -> ClassGroup | None:
    """The class with this name, without regard to case."""
    row = db.execute("SELECT id, name, created_at FROM classes WHERE name = ?", [name]).fetchone()
    return _group(row) if row else None


def class_summaries(db: Database) -> list[ClassSummary]:
    rows = db.execute(
        "SELECT classes.id, classes.name, classes.created_at, count(students.id) FROM classes "
        "LEFT JOIN students ON students.class_id = classes.id GROUP BY classes.id ORDER BY classes.name"
    ).fetchall()
    return [ClassSummary(_group(r[:3]), r[3]) for r in rows]


# -- students ---------------------------------------------------------------------------------


def insert_student(db: Database, student: Student, now: str) -> None:
    db.execute(
        "INSERT INTO students (id, class_id, name, consent_video, consent_photo, consent_audio, note, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            student.id,
            student.class_id,
            student.name,
            int(student.video),
            int(student.photo),
            int(student.audio),
            student.note,
            student.created_at,
            now,
        ],
    )


def update_student(db: Database, student: Student, now: str) -> None:
    """Write a student's name, consents and note."""
    db.execute(
        "UPDATE students SET name = ?, consent_video = ?, consent_photo = ?, consent_audio = ?, note = ?, "
        "updated_at = ? WHERE id = ?",
        [student.name, int(student.video), int(student.photo), int(student.audio), student.note, now, student.id],
    )


def delete_student(db: Database, student_id: str) -> None:
    db.execute("DELETE FROM students WHERE id = ?", [student_id])


def get_student(db: Database, student_id: str) -> Student | None:
    row = db.execute(f"SELECT {_STUDENT_COLUMNS} FROM students WHERE id = ?", [student_id]).fetchone()
    return _student(row) if row else None


def students_of(db: Database, class_id: str) -> list[Student]:
    rows = db.execute(
        f"SELECT {_STUDENT_COLUMNS} FROM students WHERE class_id = ? ORDER BY name COLLATE NOCASE, id", [class_id]
    )
    return [_student(r) for r in rows]


def students_by_id(db: Database, student_ids: Iterable[str]) -> dict[StudentId, Student]:
    wanted = list(dict.fromkeys(student_ids))
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    rows = db.execute(f"SELECT {_STUDENT_COLUMNS} FROM students WHERE id IN ({marks})", wanted)
    return {s.id: s for s in map(_student, rows)}


# -- who appears in evidence ------------------------------------------------------------------


def set_evidence_students(db: Database, evidence_id: str, appear: bool | None, student_ids: Iterable[str], now: str):
    db.execute(
        "UPDATE evidence SET students_appear = ?, updated_at = ? WHERE id = ?",
        [None if appear is None else int(appear), now, evidence_id],
    )
    db.execute("DELETE FROM evidence_students WHERE evidence_id = ?", [evidence_id])
    db.conn.executemany(
        "INSERT INTO evidence_students (evidence_id, student_id) VALUES (?, ?)",
        [(evidence_id, s) for s in dict.fromkeys(student_ids)],
    )


def link_evidence(db: Database, links: Iterable[tuple[str, str]]) -> None:
    """Put back (evidence id, student id) links, e.g. those a removed student had."""
    db.conn.executemany("INSERT OR IGNORE INTO evidence_students (evidence_id, student_id) VALUES (?, ?)", list(links))


def copy_evidence_students(db: Database, from_evidence: str, to_evidence: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO evidence_students (evidence_id, student_id) "
        "SELECT ?, student_id FROM evidence_students WHERE evidence_id = ?",
        [to_evidence, from_evidence],
    )


def evidence_students(db: Database, evidence_id: str) -> list[Student]:
    rows = db.execute(
        f"SELECT {_STUDENT_COLUMNS} FROM evidence_students JOIN students ON students.id = evidence_students.student_id "
        "WHERE evidence_students.evidence_id = ? ORDER BY students.name COLLATE NOCASE, students.id",
        [evidence_id],
    )
    return [_student(r) for r in rows]


def students_in_portfolio(db: Database, portfolio_id: str) -> dict[EvidenceId, tuple[Student, ...]]:
    """The students linked to each evidence item of a portfolio (in the trash or not), by evidence id."""
    found: dict[EvidenceId, list[Student]] = {}
    for row in db.execute(
        f"SELECT evidence_students.evidence_id, {_STUDENT_COLUMNS} FROM evidence_students "
        "JOIN evidence ON evidence.id = evidence_students.evidence_id "
        "JOIN students ON students.id = evidence_students.student_id "
        "WHERE evidence.portfolio_id = ? ORDER BY students.name COLLATE NOCASE, students.id",
        [portfolio_id],
    ):
        found.setdefault(EvidenceId(row[0]), []).append(_student(row[1:]))
    return {evidence_id: tuple(students) for evidence_id, students in found.items()}


def links_of_student(db: Database, student_id: str) -> list[tuple[str, str]]:
    rows = db.execute("SELECT evidence_id, student_id FROM evidence_students WHERE student_id = ?", [student_id])
    return [(r[0], r[1]) for r in rows]


def links_of_class(db: Database, class_id: str) -> list[tuple[str, str]]:
    rows = db.execute(
        "SELECT evidence_id, student_id FROM evidence_students JOIN students ON students.id = student_id "
        "WHERE students.class_id = ?",
        [class_id],
    )
    return [(r[0], r[1]) for r in rows]


# -- the class of a portfolio -----------------------------------------------------------------


def set_portfolio_class(db: Database, portfolio_ids: Iterable[str], class_id: str | None, now: str) -> None:
    db.conn.executemany(
        "UPDATE portfolios SET class_id = ?, updated_at = ? WHERE id = ?", [(class_id, now, p) for p in portfolio_ids]
    )


def portfolios_of_class(db: Database, class_id: str) -> list[str]:
    """Every portfolio (in the trash too) taught to a class."""
    return [r[0] for r in db.execute("SELECT id FROM portfolios WHERE class_id = ?", [class_id])]
