"""`portfolio export`: a portfolio as a signed submission bundle."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, terminal_progress
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export",
        parents=[common],
        help="write a portfolio as a signed submission bundle (.zip)",
        description="Write the portfolio as a signed submission bundle: one ZIP holding a BagIt bag with "
        "the evidence linked to the credential's requirements (photos and videos copied without location "
        "and device details, videos over the size limit compressed), submission.json, an offline viewer "
        "(index.html) and a printable report (report.pdf), signed with your key from the system keychain. "
        "A portfolio that is not ready is refused with the list of what to do, unless --draft.",
    )
    export.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.zip", help="where to write it (a .zip, or a folder)"
    )
    export.add_argument("--draft", action="store_true", help="export even if not ready; the bundle says it is a draft")
    export.set_defaults(handler=_export)


def _export(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.services.export import NotReadyError, export_portfolio

    try:
        info = export_portfolio(
            library, args.portfolio_id, args.output, draft=args.draft, progress=terminal_progress(args, "Exporting")
        ).value
    except NotReadyError as exc:
        raise InvalidInputError(f"{exc}\nTo export it anyway, as a draft that says so, add --draft.") from exc
    document = {
        "path": str(info.path),
        "size_bytes": info.size_bytes,
        "files": info.payload_files,
        "draft": info.draft,
        "fingerprint": info.fingerprint,
        "public_key": info.public_key,
    }
    kind = "Draft bundle" if info.draft else "Bundle"
    text = f"{kind} written: {info.path}\nSigned by key {info.fingerprint}"
    return Printed(text, document)
