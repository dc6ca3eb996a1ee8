"""The roster a teacher hands a coach: the class's students by pseudonym only, with their consents.

It is the CSV format `portfolio roster import` reads, so the coach imports it like any roster: the
seating chart shows pseudonyms, consent says who may be recorded, and no student's name leaves the
teacher's laptop. A student without a pseudonym is "Student A", "Student B", … by their place on
the roster, as in bundles; notes (which may name people) stay behind.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.atomic_files import write_atomically
from portfolio_app.core.names import student_letter
from portfolio_app.services.library import Library


@dataclass(frozen=True)
class CoachRoster:
    path: Path
    class_name: str
    students: int


def coach_roster_csv(library: Library, class_name: str) -> tuple[str, bytes]:
    """(the class's name, the pseudonym-only roster CSV) of a class.

    Raises:
        NotFoundError: no such class.
    """
    from portfolio_app.services.names import student_names
    from portfolio_app.services.roster import find_class, get_roster

    group = find_class(library, class_name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("name", "video", "photo", "audio"))
    taken: set[str] = set()
    for position, student in enumerate(get_roster(library, group.id).students):
        pseudonym = student_names(library, student.id)[0].strip()
        if not pseudonym or pseudonym.casefold() in taken:  # a roster may not name anyone twice
            pseudonym = student_letter(position)
        taken.add(pseudonym.casefold())
        writer.writerow(
            (pseudonym, *("yes" if given else "no" for given in (student.video, student.photo, student.audio)))
        )
    return group.name, out.getvalue().encode("utf-8")


def export_coach_roster(library: Library, class_name: str, target: Path) -> CoachRoster:
    """Write a class's pseudonym-only roster for a coach at `target` (a folder gets a file name), atomically."""
    name, data = coach_roster_csv(library, class_name)
    if target.is_dir():
        target = target / f"{name} (for the coach).csv"
    write_atomically(target, data, "the roster for the coach")
    return CoachRoster(target, name, max(0, data.count(b"\r\n") - 1))
