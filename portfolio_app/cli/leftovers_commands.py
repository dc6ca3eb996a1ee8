"""`portfolio gc`: remove what nothing needs any more, and say how much it freed."""

from __future__ import annotations

import argparse

from portfolio_app.cli.output import Printed
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    gc = commands.add_parser(
        "gc",
        parents=[common],
        help="remove leftovers: unused media files, temp files, unfinished exports",
        description="Remove what nothing needs any more: media files that no evidence (in the trash "
        "included) names, temp files of programs that ended, the .part files of exports that were "
        "interrupted, and old copies opened in the system viewer. Safe while the window or another "
        "command uses the library: what a running program may still need is kept. Prints what it freed.",
    )
    gc.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    gc.set_defaults(handler=_gc)


def _gc(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.text import size_text
    from portfolio_app.services.leftovers import collect_leftovers

    report = collect_leftovers(library, dry_run=args.dry_run).value
    document = {
        "dry_run": report.dry_run,
        "freed_bytes": report.total_bytes,
        "unused_media": {"files": report.blobs.files, "bytes": report.blobs.bytes},
        "temp_files": {"files": report.temp_files.files, "bytes": report.temp_files.bytes},
        "unfinished_exports": {"files": list(report.partial_exports), "bytes": report.partial_bytes},
        "viewer_copies": {"files": report.viewer_copies.files, "bytes": report.viewer_copies.bytes},
    }
    verb = "Would free" if report.dry_run else "Freed"
    lines = [f"{verb} {size_text(report.total_bytes)}:"]
    lines.append(f"  {report.blobs.files} unused media files ({size_text(report.blobs.bytes)})")
    lines.append(f"  {report.temp_files.files} temp files of ended programs ({size_text(report.temp_files.bytes)})")
    lines.append(f"  {len(report.partial_exports)} unfinished exports ({size_text(report.partial_bytes)})")
    lines += [f"    {path}" for path in report.partial_exports]
    lines.append(f"  {report.viewer_copies.files} old viewer copies ({size_text(report.viewer_copies.bytes)})")
    return Printed("\n".join(lines), document)
