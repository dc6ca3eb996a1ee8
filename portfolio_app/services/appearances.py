"""Use cases of who appears in evidence: the class a portfolio was taught to, and the students
each evidence item shows (or that it shows none)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import ClassId
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.roster import Appearance, ClassGroup, Roster
from portfolio_app.services.evidence import get_evidence
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.services.roster import find_class, get_roster, students_named
from portfolio_app.storage import roster as stored


@dataclass(frozen=True)
class EvidencePeople:
    """What the Students line and dialog of one evidence item show."""

    evidence: Evidence
    appearance: Appearance
    roster: Roster | None  # the portfolio's class, when it has one


def set_portfolio_class(library: Library, portfolio_id: str, class_id: str | None) -> Outcome[ClassId | None]:
    """Say which class a portfolio's lessons were taught to (None: none); returns the class before."""
    portfolio = get_portfolio(library, portfolio_id)
    group = find_class(library, class_id) if class_id is not None else None
    with library.db.atomic():
        stored.set_portfolio_class(library.db, [portfolio.id], group.id if group else None, now_iso())
    return Outcome(portfolio.class_id, Changes(portfolios=True, roster=True))


def portfolio_class(library: Library, portfolio_id: str) -> ClassGroup | None:
    portfolio = get_portfolio(library, portfolio_id)
    return stored.get_class(library.db, portfolio.class_id) if portfolio.class_id else None


def get_appearance(library: Library, evidence_id: str) -> Appearance:
    evidence = get_evidence(library, evidence_id)
    return Appearance(evidence.id, evidence.students_appear, tuple(stored.evidence_students(library.db, evidence.id)))


def evidence_people(library: Library, evidence_id: str) -> EvidencePeople:
    """An evidence item, who it shows, and the roster of its portfolio's class."""
    evidence = get_evidence(library, evidence_id)
    appearance = Appearance(
        evidence.id, evidence.students_appear, tuple(stored.evidence_students(library.db, evidence.id))
    )
    portfolio = get_portfolio(library, evidence.portfolio_id)
    roster = get_roster(library, portfolio.class_id) if portfolio.class_id else None
    return EvidencePeople(evidence, appearance, roster)


def set_students(
    library: Library, evidence_id: str, appear: bool | None, student_ids: Sequence[str] = ()
) -> Outcome[Appearance]:
    """Say who appears in evidence: these students (`appear=True`), nobody (False), or not stated
    (None). Returns who appeared before, for undo."""
    evidence = get_evidence(library, evidence_id)
    if student_ids and appear is not True:
        raise InvalidInputError("Students can be listed only for evidence in which students appear.")
    found = stored.students_by_id(library.db, student_ids)
    missing = [s for s in student_ids if s not in found]
    if missing:
        raise InvalidInputError(f"There is no student '{missing[0]}' on any roster.")
    before = Appearance(evidence.id, evidence.students_appear, tuple(stored.evidence_students(library.db, evidence.id)))
    with library.db.atomic():
        stored.set_evidence_students(library.db, evidence.id, appear, student_ids, now_iso())
    return Outcome(before, Changes(evidence=True))


def restore_appearance(library: Library, appearance: Appearance) -> Outcome[Appearance]:
    """Undo of `set_students`: who appeared before (students since removed stay out)."""
    present = stored.students_by_id(library.db, [s.id for s in appearance.students])
    return set_students(
        library,
        appearance.evidence_id,
        appearance.students_appear,
        [s.id for s in appearance.students if s.id in present],
    )


def name_students(library: Library, evidence_id: str, names: Sequence[str]) -> Outcome[Appearance]:
    """Say that these students of the portfolio's class (by name, any case) appear in evidence."""
    evidence = get_evidence(library, evidence_id)
    portfolio = get_portfolio(library, evidence.portfolio_id)
    if portfolio.class_id is None:
        raise InvalidInputError(
            f"“{portfolio.title}” has no class yet. Say which class its lessons were taught to first: "
            f"portfolio class {portfolio.id} CLASS_NAME"
        )
    students = students_named(library, portfolio.class_id, names)
    return set_students(library, evidence.id, True, [s.id for s in students])
