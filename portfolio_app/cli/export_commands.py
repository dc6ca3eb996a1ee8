"""`portfolio export`: a portfolio as a signed submission bundle; `portfolio profile`: who signs it."""

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

    profile = commands.add_parser(
        "profile",
        parents=[common],
        help="show or set your name and email (they go on every bundle you sign)",
        description="Without options, prints your name and email. With --name and --email, saves them: "
        "they are written into every bundle you export, beside your key's fingerprint.",
    )
    profile.add_argument("--name", metavar="TEXT", help="your name as reviewers should see it")
    profile.add_argument("--email", metavar="ADDRESS", help="where reviewers can reach you")
    profile.set_defaults(handler=_profile)


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


def _profile(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.services.profile import get_profile, save_profile

    if (args.name is None) != (args.email is None):
        raise InvalidInputError("Give both --name and --email to set your profile, or neither to see it.")
    if args.name is not None:
        profile = save_profile(library, args.name, args.email).value
    else:
        profile = get_profile(library)
        if profile is None:
            raise InvalidInputError('No profile yet: portfolio profile --name "Your Name" --email you@school.org')
    return Printed(f"{profile.name} <{profile.email}>", {"name": profile.name, "email": profile.email})
