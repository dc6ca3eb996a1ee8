"""`portfolio schemes list|show|import|key`: the coding schemes coaches observe with."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, table
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    schemes = commands.add_parser(
        "schemes",
        help="list, show or import observation coding schemes",
        description="Work with the coding schemes a coach observes a lesson with (COPUS, look-fors of each "
        "credential, the coaching cycle, and imported ones).",
    )
    actions = schemes.add_subparsers(dest="schemes_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="list the coding schemes",
        description="List every coding scheme: built in, look-fors derived from each credential's rubric, "
        "and imported ones, with how many codes each has and whether it is coded per interval.",
    )
    listing.set_defaults(handler=_list)
    show = actions.add_parser(
        "show",
        parents=[common],
        help="show a scheme's groups and codes with their keys",
        description="Show a scheme: its groups, and each code's id, key, kind and label.",
    )
    show.add_argument("scheme_id", metavar="SCHEME_ID")
    show.set_defaults(handler=_show)
    importing = actions.add_parser(
        "import",
        parents=[common],
        help="add a coding scheme file",
        description="Add a coding scheme (JSON, see docs/scheme-format.md). The file is checked in full and "
        "added whole or not at all; a broken file is reported with the field at fault.",
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.set_defaults(handler=_import)
    key = actions.add_parser(
        "key",
        parents=[common],
        help="give a code another key",
        description="Give one code of a scheme another key for new observations: one printable character "
        "or F1 to F12 (never Home, End or Page Up/Down, which many laptops lack).",
    )
    key.add_argument("scheme_id", metavar="SCHEME_ID")
    key.add_argument("code_id", metavar="CODE_ID")
    key.add_argument("key", metavar="KEY")
    key.set_defaults(handler=_key)


def _list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.schemes import list_schemes

    entries = list_schemes(library)
    document = [
        {
            "id": e.scheme.id,
            "version": e.scheme.version,
            "title": e.scheme.title,
            "source": e.source,
            "codes": len(e.scheme.codes),
            "interval_seconds": e.scheme.interval_seconds,
        }
        for e in entries
    ]
    rows = [("ID", "SOURCE", "CODES", "INTERVAL", "TITLE")]
    rows += [
        (
            e.scheme.id,
            e.source,
            str(len(e.scheme.codes)),
            f"{e.scheme.interval_seconds} s" if e.scheme.interval_seconds else "-",
            e.scheme.title,
        )
        for e in entries
    ]
    return Printed(table(rows), document)


def _show(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.scheme import scheme_document
    from portfolio_app.services.schemes import get_scheme

    scheme = get_scheme(library, args.scheme_id)
    lines = [f"{scheme.title} ({scheme.id}, version {scheme.version})"]
    if scheme.description:
        lines.append(scheme.description)
    lines.append(
        f"Coded per {scheme.interval_seconds}-second interval." if scheme.interval_seconds else "Coded continuously."
    )
    for group in scheme.groups:
        lines.append("")
        lines.append(f"{group.label}{' (one at a time)' if group.exclusive else ''}")
        rows = [("ID", "KEY", "KIND", "LABEL")]
        rows += [(c.id, c.key, str(c.kind), c.label) for c in scheme.codes_of(group.id)]
        lines.append(table(rows))
    return Printed("\n".join(lines), scheme_document(scheme))


def _import(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.scheme import scheme_document
    from portfolio_app.services.schemes import import_scheme

    outcome = import_scheme(library, args.file)
    scheme = outcome.value
    said = "Imported" if outcome.changes else "Already imported:"
    return Printed(f"{said} {scheme.title} ({scheme.id}, {len(scheme.codes)} codes).", scheme_document(scheme))


def _key(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.schemes import remap_key

    scheme = remap_key(library, args.scheme_id, args.code_id, args.key).value
    code = scheme.code(args.code_id)
    return Printed(f"{code.id} ({code.label}) is now on the key {code.key!r}.", {"code": code.id, "key": code.key})
