"""`portfolio retention`: how long media that shows students stays on this computer, and removing it."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from portfolio_app.cli.output import Printed, table
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    retention = commands.add_parser(
        "retention",
        parents=[common],
        help="set how long media that shows students is kept, and remove what is due",
        description="Show the library's retention rule, what it removes now and what it will remove in the "
        "coming week. --days N (or --days keep, the default) and --after earned|exported set the rule: media "
        "that shows students is removed N days after the credential is earned (the default clock: a denied "
        "attempt may need its media again) or after the bundle was exported. --apply removes what is due: "
        "the file leaves the library, and a row says what it was and when it was removed. A file another "
        "portfolio still uses waits until that one is due too.",
    )
    retention.add_argument("--days", metavar="N", help="days to keep media after the clock starts, or 'keep'")
    retention.add_argument("--after", choices=("earned", "exported"), help="when the clock starts")
    retention.add_argument("--apply", action="store_true", help="remove the media that is due now")
    retention.set_defaults(handler=_retention)


def _retention(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.services.retention import apply_retention, get_policy, plan_retention, set_policy

    if args.days is not None or args.after is not None:
        policy = get_policy(library)
        days = policy.days
        if args.days is not None:
            if args.days.lower() == "keep":
                days = None
            elif args.days.isdigit():
                days = int(args.days)
            else:
                raise InvalidInputError(f"--days {args.days}: give a number of days, or 'keep'.")
        set_policy(library, days, args.after or policy.after)
    plan = plan_retention(library)
    document = {
        "policy": {"days": plan.policy.days, "after": str(plan.policy.after)},
        "due": [asdict(i) for i in plan.due],
        "soon": [asdict(i) for i in plan.soon],
        "waiting": [asdict(i) for i in plan.waiting],
    }
    lines = [plan.policy.describe()]
    if args.apply:
        result = apply_retention(library).value
        document["removed"] = [asdict(r) for r in result.removed]
        document["files_deleted"] = result.files_deleted
        document["bytes_freed"] = result.bytes_freed
        lines.append(
            f"Removed {len(result.removed)} item(s): {result.files_deleted} file(s), {result.bytes_freed:,} bytes."
        )
    elif plan.due:
        lines.append(f"Due now ({len(plan.due)}; --apply removes them):")
        lines.append(
            table([("PORTFOLIO", "EVIDENCE", "DUE")] + [(i.portfolio_title, i.title, i.due_at[:10]) for i in plan.due])
        )
    if plan.soon:
        lines.append(f"Due within a week ({len(plan.soon)}):")
        lines.append(
            table([("PORTFOLIO", "EVIDENCE", "DUE")] + [(i.portfolio_title, i.title, i.due_at[:10]) for i in plan.soon])
        )
    if plan.waiting:
        lines.append(f"Waiting for another portfolio that uses the same file: {len(plan.waiting)}.")
    return Printed("\n".join(lines), document)
