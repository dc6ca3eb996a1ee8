"""Students' other names, "not a student's name" per place, and files confirmed free of names."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio_app.storage.database import Database


def other_names(db: Database) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every student's (pseudonym, full names) by student id; students without any are left out."""
    found: dict[str, tuple[str, list[str]]] = {}
    for student_id, kind, name in db.execute("SELECT student_id, kind, name FROM student_names ORDER BY name"):
        pseudonym, full = found.setdefault(student_id, ("", []))
        if kind == "pseudonym":
            found[student_id] = (name, full)
        else:
            full.append(name)
    return {sid: (pseudonym, tuple(full)) for sid, (pseudonym, full) in found.items()}


def set_other_names(db: Database, student_id: str, pseudonym: str, full_names: Iterable[str]) -> None:
    db.execute("DELETE FROM student_names WHERE student_id = ?", [student_id])
    rows = [(student_id, "full", n) for n in dict.fromkeys(full_names)]
    if pseudonym:
        rows.append((student_id, "pseudonym", pseudonym))
    db.conn.executemany("INSERT INTO student_names (student_id, kind, name) VALUES (?, ?, ?)", rows)


def dismissals(db: Database, portfolio_id: str) -> frozenset[tuple[str, str]]:
    rows = db.execute("SELECT spot, name FROM name_dismissals WHERE portfolio_id = ?", [portfolio_id])
    return frozenset((r[0], r[1]) for r in rows)


def set_dismissed(db: Database, portfolio_id: str, spot: str, name: str, dismissed: bool, now: str) -> None:
    if dismissed:
        db.execute(
            "INSERT OR IGNORE INTO name_dismissals (portfolio_id, spot, name, created_at) VALUES (?, ?, ?, ?)",
            [portfolio_id, spot, name, now],
        )
    else:
        db.execute(
            "DELETE FROM name_dismissals WHERE portfolio_id = ? AND spot = ? AND name = ?", [portfolio_id, spot, name]
        )


def covered(db: Database, portfolio_id: str) -> frozenset[str]:
    """The evidence of a portfolio whose names the teacher confirmed covered."""
    rows = db.execute(
        "SELECT names_covered.evidence_id FROM names_covered JOIN evidence ON evidence.id = names_covered.evidence_id "
        "WHERE evidence.portfolio_id = ?",
        [portfolio_id],
    )
    return frozenset(r[0] for r in rows)


def set_covered(db: Database, evidence_id: str, confirmed: bool, now: str) -> None:
    if confirmed:
        db.execute("INSERT OR IGNORE INTO names_covered (evidence_id, confirmed_at) VALUES (?, ?)", [evidence_id, now])
    else:
        db.execute("DELETE FROM names_covered WHERE evidence_id = ?", [evidence_id])


def all_students(db: Database) -> list[tuple[str, str, str]]:
    """(student id, class id, name) of every student, each class in the order they were added."""
    rows = db.execute("SELECT id, class_id, name FROM students ORDER BY class_id, created_at, id")
    return [(r[0], r[1], r[2]) for r in rows]
