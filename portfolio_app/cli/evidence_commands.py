"""`portfolio import`, `trim` and `compress`: evidence files and their edits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portfolio_app.cli.output import Failed, Printed, evidence_json, terminal_progress
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
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


def _import(library: Library, args: argparse.Namespace) -> Printed:
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
        "imported": [evidence_json(e) for e in report.imported],
        "already_there": [evidence_json(e) for e in report.already_there],
        "failed": [{"file": str(f.path or f.name), "error": f.message} for f in report.failed],
    }
    lines = [e.id for e in report.imported]
    lines += [f"{e.id} (already in this portfolio: {e.original_name})" for e in report.already_there]
    return (Failed if report.failed else Printed)("\n".join(lines), document)


def _trim(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.edits import trim_evidence

    made = trim_evidence(library, args.evidence_id, args.start, args.end, terminal_progress(args, "Trimming")).value
    return Printed(made.id, evidence_json(made))


def _compress(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.edits import compress_evidence

    made = compress_evidence(
        library, args.evidence_id, args.max_mb, args.height, terminal_progress(args, "Compressing")
    ).value
    return Printed(made.id, evidence_json(made))
