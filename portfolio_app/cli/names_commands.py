"""`portfolio names`: students' names in what a bundle would carry, and every fix for them."""

from __future__ import annotations

import argparse

from portfolio_app.cli.output import Printed, table, terminal_progress
from portfolio_app.services.library import Library

_SPOT = (
    "SPOT is the place `portfolio names list` shows: portfolio:title, evidence:ID:title, evidence:ID:note, "
    "evidence:ID:page:N (a PDF page's text), evidence:ID:metadata, tag:ID, response:PROMPT_ID, "
    "assessment:CRITERION_ID."
)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    names = commands.add_parser(
        "names",
        help="find students' names in what a bundle would carry, and fix them",
        description="Students' names from the class rosters (first names or pseudonyms, and full names you add) "
        "in evidence titles and notes, tag notes, answers, reasons, the text of PDFs and descriptions inside "
        "photos and recordings: each is a checklist item that blocks a non-draft export until fixed. "
        "The teacher's own name is never one. " + _SPOT,
    )
    actions = names.add_subparsers(dest="names_command", metavar="ACTION", required=True)

    listing = actions.add_parser(
        "list",
        parents=[common],
        help="list the names found and the files to confirm",
        description="List each student's name found (its SPOT and the name) and each submitted photo, "
        "document or recording whose names you have not confirmed covered. Exit 1 when there are any.",
    )
    listing.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    listing.set_defaults(handler=_list)

    replacing = actions.add_parser(
        "replace",
        parents=[common],
        help="replace the names at one place with the student's pseudonym or “Student A”",
        description="Replace every student's name at SPOT (or only NAME, with --name) with the student's "
        "pseudonym, or “Student A”, “Student B”… by their place on the class roster; --with TEXT puts TEXT "
        "instead. " + _SPOT,
    )
    replacing.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    replacing.add_argument("spot", metavar="SPOT")
    replacing.add_argument("--name", help="only this name")
    replacing.add_argument("--with", dest="replacement", metavar="TEXT", help="put TEXT in the name's place")
    replacing.set_defaults(handler=_replace)

    renaming = actions.add_parser(
        "rename",
        parents=[common],
        help="write new text at one place (a new title, a reworded note)",
        description="Put TEXT at SPOT: a new title for evidence or the portfolio, or a new note, answer or "
        "reason. " + _SPOT,
    )
    renaming.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    renaming.add_argument("spot", metavar="SPOT")
    renaming.add_argument("text", metavar="TEXT")
    renaming.set_defaults(handler=_rename)

    redacting = actions.add_parser(
        "redact",
        parents=[common],
        help="black out the names on a PDF page, as a redacted copy in the original's place",
        description="Find every student's name in the text of a PDF page (SPOT evidence:ID:page:N) and make a "
        "redacted copy with each one blacked out; every page becomes a picture, so no text survives. The copy "
        "takes the original's tags and requirement link. Prints the copy's evidence id.",
    )
    redacting.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    redacting.add_argument("spot", metavar="SPOT")
    redacting.set_defaults(handler=_redact)

    dismissing = actions.add_parser(
        "dismiss",
        parents=[common],
        help="say a word at one place is not a student's name",
        description="Remember that NAME at SPOT is not a student's name (a Grace who is a song, a May that is "
        "the month). Only for that place: the same word anywhere else is still checked. --undo forgets it.",
    )
    dismissing.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    dismissing.add_argument("spot", metavar="SPOT")
    dismissing.add_argument("name", metavar="NAME")
    dismissing.add_argument("--undo", action="store_true", help="check it again")
    dismissing.set_defaults(handler=_dismiss)

    confirming = actions.add_parser(
        "confirm",
        parents=[common],
        help="confirm the names in a photo, document or recording are covered",
        description="Confirm that you checked evidence for names the app cannot read (handwriting on student "
        "work, text inside office files, names said aloud) and covered or cut them. --undo takes it back.",
    )
    confirming.add_argument("evidence_ids", nargs="+", metavar="EVIDENCE_ID")
    confirming.add_argument("--undo", action="store_true", help="take the confirmation back")
    confirming.set_defaults(handler=_confirm)

    student = actions.add_parser(
        "student",
        parents=[common],
        help="give a student a pseudonym and the full names to look for",
        description="Set the pseudonym that replaces STUDENT's name in what leaves the laptop, and the full "
        "names to look for besides the roster name (e.g. --full-name 'Maya Rossi'). STUDENT is a name on the "
        "class roster CLASS_NAME. Without options, shows what is set.",
    )
    student.add_argument("class_name", metavar="CLASS_NAME")
    student.add_argument("student", metavar="STUDENT")
    student.add_argument("--pseudonym", help="what replaces the student's name")
    student.add_argument("--full-name", action="append", dest="full_names", metavar="NAME", help="(repeatable)")
    student.set_defaults(handler=_student)


