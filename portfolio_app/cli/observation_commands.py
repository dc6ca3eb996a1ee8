"""`portfolio observation …`: a coach's observation from a terminal (scripts, tests, catching up)."""

from __future__ import annotations

import argparse

from portfolio_app.cli.output import Printed, table
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    observation = commands.add_parser(
        "observation",
        help="start, code, rate, export, compare and sign classroom observations",
        description="A coach's in-room observations: coded events against a scheme, notes, ratings.",
    )
    actions = observation.add_subparsers(dest="observation_command", metavar="ACTION", required=True)

    new = actions.add_parser(
        "new",
        parents=[common],
        help="start an observation and print its id",
        description="Start an observation with a copy of a coding scheme (see `portfolio schemes list`) and "
        "print its id. Interval mode when the scheme has intervals (COPUS), continuous otherwise.",
    )
    new.add_argument("--scheme", required=True, metavar="SCHEME_ID", help="the coding scheme")
    new.add_argument("--title", required=True, metavar="TEXT", help="e.g. “Period 3, fractions”")
    new.add_argument("--mode", choices=["continuous", "interval"], help="how codes are logged")
    new.add_argument("--observer", metavar="NAME", help="who observes (default: your profile's name)")
    new.add_argument("--teacher", default="", metavar="NAME", help="whose lesson it is")
    new.add_argument("--lesson", default="", metavar="TEXT", help="the lesson")
    new.add_argument("--class", dest="class_name", metavar="CLASS_NAME", help="the class roster students come from")
    new.add_argument("--portfolio", metavar="PORTFOLIO_ID", help="the portfolio whose rubric may be rated")
    new.set_defaults(handler=_new)

    code = actions.add_parser(
        "code",
        parents=[common],
        help="log a code at a moment",
        description="Log CODE at --at seconds: in interval mode it ticks that interval; otherwise a point "
        "code logs the moment and a state code is switched on (or off, when it is on), unless --end is given.",
    )
    code.add_argument("observation_id", metavar="OBS_ID")
    code.add_argument("code", metavar="CODE", help="a code id from `portfolio schemes show`")
    code.add_argument("--at", type=float, required=True, metavar="SECONDS", help="when, from the start")
    code.add_argument("--end", type=float, metavar="SECONDS", help="when a state ended")
    code.add_argument("--student", metavar="NAME", help="the student it concerns (class roster)")
    code.set_defaults(handler=_code)

    note = actions.add_parser(
        "note",
        parents=[common],
        help="add a timestamped note",
        description="Add a low-inference note at --at seconds.",
    )
    note.add_argument("observation_id", metavar="OBS_ID")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--at", type=float, required=True, metavar="SECONDS", help="when, from the start")
    note.set_defaults(handler=_note)

    rate = actions.add_parser(
        "rate",
        parents=[common],
        help="rate a rubric criterion",
        description="Give a rubric criterion of the observation's credential a level, with a note: it stands "
        "beside the teacher's self-assessment once the teacher imports the signed observation.",
    )
    rate.add_argument("observation_id", metavar="OBS_ID")
    rate.add_argument("criterion", metavar="CRITERION")
    rate.add_argument("level", metavar="LEVEL")
    rate.add_argument("--note", default="", metavar="TEXT", help="why this level")
    rate.set_defaults(handler=_rate)

    listing = actions.add_parser(
        "list", parents=[common], help="list observations", description="List observations, newest first."
    )
    listing.set_defaults(handler=_list)

    show = actions.add_parser(
        "show",
        parents=[common],
        help="show an observation's events, notes and ratings",
        description="Show an observation: who, which scheme, counts per code, events, notes and ratings.",
    )
    show.add_argument("observation_id", metavar="OBS_ID")
    show.set_defaults(handler=_show)
    register_more(actions, common)


