"""`portfolio badges import|list|export|verify|stacks`: the teacher's shelf of Open Badges 3.0 credentials."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Failed, Printed, table
from portfolio_app.core.errors import PortfolioError
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    badges = commands.add_parser(
        "badges",
        help="verify, import, list and export Open Badges 3.0 credentials",
        description="The badges you have earned: Open Badges 3.0 credentials as .json, or baked into .png or .svg.",
    )
    actions = badges.add_subparsers(dest="badges_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify",
        parents=[common],
        help="check a badge file offline",
        description="Check a badge (.json, .png or .svg) offline: its signature, its issuer's key, its dates, and "
        "who the issuer is according to your trust lists. A .zip is the feedback with its badge: the file and the "
        "decision in it are checked too, and the badge must be the one that decision earned. Exits 1 when it does "
        "not verify or does not match.",
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--bundle", type=Path, metavar="BUNDLE", help="also require the badge to name this bundle")
    verify.add_argument("--email", metavar="ADDRESS", help="also require the badge to be for this email address")
    verify.set_defaults(handler=_verify)
    imported = actions.add_parser(
        "import",
        parents=[common],
        help="put badge files on your shelf",
        description="Verify badge files (.json, .png or .svg) and keep them in your library. Each file is all or "
        "nothing; a badge already on the shelf stays as it is. A .zip is the feedback that earned a badge, with "
        "the badge: its decision is kept with the attempt it answers too, as `feedback import` does.",
    )
    imported.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imported.set_defaults(handler=_import)
    listed = actions.add_parser(
        "list", parents=[common], help="list the badges on your shelf", description="List your badges, newest first."
    )
    listed.set_defaults(handler=_list)
    export = actions.add_parser(
        "export",
        parents=[common],
        help="save a badge to upload it elsewhere",
        description="Save a badge from your shelf as .json, or baked into a .png or .svg image, "
        "for a wallet or a state's licensing system.",
    )
    export.add_argument("badge_id", metavar="BADGE_ID", help="the badge's id, as `portfolio badges list` shows it")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.json, .png or .svg")
    export.set_defaults(handler=_export)
    stacks = actions.add_parser(
        "stacks",
        parents=[common],
        help="show your progress through the catalog's stacks",
        description="Show each stack of credentials with every credential earned, in progress or not started.",
    )
    stacks.set_defaults(handler=_stacks)


def _verify(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badges import verify_badge_file

    check = verify_badge_file(library, args.file, bundle=args.bundle, email=args.email)
    badge = check.badge
    lines = [
        f"Valid: {badge.name}",
        f"Issued by {badge.issuer_name or 'an unnamed issuer'} ({check.issuer.text})",
        f"Issuer key: {badge.issuer_fingerprint}",
        f"Valid from {badge.valid_from}" + (f" until {badge.valid_until}" if badge.valid_until else ""),
    ]
    problems = []
    if check.bundle_matches is not None:
        lines.append(f"Bundle {args.bundle.name}: " + ("named by the badge" if check.bundle_matches else "NOT named"))
        if not check.bundle_matches:
            problems.append(f"the badge does not name the bundle {args.bundle.name}")
    if check.email_matches is not None:
        lines.append(f"Recipient {args.email}: " + ("matches" if check.email_matches else "does NOT match"))
        if not check.email_matches:
            problems.append(f"the badge is not for {args.email}")
    document = {
        "valid": not problems,
        "badge": asdict(badge),
        "issuer": asdict(check.issuer),
        "bundle_matches": check.bundle_matches,
        "email_matches": check.email_matches,
        "problems": problems,
    }
    for problem in problems:
        print(f"portfolio: {args.file.name}: {problem}", file=sys.stderr)
    return (Failed if problems else Printed)("\n".join(lines), document)


def _import(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badges import import_badge_file

    imported, failed = [], []
    for path in args.files:
        try:
            outcome = import_badge_file(library, path)
        except PortfolioError as exc:
            print(f"portfolio: {exc}", file=sys.stderr)
            failed.append({"file": str(path), "error": str(exc)})
            continue
        imported.append(
            {"file": str(path), "id": outcome.value.id, "name": outcome.value.name, "new": bool(outcome.changes)}
        )
    lines = [f"{'Imported' if i['new'] else 'Already on the shelf'}: {i['name']} ({i['id']})" for i in imported]
    return (Failed if failed else Printed)("\n".join(lines), {"imported": imported, "failed": failed})


def _list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badges import list_badges

    badges = list_badges(library)
    rows = [("ID", "ISSUED", "ISSUER", "BADGE")]
    rows += [(b.id, b.valid_from[:10], b.issuer_name, b.name) for b in badges]
    text = table(rows) if badges else "No badges yet: `portfolio badges import FILE` puts one on the shelf."
    return Printed(text, [asdict(b) for b in badges])


def _export(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badges import export_badge

    path = export_badge(library, args.badge_id, args.output)
    return Printed(f"Badge written: {path}", {"path": str(path)})


def _stacks(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badges import list_stack_progress

    progress = list_stack_progress(library)
    lines = []
    for p in progress:
        lines.append(f"{p.stack.title}: {p.earned} of {len(p.steps)} earned")
        lines += [f"  [{s.status.value}] {s.title}" for s in p.steps]
    document = [
        {
            "id": p.stack.id,
            "title": p.stack.title,
            "earned": p.earned,
            "complete": p.complete,
            "credentials": [{"id": s.credential_id, "title": s.title, "status": s.status.value} for s in p.steps],
        }
        for p in progress
    ]
    return Printed("\n".join(lines) or "The catalog has no stacks.", document)
