"""`portfolio credentials list|show|import`: the credential catalog."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Failed, Printed, table
from portfolio_app.core.errors import PortfolioError
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    credentials = commands.add_parser(
        "credentials",
        help="list, show or import credential definitions",
        description="Work with the credential catalog.",
    )
    cred_commands = credentials.add_subparsers(dest="credentials_command", metavar="ACTION", required=True)
    cred_list = cred_commands.add_parser(
        "list",
        parents=[common],
        help="list the credentials in the catalog",
        description="List the credentials in the catalog, newest version of each.",
    )
    cred_list.set_defaults(handler=_credentials_list)
    cred_show = cred_commands.add_parser(
        "show",
        parents=[common],
        help="show one credential in full",
        description="Show a credential: competency, method, parts, prompts, evidence requirements and rubric.",
    )
    cred_show.add_argument("credential_id", metavar="CREDENTIAL_ID")
    cred_show.add_argument(
        "--version", dest="credential_version", metavar="VERSION", help="a version other than the newest"
    )
    cred_show.add_argument(
        "--achievement", action="store_true", help="print it as an Open Badges 3.0 Achievement (JSON)"
    )
    cred_show.set_defaults(handler=_credentials_show)
    cred_import = cred_commands.add_parser(
        "import",
        parents=[common],
        help="add a definition file to the catalog",
        description="Add credential definition files (JSON, see "
        "docs/credential-format.md) to the catalog. Each file is all or nothing.",
    )
    cred_import.add_argument("files", nargs="+", type=Path, metavar="FILE")
    cred_import.set_defaults(handler=_credentials_import)


def _credentials_list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.catalog import list_credentials

    entries = list_credentials(library)
    document = [
        {
            "id": e.credential.id,
            "version": e.credential.version,
            "versions": list(e.versions),
            "title": e.credential.title,
            "summary": e.credential.summary,
            "stacks": list(e.credential.stacks),
            "source": e.source,
            "portfolios": e.portfolio_count,
        }
        for e in entries
    ]
    rows = [("ID", "VERSION", "PORTFOLIOS", "TITLE")]
    rows += [(e.credential.id, e.credential.version, str(e.portfolio_count), e.credential.title) for e in entries]
    return Printed(table(rows) if entries else "The catalog is empty.", document)


def _credentials_show(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.badges import achievement
    from portfolio_app.core.credential_text import credential_as_text
    from portfolio_app.services.catalog import get_credential

    credential = get_credential(library, args.credential_id, args.credential_version)
    if args.achievement:
        document = achievement(credential)
        return Printed(json.dumps(document, ensure_ascii=False, indent=2), document)
    return Printed(credential_as_text(credential), asdict(credential))


def _credentials_import(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.catalog import import_credential

    imported, failed = [], []
    for path in args.files:
        try:
            outcome = import_credential(library, path)
        except PortfolioError as exc:
            print(f"portfolio: {exc}", file=sys.stderr)
            failed.append({"file": str(path), "error": str(exc)})
            continue
        c = outcome.value
        imported.append(
            {"file": str(path), "id": c.id, "version": c.version, "title": c.title, "new": bool(outcome.changes)}
        )
    lines = [
        f"{'Imported' if i['new'] else 'Already in the catalog'}: {i['id']} {i['version']} — {i['title']}"
        for i in imported
    ]
    document = {"imported": imported, "failed": failed}
    return (Failed if failed else Printed)("\n".join(lines), document)
