"""`portfolio`: the app's use cases from a terminal. With no subcommand it opens the window.

Exit codes: 0 success, 1 the operation failed or the input is invalid (message on stderr),
2 usage errors (argparse). `--json` prints exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from portfolio_app import APP_NAME, __version__
from portfolio_app.core.errors import PortfolioError
from portfolio_app.services.library import Library, open_library

Handler = Callable[[Library, argparse.Namespace], Any]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", help="library folder (default: $PORTFOLIO_DATA_DIR or the user data folder)"
    )
    common.add_argument("--json", action="store_true", help="print one JSON document instead of text")

    parser = argparse.ArgumentParser(
        prog="portfolio",
        description=f"{APP_NAME}: evidence, self-assessment and signed submissions for micro-credentials. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"portfolio {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="library folder for the window")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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

    new = commands.add_parser(
        "new",
        parents=[common],
        help="start a portfolio on a credential",
        description="Start a portfolio on a credential and print its id.",
    )
    new.add_argument("credential_id", metavar="CREDENTIAL_ID")
    new.add_argument("--title", required=True, help="the portfolio's title")
    new.add_argument(
        "--version", dest="credential_version", metavar="VERSION", help="a credential version other than the newest"
    )
    new.add_argument("--resubmits", metavar="PORTFOLIO_ID", help="the denied attempt this one resubmits")
    new.set_defaults(handler=_new)

    importing = commands.add_parser(
        "import",
        parents=[common],
        help="add files or folders to a portfolio as evidence",
        description="Import video, audio, photos and documents into a portfolio, and print the new evidence "
        "ids. Folders are searched for files the app can use. A file that cannot be used is reported and "
        "the others still import; the exit code is then 1.",
    )
    importing.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importing.set_defaults(handler=_import)

    trim = commands.add_parser(
        "trim",
        parents=[common],
        help="cut a clip out of a video or recording, as new evidence",
        description="Cut the part of a video or audio recording between --start and --end (seconds) into "
        "new evidence, frame-accurately, re-encoded as H.264/AAC. The original stays as it is. Prints the "
        "new evidence id.",
    )
    trim.add_argument("evidence_id", metavar="EVIDENCE_ID")
    trim.add_argument("--start", type=float, required=True, metavar="SECONDS", help="where the clip begins")
    trim.add_argument("--end", type=float, required=True, metavar="SECONDS", help="where the clip ends")
    trim.set_defaults(handler=_trim)

    compress = commands.add_parser(
        "compress",
        parents=[common],
        help="make a smaller H.264/AAC copy of a video, as new evidence",
        description="Re-encode a video as H.264/AAC no taller than --height pixels and, with --max-mb, no "
        "larger than that many megabytes (for a credential's upload limit). The original stays as it is. "
        "Prints the new evidence id.",
    )
    compress.add_argument("evidence_id", metavar="EVIDENCE_ID")
    compress.add_argument("--max-mb", type=float, metavar="N", help="the largest the copy may be, in megabytes")
    compress.add_argument("--height", type=int, default=720, metavar="PIXELS", help="picture height (default 720)")
    compress.set_defaults(handler=_compress)

    listing = commands.add_parser(
        "list",
        parents=[common],
        help="list your portfolios",
        description="List your portfolios, grouped by credential.",
    )
    listing.add_argument("--trash", action="store_true", help="list deleted portfolios instead")
    listing.set_defaults(handler=_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from portfolio_app.ui.app import run_app  # Qt is loaded only for the window

        return run_app(args.data_dir)
    try:
        library = open_library(args.data_dir)
        try:
            result = args.handler(library, args)
        finally:
            library.close()
    except PortfolioError as exc:
        print(f"portfolio: {exc}", file=sys.stderr)
        return 1
    if isinstance(result, _Failed):  # partly done: what worked still goes to stdout
        if args.json:
            _print_json(result.document)
        elif result.text:
            print(result.text)
        return 1
    if args.json:
        _print_json(result.document if isinstance(result, _Printed) else result)
    elif isinstance(result, _Printed):
        print(result.text)
    return 0


class _Printed:
    """A result with its human text and its JSON document."""

    def __init__(self, text: str, document: Any):
        self.text = text
        self.document = document


class _Failed(_Printed):
    """Partly failed (some files of several): errors are already on stderr."""


def _print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _credentials_list(library: Library, args: argparse.Namespace) -> _Printed:
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
    return _Printed(_table(rows) if entries else "The catalog is empty.", document)


def _credentials_show(library: Library, args: argparse.Namespace) -> _Printed:
    from portfolio_app.core.badges import achievement
    from portfolio_app.core.credential_text import credential_as_text
    from portfolio_app.services.catalog import get_credential

    credential = get_credential(library, args.credential_id, args.credential_version)
    if args.achievement:
        document = achievement(credential)
        return _Printed(json.dumps(document, ensure_ascii=False, indent=2), document)
    return _Printed(credential_as_text(credential), asdict(credential))


def _credentials_import(library: Library, args: argparse.Namespace) -> _Printed:
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
    return (_Failed if failed else _Printed)("\n".join(lines), document)


def _new(library: Library, args: argparse.Namespace) -> _Printed:
    from portfolio_app.services.portfolios import create_portfolio

    portfolio = create_portfolio(
        library, args.credential_id, args.title, version=args.credential_version, resubmits=args.resubmits
    ).value
    return _Printed(portfolio.id, asdict(portfolio))


def _import(library: Library, args: argparse.Namespace) -> _Printed:
    from portfolio_app.services.evidence import import_files

    def progress(done: int, total: int, name: str) -> None:
        if name and not args.json and sys.stderr.isatty():
            print(f"\r[{done + 1}/{total}] {name[:60]:<60}", end="", file=sys.stderr, flush=True)

    report = import_files(library, args.portfolio_id, args.files, progress).value
    if sys.stderr.isatty() and not args.json:
        print("\r" + " " * 72 + "\r", end="", file=sys.stderr)
    for failure in report.failed:
        print(f"portfolio: {failure.message}", file=sys.stderr)
    document = {
        "imported": [_evidence_json(e) for e in report.imported],
        "already_there": [_evidence_json(e) for e in report.already_there],
        "failed": [{"file": str(f.path), "error": f.message} for f in report.failed],
    }
    lines = [e.id for e in report.imported]
    lines += [f"{e.id} (already in this portfolio: {e.original_name})" for e in report.already_there]
    return (_Failed if report.failed else _Printed)("\n".join(lines), document)


def _terminal_progress(args: argparse.Namespace, what: str):
    """A progress callback that draws on stderr when it is a terminal, else nothing."""
    if args.json or not sys.stderr.isatty():
        return None

    def report(fraction: float) -> None:
        print(f"\r{what} {fraction * 100:5.1f}%", end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)

    return report


def _trim(library: Library, args: argparse.Namespace) -> _Printed:
    from portfolio_app.services.edits import trim_evidence

    made = trim_evidence(library, args.evidence_id, args.start, args.end, _terminal_progress(args, "Trimming")).value
    return _Printed(made.id, _evidence_json(made))


def _compress(library: Library, args: argparse.Namespace) -> _Printed:
    from portfolio_app.services.edits import compress_evidence

    made = compress_evidence(
        library, args.evidence_id, args.max_mb, args.height, _terminal_progress(args, "Compressing")
    ).value
    return _Printed(made.id, _evidence_json(made))


def _evidence_json(evidence) -> dict:
    return asdict(evidence)


def _list(library: Library, args: argparse.Namespace) -> _Printed:
    from portfolio_app.services.portfolios import list_portfolios

    summaries = list_portfolios(library, deleted=args.trash)
    document = [
        asdict(s.portfolio)
        | {"credential_title": s.credential_title, "evidence": s.evidence_count, "tags": s.tag_count}
        for s in summaries
    ]
    if not summaries:
        empty = (
            "The trash is empty."
            if args.trash
            else "No portfolios yet. Start one with `portfolio new CREDENTIAL_ID --title TEXT`."
        )
        return _Printed(empty, document)
    lines: list[str] = []
    group = None
    for s in summaries:
        if s.credential_title != group:
            group = s.credential_title
            lines.append(("" if not lines else "\n") + f"{group}")
        p = s.portfolio
        lines.append(
            f"  {p.id}  {p.title}  ({p.status}, attempt {p.attempt}, "
            f"{s.evidence_count} evidence, {s.tag_count} tags, updated {p.updated_at[:10]})"
        )
    return _Printed("\n".join(lines), document)


def _table(rows: list[tuple[str, ...]]) -> str:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)] + [r[-1]]) for r in rows)
