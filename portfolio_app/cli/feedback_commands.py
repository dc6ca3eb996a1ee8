"""`portfolio feedback import`, `resubmit` and `history`: the teacher's side of a review."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Printed
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    feedback = commands.add_parser(
        "feedback",
        help="import a reviewer's signed feedback",
        description="Feedback from reviewers comes back as a signed file.",
    )
    verbs = feedback.add_subparsers(dest="feedback_command", metavar="COMMAND", required=True)
    importing = verbs.add_parser(
        "import",
        parents=[common],
        help="verify a signed feedback file and keep it with the attempt it answers",
        description="Verify a reviewer's signed decision and keep it with the exact attempt whose exported bundle it "
        "answers. Feedback for a bundle this library did not export, against another rubric, or changed after "
        "signing is refused with the reason. Feedback is never overwritten; the same file twice is kept once. "
        "Feedback that comes with the badge it earned (`review issue-badge … -o FILE.zip`) also puts the badge on "
        "your shelf.",
    )
    importing.add_argument("file", type=Path, metavar="FILE", help="the signed feedback .zip (with its badge or not)")
    importing.set_defaults(handler=_import)

    resubmit = commands.add_parser(
        "resubmit",
        parents=[common],
        help="start the next attempt after feedback, with the work carried over",
        description="Start the next attempt of a portfolio on the same credential version, linked to it: evidence, "
        "tags, answers and self-assessment are carried over (the files are shared, not copied). Criteria the "
        "reviewer found met are marked so; the checklist leads with what was not met and asks for a "
        "resubmission note for the reviewer. Prints the new attempt's id.",
    )
    resubmit.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    resubmit.add_argument("--title", metavar="TEXT", help="a title for the new attempt (default: the same)")
    resubmit.set_defaults(handler=_resubmit)

    history = commands.add_parser(
        "history",
        parents=[common],
        help="list every attempt with its bundles and feedback",
        description="List every attempt linked to a portfolio, first to last: the bundles exported of each (their "
        "fingerprint, the tag-manifest hash feedback names) and the feedback each received, never overwritten.",
    )
    history.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    history.set_defaults(handler=_history)


def _resubmit(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.resubmission import resubmit

    portfolio = resubmit(library, args.portfolio_id, args.title).value
    return Printed(portfolio.id, asdict(portfolio))


def _history(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.resubmission import history

    attempts = history(library, args.portfolio_id)
    lines = []
    for attempt in attempts:
        p = attempt.portfolio
        lines.append(f"Attempt {p.attempt}: {p.id}  {p.title}  ({p.status})")
        for bundle in attempt.bundles:
            kind = "draft bundle" if bundle.draft else "bundle"
            lines.append(
                f"  {kind} {bundle.file_name}, {bundle.exported_at[:16]}, signed by {bundle.fingerprint[:16]}…, "
                f"tag manifest {bundle.bundle_sha256[:16]}…"
            )
        for feedback in attempt.feedback:
            lines.append(
                f"  feedback: {feedback.decision} by reviewer {feedback.reviewer_fingerprint[:16]}…, "
                f"signed {feedback.signed_at[:16]}"
            )
            for c in feedback.criteria:
                mark = "met" if c.passes else "NOT MET"
                lines.append(
                    f"    {c.criterion_id}: {c.level_id} ({mark})" + (f" — {c.feedback}" if c.feedback else "")
                )
            if feedback.overall_feedback:
                lines.append(f"    overall: {feedback.overall_feedback}")
        if not attempt.bundles and not attempt.feedback:
            lines.append("  not exported yet")
    document = [
        {
            "portfolio": asdict(a.portfolio),
            "bundles": [asdict(b) for b in a.bundles],
            "feedback": [asdict(f) for f in a.feedback],
        }
        for a in attempts
    ]
    return Printed("\n".join(lines), document)


def _import(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badge_feedback import import_feedback_file
    from portfolio_app.services.portfolios import get_portfolio
    from portfolio_app.services.review_records import reviewer_status

    imported = import_feedback_file(library, args.file).value
    feedback, badge = imported.feedback, imported.badge
    portfolio = get_portfolio(library, feedback.portfolio_id)
    signer = reviewer_status(library, feedback)
    lines = [
        f"Feedback on “{portfolio.title}” (attempt {portfolio.attempt}, {portfolio.id}): {feedback.decision}",
        f"  signed {feedback.signed_at[:16]} by {signer.text} ({feedback.reviewer_fingerprint[:16]}…)",
    ]
    if not signer.trusted:
        lines.append("  Warning: no trust list you imported approves this reviewer; check the fingerprint with them.")
    for c in feedback.criteria:
        lines.append(f"  {c.criterion_id}: {c.level_id} ({'met' if c.passes else 'NOT MET'})")
        if c.feedback:
            lines.append(f"      {c.feedback}")
    if feedback.overall_feedback:
        lines.append(f"  Overall: {feedback.overall_feedback}")
    if feedback.not_met():
        lines.append(f"  Start the next attempt with `portfolio resubmit {portfolio.id}`.")
    if badge is not None:
        from portfolio_app.services.badges import issuer_standing

        issuer = issuer_standing(library, badge.issuer_fingerprint, badge.valid_from)
        lines.append(f"  Badge on your shelf: {badge.name} ({badge.id})")
        lines.append(f"      issued by {badge.issuer_name}: {issuer.text}")
    return Printed(
        "\n".join(lines),
        asdict(feedback) | {"reviewer_status": str(signer.standing), "badge": None if badge is None else asdict(badge)},
    )