def register_more(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Subcommands that read a finished observation: export, agreement, sign."""
    from portfolio_app.cli import observation_output

    observation_output.register(actions, common)


def _new(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.observation import Mode
    from portfolio_app.services.observations import new_observation

    observation = new_observation(
        library,
        args.scheme,
        args.title,
        mode=Mode(args.mode) if args.mode else None,
        observer=args.observer,
        teacher=args.teacher,
        lesson=args.lesson,
        class_name=args.class_name,
        portfolio_id=args.portfolio,
    ).value
    return Printed(observation.id, {"id": observation.id, "scheme": observation.scheme.id, "mode": observation.mode})


def _code(library: Library, args: argparse.Namespace) -> Printed:
    from dataclasses import asdict

    from portfolio_app.services.observations import code_event

    coded = code_event(library, args.observation_id, args.code, args.at, end=args.end, student=args.student).value
    event = coded.event
    if event.interval_index is not None:
        text = f"{event.code_id} ticked in interval {event.interval_index + 1}."
    elif event.end_s is None:
        text = f"{event.code_id} at {event.start_s:g} s."
    else:
        text = f"{event.code_id} from {event.start_s:g} s to {event.end_s:g} s."
    document = {"event": asdict(event), "created": coded.created, "closed": [asdict(e) for e in coded.closed]}
    return Printed(text, document)


def _note(library: Library, args: argparse.Namespace) -> Printed:
    from dataclasses import asdict

    from portfolio_app.services.observations import add_note

    note = add_note(library, args.observation_id, args.at, args.text).value
    return Printed(f"Note at {note.at_s:g} s.", asdict(note))


def _rate(library: Library, args: argparse.Namespace) -> Printed:
    from dataclasses import asdict

    from portfolio_app.services.observations import rate

    rating = rate(library, args.observation_id, args.criterion, args.level, args.note).value
    return Printed(f"{rating.criterion_id}: {rating.level_id}.", asdict(rating))


def _list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.observations import list_observations

    found = list_observations(library)
    document = [
        {
            "id": s.observation.id,
            "title": s.observation.title,
            "scheme": s.observation.scheme.id,
            "mode": s.observation.mode,
            "teacher": s.observation.teacher,
            "observer": s.observation.observer,
            "events": s.events,
            "notes": s.notes,
            "created_at": s.observation.created_at,
        }
        for s in found
    ]
    if not found:
        return Printed("No observations yet. Start one: portfolio observation new --scheme copus --title TEXT", [])
    rows = [("ID", "SCHEME", "EVENTS", "NOTES", "TITLE")]
    rows += [
        (s.observation.id, s.observation.scheme.id, str(s.events), str(s.notes), s.observation.title) for s in found
    ]
    return Printed(table(rows), document)


def _show(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.bundle.observation.table import record_document
    from portfolio_app.core.observation import clock_text
    from portfolio_app.core.observation_summary import summarize
    from portfolio_app.services.observations import get_record

    record = get_record(library, args.observation_id)
    o = record.observation
    summary = summarize(record)
    lines = [f"{o.title} ({o.id})", f"Scheme: {o.scheme.title}, {o.mode}; observer: {o.observer or '-'}"]
    if o.teacher or o.lesson:
        lines.append(f"Teacher: {o.teacher or '-'}; lesson: {o.lesson or '-'}")
    lines.append("")
    rows = [("CODE", "COUNT", "SHARE", "LABEL")]
    rows += [(c.code.id, str(c.count), f"{c.share * 100:.0f}%", c.code.label) for c in summary.codes if c.count]
    lines.append(table(rows) if len(rows) > 1 else "No events yet.")
    if record.notes:
        lines.append("")
        lines += [f"{clock_text(n.at_s)}  {n.text}" for n in record.notes]
    if record.ratings:
        lines.append("")
        lines += [f"{r.criterion_id}: {r.level_id}{' — ' + r.note if r.note else ''}" for r in record.ratings]
    for r in record.recordings:
        length = clock_text(r.duration_s) if r.duration_s is not None else "?"
        lines.append(f"Recording: {r.name} ({length}, from {clock_text(r.starts_at_s)}; sha256 {r.blob[:12]}…)")
    document = record_document(record)
    document["recordings"] = [
        {"name": r.name, "sha256": r.blob, "starts_at_s": r.starts_at_s, "duration_s": r.duration_s}
        for r in record.recordings
    ]
    return Printed("\n".join(lines), document)
