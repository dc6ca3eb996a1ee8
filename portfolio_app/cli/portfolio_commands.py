"""`portfolio new` and `portfolio list`: starting and listing portfolios."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from portfolio_app.cli.output import Printed
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
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

    listing = commands.add_parser(
        "list",
        parents=[common],
        help="list your portfolios",
        description="List your portfolios, grouped by credential.",
    )
    listing.add_argument("--trash", action="store_true", help="list deleted portfolios instead")
    listing.set_defaults(handler=_list)


def _new(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.portfolios import create_portfolio

    portfolio = create_portfolio(
        library, args.credential_id, args.title, version=args.credential_version, resubmits=args.resubmits
    ).value
    return Printed(portfolio.id, asdict(portfolio))


def _list(library: Library, args: argparse.Namespace) -> Printed:
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
        return Printed(empty, document)
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
    return Printed("\n".join(lines), document)
