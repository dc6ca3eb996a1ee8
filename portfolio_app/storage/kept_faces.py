"""Whose face each blurred copy keeps unblurred."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio_app.core.kept_faces import FaceOwner, FaceOwnership, KeptFace
from portfolio_app.storage.database import Database
from portfolio_app.storage.roster import students_by_id


def save_kept(db: Database, evidence_id: str, kept: Iterable[tuple[int, FaceOwnership]]) -> None:
    db.execute("DELETE FROM kept_faces WHERE evidence_id = ?", [evidence_id])
    db.conn.executemany(
        "INSERT INTO kept_faces (evidence_id, track, person, student_id, note) VALUES (?, ?, ?, ?, ?)",
        [(evidence_id, track, str(o.owner), o.student_id, o.note) for track, o in kept],
    )


def kept_in_portfolio(db: Database, portfolio_id: str) -> dict[str, tuple[KeptFace, ...]]:
    """The kept faces of each blurred copy of a portfolio, by the copy's evidence id."""
    rows = db.execute(
        "SELECT kept_faces.evidence_id, track, person, student_id, kept_faces.note FROM kept_faces "
        "JOIN evidence ON evidence.id = kept_faces.evidence_id WHERE evidence.portfolio_id = ? ORDER BY track",
        [portfolio_id],
    ).fetchall()
    students = students_by_id(db, [r[3] for r in rows if r[3]])
    found: dict[str, list[KeptFace]] = {}
    for evidence_id, track, person, student_id, note in rows:
        found.setdefault(evidence_id, []).append(KeptFace(track, FaceOwner(person), students.get(student_id), note))
    return {evidence_id: tuple(faces) for evidence_id, faces in found.items()}
