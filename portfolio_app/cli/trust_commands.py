"""`portfolio trust make|import|list|remove`: whose signatures count, by organisations' signed trust lists."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, table


class _Approve(argparse.Action):
    """--approve ROLE NAME FINGERPRINT: one more approved person (their dates follow as --from / --until)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        role, name, fingerprint = values
        namespace.approvals = [*(namespace.approvals or []), {"role": role, "name": name, "fingerprint": fingerprint}]


class _Dated(argparse.Action):
    """--from DATE / --until DATE: a date of the --approve just before it."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        if not namespace.approvals:
            parser.error(f"{option_string} belongs after an --approve ROLE NAME FINGERPRINT")
        namespace.approvals[-1][self.dest] = values


class _Revoke(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None) -> None:
        namespace.revocations = [*(namespace.revocations or []), tuple(values)]


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    trust = commands.add_parser(
        "trust",
        help="trust lists: which coaches' and reviewers' keys an organisation approves",
        description="Trust lists say whose signature counts: an organisation's signed list of approved coaches "
        "and reviewers (name, role, key fingerprint, dates) and revoked keys.",
    )
    sub = trust.add_subparsers(dest="trust_command", metavar="COMMAND", required=True)
    make = sub.add_parser(
        "make",
        parents=[common],
        help="write a trust list signed with an organisation's issuer key",
        description="Write a trust list of organisation ORG, signed with its issuer key (`portfolio keys new "
        '--issuer ORG` makes it). Example: portfolio trust make --org "Lincoln District" --approve reviewer '
        '"Rita Reviewer" FINGERPRINT --until 2027-07-31 --revoke OLDFINGERPRINT 2026-10-01 -o lincoln.zip. '
        "Each approval is valid from the list's date unless --from says otherwise; a revoked key's signatures "
        "from that date on are refused.",
    )
    make.add_argument("--org", required=True, metavar="NAME", help="the organisation whose issuer key signs")
    make.add_argument(
        "--approve",
        nargs=3,
        action=_Approve,
        dest="approvals",
        default=[],
        metavar=("ROLE", "NAME", "FINGERPRINT"),
        help="approve a coach or reviewer's key (repeatable)",
    )
    make.add_argument("--from", action=_Dated, dest="valid_from", metavar="DATE", help="the approval before: from")
    make.add_argument("--until", action=_Dated, dest="valid_until", metavar="DATE", help="the approval before: until")
    make.add_argument(
        "--revoke",
        nargs=2,
        action=_Revoke,
        dest="revocations",
        default=[],
        metavar=("FINGERPRINT", "DATE"),
        help="refuse this key's signatures from DATE on (repeatable)",
    )
    make.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the trust list (.zip)")
    make.set_defaults(handler=_make, needs_library=False)

    imported = sub.add_parser(
        "import",
        parents=[common],
        help="verify a trust list and keep it in the library",
        description="Verify a trust list (signed by the issuer key it names) and keep it; a newer list of the same "
        "organisation replaces the older. From then on every verification names signers by it.",
    )
    imported.add_argument("file", type=Path, metavar="FILE", help="the trust list (.zip)")
    imported.set_defaults(handler=_import)
    listing = sub.add_parser(
        "list",
        parents=[common],
        help="the imported trust lists and whom they approve",
        description="List the imported trust lists: organisation, date, issuer key, approved people and revoked keys.",
    )
    listing.set_defaults(handler=_list)
    remove = sub.add_parser(
        "remove",
        parents=[common],
        help="forget an organisation's trust list",
        description="Forget the trust list of an organisation (its name or its issuer key's fingerprint); its "
        "people's signatures are then named as unknown keys.",
    )
    remove.add_argument("organisation", metavar="ORG", help="the organisation's name or issuer fingerprint")
    remove.set_defaults(handler=_remove)


def _make(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.clock import now_iso
    from portfolio_app.core.trust import Approval, Revocation, check_date, check_fingerprint, check_name, check_role
    from portfolio_app.services.trust import make_trust_list

    today = now_iso()[:10]
    approvals = [
        Approval(
            role=check_role(a["role"]),
            name=check_name(a["name"], "approved name"),
            fingerprint=check_fingerprint(a["fingerprint"], f"approved {a['name']}'s"),
            valid_from=check_date(a.get("valid_from") or today, "--from date"),
            valid_until=check_date(a["valid_until"], "--until date") if a.get("valid_until") else None,
        )
        for a in args.approvals
    ]
    revocations = [
        Revocation(check_fingerprint(f, "revoked"), check_date(d, "--revoke date")) for f, d in args.revocations
    ]
    trust, info = make_trust_list(args.org, approvals, revocations, args.output)
    return Printed(
        f"Wrote {args.output}: the trust list of {trust.organisation} of {trust.list_date}, "
        f"{len(approvals)} approved, {len(revocations)} revoked, signed by issuer key {trust.issuer_fingerprint}.",
        {"file": str(args.output), **_trust_json(trust), "tag_manifest_sha256": info.tag_manifest_sha256},
    )


def _import(library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.trust import import_trust_list

    result = import_trust_list(library.db, args.file).value
    trust = result.trust
    what = f"the trust list of {trust.organisation} of {trust.list_date}"
    if result.unchanged:
        text = f"{what[0].upper()}{what[1:]} was already imported."
    elif result.replaced is not None:
        text = f"Imported {what}; it replaces the list of {result.replaced.list_date}."
    else:
        text = f"Imported {what} ({len(trust.approvals)} approved, {len(trust.revocations)} revoked)."
    document = _trust_json(trust) | {
        "replaced": result.replaced.list_date if result.replaced else None,
        "unchanged": result.unchanged,
    }
    return Printed(text, document)


def _list(library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.trust import trust_lists

    lists = trust_lists(library.db)
    if not lists:
        return Printed("No trust list is imported: every signer is shown as an unknown key.", [])
    blocks = []
    for trust in lists:
        rows = [("ROLE", "NAME", "VALID", "FINGERPRINT")]
        rows += [(a.role, a.name, f"{a.valid_from}..{a.valid_until or ''}", a.fingerprint) for a in trust.approvals]
        rows += [("revoked", "", f"{r.since}..", r.fingerprint) for r in trust.revocations]
        heading = f"{trust.organisation} (trust list of {trust.list_date}, issuer {trust.issuer_fingerprint})"
        blocks.append(heading + "\n" + table(rows))
    return Printed("\n\n".join(blocks), [_trust_json(t) for t in lists])


def _remove(library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.trust import remove_trust_list

    trust = remove_trust_list(library.db, args.organisation).value
    return Printed(f"Removed the trust list of {trust.organisation} of {trust.list_date}.", _trust_json(trust))


def _trust_json(trust) -> dict:
    return {
        "organisation": trust.organisation,
        "list_date": trust.list_date,
        "issued_at": trust.issued_at,
        "issuer_fingerprint": trust.issuer_fingerprint,
        "approved": [
            {
                "role": a.role,
                "name": a.name,
                "fingerprint": a.fingerprint,
                "valid_from": a.valid_from,
                "valid_until": a.valid_until,
            }
            for a in trust.approvals
        ],
        "revoked": [{"fingerprint": r.fingerprint, "since": r.since} for r in trust.revocations],
    }