def _list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.cli.output import Failed
    from portfolio_app.services.names import name_findings

    items = name_findings(library, args.portfolio_id)
    document = {
        "portfolio_id": args.portfolio_id,
        "items": [
            {
                "rule": str(i.rule),
                "spot": i.spot,
                "name": i.name,
                "target": i.target,
                "message": i.message,
                "fix": i.fix,
            }
            for i in items
        ],
    }
    if not items:
        return Printed("No students' names found, and every file's names are confirmed covered.", document)
    rows = [("SPOT", "NAME", "WHAT")] + [(i.spot, i.name or "-", i.message) for i in items]
    return Failed(table(rows), document)


def _edit_printed(edit) -> Printed:
    return Printed(f"{edit.spot}: {edit.after}", {"spot": edit.spot, "before": edit.before, "after": edit.after})


def _replace(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.names import replace_name

    return _edit_printed(replace_name(library, args.portfolio_id, args.spot, args.name, args.replacement).value)


def _rename(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.names import set_spot_text

    return _edit_printed(set_spot_text(library, args.portfolio_id, args.spot, args.text).value)


def _redact(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.names import redact_names

    copy = redact_names(library, args.portfolio_id, args.spot, terminal_progress(args, "Redacting")).value
    document = {"id": copy.evidence.id, "derived_from": copy.evidence.derived_from, "boxes": copy.boxes}
    return Printed(copy.evidence.id, document)


def _dismiss(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.names import dismiss_name

    dismiss_name(library, args.portfolio_id, args.spot, args.name, not args.undo)
    text = f"{args.spot}: “{args.name}” is {'checked again' if args.undo else 'not a student’s name there'}."
    return Printed(text, {"spot": args.spot, "name": args.name, "dismissed": not args.undo})


def _confirm(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.names import confirm_names_covered

    for evidence_id in args.evidence_ids:
        confirm_names_covered(library, evidence_id, not args.undo)
    state = "not confirmed" if args.undo else "names covered"
    return Printed(
        f"{len(args.evidence_ids)} item(s): {state}.", {"evidence_ids": args.evidence_ids, "covered": not args.undo}
    )


def _student(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.names import set_student_names, student_names
    from portfolio_app.services.roster import find_class, students_named

    group = find_class(library, args.class_name)
    student = students_named(library, group.id, [args.student])[0]
    pseudonym, full = student_names(library, student.id)
    if args.pseudonym is not None or args.full_names is not None:
        set_student_names(
            library,
            student.id,
            pseudonym if args.pseudonym is None else args.pseudonym,
            full if args.full_names is None else args.full_names,
        )
        pseudonym, full = student_names(library, student.id)
    document = {"student": student.name, "class": group.name, "pseudonym": pseudonym, "full_names": list(full)}
    text = f"{student.name}: pseudonym “{pseudonym or '(Student letter)'}”; full names: {', '.join(full) or 'none'}."
    return Printed(text, document)
