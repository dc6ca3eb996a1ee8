"""`portfolio roster import|list`, `students` and `class`: the consent roster and who appears in evidence."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Printed, table
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    roster = commands.add_parser(
        "roster",
        help="import or list class rosters with each student's consent",
        description="Work with class rosters: students by first name or pseudonym, with consent for video, "
        "photos and audio.",
    )
    roster_commands = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    importing = roster_commands.add_parser(
        "import",
        parents=[common],
        help="import a class roster from a CSV file",
        description="Import students and their consents from a CSV file into a class (made if new). The first "
        "row names the columns name, video, photo, audio and optionally note; a consent is yes/no, y/n, "
        "true/false, 1/0, or x/empty. Students already on the roster get the file's consents. Commas or "
        "semicolons, UTF-8 with or without a BOM. All or nothing: one bad row and nothing is imported, "
        "with every bad row listed.",
    )
    importing.add_argument("class_name", metavar="CLASS_NAME")
    importing.add_argument("file", type=Path, metavar="FILE.csv")
    importing.set_defaults(handler=_roster_import)
    listing = roster_commands.add_parser(
        "list",
        parents=[common],
        help="list classes, or one class's students and consents",
        description="Without CLASS_NAME, list the classes and how many students each has; with it, list the "
        "class's students and what each consented to.",
    )
    listing.add_argument("class_name", nargs="?", metavar="CLASS_NAME")
    listing.set_defaults(handler=_roster_list)
    for_coach = roster_commands.add_parser(
        "export-for-coach",
        parents=[common],
        help="write a class's roster with pseudonyms only, for a coach who observes the class",
        description="Write the class's roster for a coach: the same CSV format `roster import` reads, with each "
        "student's pseudonym (or Student A, B, … where none is set) and consents, never their names or notes. "
        "The coach imports it and observes the class on a seating chart of pseudonyms.",
    )
    for_coach.add_argument("class_name", metavar="CLASS_NAME")
    for_coach.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.csv", help="where to write it")
    for_coach.set_defaults(handler=_roster_for_coach)

    students = commands.add_parser(
        "students",
        parents=[common],
        help="say which students appear in an evidence item",
        description="Say which students of the portfolio's class appear in an evidence item (by name, any "
        "case), or with --none that no students appear. Readiness checks their consent for the kind of "
        "evidence: video needs video consent, audio audio consent, photos and documents photo consent.",
    )
    students.add_argument("evidence_id", metavar="EVIDENCE_ID")
    students.add_argument("names", nargs="*", metavar="NAME", help="students who appear")
    students.add_argument("--none", action="store_true", help="no students appear in it")
    students.set_defaults(handler=_students, parser=students)

    klass = commands.add_parser(
        "class",
        parents=[common],
        help="say which class a portfolio's lessons were taught to",
        description="Set the class whose roster a portfolio's evidence is checked against (the class must "
        "exist: `portfolio roster import` makes it). With --none, the portfolio has no class.",
    )
    klass.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    klass.add_argument("class_name", nargs="?", metavar="CLASS_NAME")
    klass.add_argument("--none", action="store_true", help="take the portfolio's class away")
    klass.set_defaults(handler=_class, parser=klass)


def _roster_for_coach(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.coach_roster import export_coach_roster

    written = export_coach_roster(library, args.class_name, args.output)
    document = {"path": str(written.path), "class": written.class_name, "students": written.students}
    return Printed(
        f"Wrote {written.path}: {written.students} students of {written.class_name}, by pseudonym.", document
    )


def _roster_import(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.roster import import_roster

    result = import_roster(library, args.class_name, args.file).value
    made = " (new class)" if result.created_class else ""
    text = (
        f"{result.group.name}{made}: {len(result.added)} added, {len(result.updated)} updated, "
        f"{result.unchanged} unchanged."
    )
    document = {
        "class": asdict(result.group),
        "created_class": result.created_class,
        "added": [s.name for s in result.added],
        "updated": [after.name for _, after in result.updated],
        "unchanged": result.unchanged,
    }
    return Printed(text, document)


def _roster_list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.roster import get_roster, list_classes

    if args.class_name is None:
        classes = list_classes(library)
        document = [asdict(c.group) | {"students": c.student_count} for c in classes]
        if not classes:
            return Printed("No classes yet. Import a roster: portfolio roster import CLASS_NAME FILE.csv", document)
        rows = [("CLASS", "STUDENTS")] + [(c.group.name, str(c.student_count)) for c in classes]
        return Printed(table(rows), document)
    roster = get_roster(library, args.class_name)
    document = {"class": asdict(roster.group), "students": [asdict(s) for s in roster.students]}
    if not roster.students:
        return Printed(f"{roster.group.name} has no students yet.", document)

    def mark(given: bool) -> str:
        return "yes" if given else "no"

    rows = [("NAME", "VIDEO", "PHOTO", "AUDIO", "NOTE")]
    rows += [(s.name, mark(s.video), mark(s.photo), mark(s.audio), s.note) for s in roster.students]
    return Printed(table(rows), document)


def _students(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.roster import without_consent
    from portfolio_app.services.appearances import get_appearance, name_students, set_students
    from portfolio_app.services.evidence import get_evidence

    if args.none == bool(args.names):
        args.parser.error("give the NAMEs of the students who appear, or --none")
    if args.none:
        set_students(library, args.evidence_id, False)
    else:
        name_students(library, args.evidence_id, args.names)
    evidence = get_evidence(library, args.evidence_id)
    appearance = get_appearance(library, evidence.id)
    lacking = without_consent(evidence.kind, appearance.students)
    document = {
        "evidence_id": evidence.id,
        "students_appear": appearance.students_appear,
        "students": [s.name for s in appearance.students],
        "without_consent": [s.name for s in lacking],
    }
    if not appearance.students_appear:
        return Printed(f"“{evidence.title}”: no students appear.", document)
    text = f"“{evidence.title}”: {', '.join(s.name for s in appearance.students)}."
    if lacking:
        text += f" Without consent for this {evidence.kind}: {', '.join(s.name for s in lacking)}."
    return Printed(text, document)


def _class(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.appearances import portfolio_class, set_portfolio_class
    from portfolio_app.services.portfolios import get_portfolio

    if args.none == (args.class_name is not None):
        args.parser.error("give the CLASS_NAME, or --none")
    set_portfolio_class(library, args.portfolio_id, None if args.none else args.class_name)
    portfolio = get_portfolio(library, args.portfolio_id)
    group = portfolio_class(library, portfolio.id)
    document = {"portfolio_id": portfolio.id, "class": asdict(group) if group else None}
    if group is None:
        return Printed(f"“{portfolio.title}” has no class.", document)
    return Printed(f"“{portfolio.title}” was taught to {group.name}.", document)
