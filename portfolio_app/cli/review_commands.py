"""`portfolio review …`: score a submission bundle offline, decide, sign, and compare reviewers."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, terminal_progress
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    review = commands.add_parser(
        "review",
        help="review a submission bundle: open, score, decide, sign",
        description="Score a teacher's submission bundle against its rubric, offline, and sign the decision.",
    )
    verbs = review.add_subparsers(dest="review_command", metavar="COMMAND", required=True)

    opening = verbs.add_parser(
        "open",
        parents=[common],
        help="verify a bundle and start (or continue) its review",
        description="Verify a submission bundle and start its review, or continue the review already open for "
        "the same bundle and rubric. Prints the review id. The review is blind: the teacher's name, email and "
        "the bundle's file name are not shown until the decision is signed.",
    )
    opening.add_argument("bundle", type=Path, metavar="BUNDLE", help="the submission bundle .zip")
    opening.set_defaults(handler=_open)

    show = verbs.add_parser(
        "show",
        parents=[common],
        help="show a review's scores, flags and decision",
        description="Show a review: each criterion with its level and feedback, privacy flags, overall feedback "
        "and the decision (the teacher only once signed).",
    )
    show.add_argument("review_id", metavar="REVIEW_ID")
    show.set_defaults(handler=_show)

    score = verbs.add_parser(
        "score",
        parents=[common],
        help="give one criterion a level and feedback",
        description="Score one rubric criterion of a review with a level id (see `review show`) and, optionally, "
        "feedback for the teacher. Saved at once.",
    )
    score.add_argument("review_id", metavar="REVIEW_ID")
    score.add_argument("criterion_id", metavar="CRITERION")
    score.add_argument("level_id", metavar="LEVEL")
    score.add_argument("--feedback", metavar="TEXT", help="feedback on this criterion (kept when left out)")
    score.set_defaults(handler=_score)

    flag = verbs.add_parser(
        "flag",
        parents=[common],
        help="flag evidence that breaks privacy (its criteria score Not Met)",
        description="Flag an evidence item of the bundle that breaks privacy (a readable name, a student without "
        "consent). Every criterion it was offered for scores Not Met while the flag stands. --clear removes it.",
    )
    flag.add_argument("review_id", metavar="REVIEW_ID")
    flag.add_argument("evidence_id", metavar="EVIDENCE_ID")
    flag.add_argument("--reason", default="", metavar="TEXT", help="what breaks privacy, and where")
    flag.add_argument("--clear", action="store_true", help="remove the flag")
    flag.set_defaults(handler=_flag)

    decide = verbs.add_parser(
        "decide",
        parents=[common],
        help="decide earned or resubmit",
        description="Decide the review: earned (only when every criterion reaches its passing level) or "
        "resubmit, with optional overall feedback.",
    )
    decide.add_argument("review_id", metavar="REVIEW_ID")
    decide.add_argument("decision", choices=["earned", "resubmit"])
    decide.add_argument("--feedback", metavar="TEXT", help="overall feedback for the teacher")
    decide.set_defaults(handler=_decide)

    sign = verbs.add_parser(
        "sign",
        parents=[common],
        help="sign the decision as a feedback file for the teacher",
        description="Write the review's decision as a signed file (.zip, signed with your key in the system "
        "keychain): the bundle it answers, the rubric's hash, each criterion's level and feedback, the overall "
        "feedback, the decision and your key. The review is then closed, and the teacher is shown.",
    )
    sign.add_argument("review_id", metavar="REVIEW_ID")
    sign.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the .zip file to write")
    sign.set_defaults(handler=_sign)

    badge = verbs.add_parser(
        "issue-badge",
        parents=[common],
        help="issue the Open Badges 3.0 credential of a signed earned decision",
        description="Issue the badge of a signed earned decision: an Open Badges 3.0 credential signed with the "
        "issuer key (in this keychain) of the organisation whose trust list approves the reviewer. One credential "
        "per decision: issuing again writes the same credential, in the form -o names: .zip is the feedback with "
        "its badge (the signed decision and the baked badge in one file signed by the issuer key: the teacher's "
        "`feedback import` keeps both), .png, .svg or .json the badge alone. A reviewer names their REVIEW_ID; an "
        "issuer who did not review gives --bundle and --decision instead.",
    )
    badge.add_argument("review_id", nargs="?", metavar="REVIEW_ID", help="your signed earned review")
    badge.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="FILE.zip (with the feedback), .png, .svg or .json",
    )
    badge.add_argument(
        "--decision",
        type=Path,
        metavar="FILE.zip",
        help="the signed decision file (with REVIEW_ID, optional: else it is signed again, unchanged)",
    )
    badge.add_argument(
        "--bundle",
        type=Path,
        metavar="BUNDLE",
        help="without REVIEW_ID: the submission bundle the --decision answers (for an issuer who did not review)",
    )
    badge.set_defaults(handler=_issue_badge, parser=badge)

    agreement = verbs.add_parser(
        "agreement",
        parents=[common],
        help="compare reviewers' signed decisions on the same bundle",
        description="Compare two or more reviewers' signed decisions on one bundle: agreement per criterion and "
        "Cohen's kappa across criteria, for every pair of reviewers. Decisions on different bundles or rubrics "
        "are refused, naming the file. With --across-bundles, decisions on several bundles are pooled: for each "
        "pair of reviewers, agreement per criterion and kappa over every bundle both scored.",
    )
    agreement.add_argument(
        "--across-bundles",
        action="store_true",
        help="pool decisions on several bundles per pair of reviewers (calibrating reviewers over many bundles)",
    )
    agreement.add_argument("files", nargs="+", type=Path, metavar="FILE", help="signed review decisions (.zip)")
    agreement.set_defaults(handler=_agreement, needs_library=False)


def review_document(review) -> dict:
    """A review as JSON: what `review show --json` prints."""
    return {
        "id": review.id,
        "bundle_sha256": review.bundle_sha256,
        "rubric_sha256": review.rubric_sha256,
        "signer_fingerprint": review.signer_fingerprint,
        "credential": {"id": review.credential_id, "version": review.credential_version},
        "attempt": review.attempt,
        "criteria": [
            {
                "id": c.id,
                "title": c.title,
                "passing_level": c.passing_level,
                "levels": [lv.id for lv in c.levels],
                "level": review.level_of(c.id),
                "feedback": review.scores[c.id].feedback if c.id in review.scores else None,
                "flagged": c.id in review.flagged_criteria,
            }
            for c in review.criteria
        ],
        "flags": [{"evidence_id": f.evidence_id, "reason": f.reason} for f in review.flags],
        "overall_feedback": review.overall_feedback,
        "decision": review.decision,
        "signed_at": review.signed_at,
        "teacher": {"name": review.submitter.name, "email": review.submitter.email} if review.submitter else None,
    }


def review_text(review) -> str:
    lines = [f"Review {review.id}: {review.credential_title} (attempt {review.attempt})"]
    if review.submitter:
        lines.append(f"  by {review.submitter.name} <{review.submitter.email}>, {review.submitter.bundle_name}")
    else:
        lines.append(f"  blind: signed by key {review.signer_fingerprint[:16]}…; the teacher is shown once signed")
    for c in review.criteria:
        level = review.level_of(c.id)
        label = c.level(level).label if level else "not scored"
        mark = "" if level is None else (" (passes)" if c.passes(level) else " (not met)")
        flagged = " [privacy flag]" if c.id in review.flagged_criteria else ""
        lines.append(f"  {c.id}: {label}{mark}{flagged}")
        if c.id in review.scores and review.scores[c.id].feedback:
            lines.append(f"      {review.scores[c.id].feedback}")
    for f in review.flags:
        lines.append(f"  flagged evidence {f.evidence_id}: {f.reason}")
    if review.overall_feedback:
        lines.append(f"  Overall: {review.overall_feedback}")
    lines.append(
        f"  Decision: {review.decision or 'not yet'}" + (f", signed {review.signed_at}" if review.signed else "")
    )
    return "\n".join(lines)


def _open(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.reviews import open_review

    review = open_review(library, args.bundle, progress=terminal_progress(args, "Verifying")).value
    return Printed(review.id, review_document(review))


def _show(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.reviews import get_review

    review = get_review(library, args.review_id)
    return Printed(review_text(review), review_document(review))


def _score(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.reviews import score_criterion

    review = score_criterion(library, args.review_id, args.criterion_id, args.level_id, args.feedback).value
    criterion = review.criterion(args.criterion_id)
    level = criterion.level(review.scores[criterion.id].level_id)
    verdict = "passes" if criterion.passes(level.id) else "not met"
    return Printed(f"{criterion.title}: {level.label} ({verdict})", review_document(review))


def _flag(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.reviews import flag_evidence, unflag_evidence

    if args.clear:
        review = unflag_evidence(library, args.review_id, args.evidence_id).value
        return Printed(f"Flag on {args.evidence_id} removed.", review_document(review))
    review = flag_evidence(library, args.review_id, args.evidence_id, args.reason).value
    hit = sorted(review.flagged_criteria)
    return Printed(
        f"Flagged {args.evidence_id}; Not Met while flagged: {', '.join(hit) or 'no criterion'}.",
        review_document(review),
    )


def _decide(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.reviews import decide

    review = decide(library, args.review_id, args.decision, args.feedback).value
    return Printed(
        f"Decision: {review.decision}. Sign it with `portfolio review sign {review.id} -o FILE`.",
        review_document(review),
    )


def _sign(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.review_records import sign_review
    from portfolio_app.services.reviews import get_review

    info = sign_review(library, args.review_id, args.output).value
    review = get_review(library, args.review_id)
    assert review.submitter is not None
    text = (
        f"Wrote {info.path}: {review.decision}, signed by key {info.fingerprint}.\n"
        f"The bundle was {review.submitter.bundle_name}, by {review.submitter.name} <{review.submitter.email}>."
    )
    if review.decision == "earned":
        text += (
            f"\nIssue its badge with `portfolio review issue-badge {review.id} -o FILE.zip` (the feedback with its "
            "badge: send the teacher that file instead), where the organisation's issuer key is."
        )
    return Printed(
        text,
        review_document(review)
        | {"file": str(info.path), "fingerprint": info.fingerprint, "tag_manifest_sha256": info.tag_manifest_sha256},
    )


def _issue_badge(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.badge_issuing import issue_badge_for_review, issue_badge_from_files

    if args.review_id is not None:
        if args.bundle is not None:
            args.parser.error("give REVIEW_ID, or --bundle with --decision, not both")
        issued = issue_badge_for_review(library, args.review_id, args.output, decision_file=args.decision).value
    elif args.bundle is None or args.decision is None:
        args.parser.error("give REVIEW_ID (your review), or --bundle and --decision (a reviewer's decision)")
    else:
        issued = issue_badge_from_files(library, args.bundle, args.decision, args.output).value
    how = "Issued" if issued.new else "Written again (issued before)"
    text = f"{how}: {issued.path}\nCredential {issued.credential_id}, issuer key {issued.issuer_fingerprint}"
    if issued.path.suffix.lower() == ".zip":
        text += "\nSend it to the teacher: importing it keeps the feedback and puts the badge on their shelf."
    return Printed(
        text,
        {
            "file": str(issued.path),
            "credential_id": issued.credential_id,
            "issuer_fingerprint": issued.issuer_fingerprint,
            "issued_at": issued.issued_at,
            "new": issued.new,
        },
    )


def _agreement(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.review_records import compare_decisions

    if args.across_bundles:
        return _pooled(args)
    results = compare_decisions(args.files)
    lines, document = [], []
    for result in results:
        kappa = "undefined (one level throughout)" if result.kappa is None else f"{result.kappa:.2f}"
        lines.append(f"Reviewers {result.first[:16]}… and {result.second[:16]}…")
        for c in result.criteria:
            same = "agree" if c.agree else "differ"
            lines.append(f"  {c.criterion_id}: {c.first_level} / {c.second_level} ({same})")
        lines.append(f"  agreement {result.share * 100:.0f}% of criteria, Cohen's kappa {kappa}")
        lines.append(f"  decisions {'agree' if result.same_decision else 'differ'}")
        document.append(
            {
                "first": result.first,
                "second": result.second,
                "criteria": [
                    {"criterion_id": c.criterion_id, "first": c.first_level, "second": c.second_level, "agree": c.agree}
                    for c in result.criteria
                ],
                "agreement": result.share,
                "kappa": result.kappa,
                "same_decision": result.same_decision,
            }
        )
    return Printed("\n".join(lines), document)


def _pooled(args: argparse.Namespace) -> Printed:
    from portfolio_app.services.review_records import compare_reviewers

    lines, document = [], []
    for pair in compare_reviewers(args.files):
        kappa = "undefined (one level throughout)" if pair.kappa is None else f"{pair.kappa:.2f}"
        lines.append(f"Reviewers {pair.first[:16]}… and {pair.second[:16]}… on {pair.bundles} bundle(s)")
        lines += [f"  {c}: {share * 100:.0f}% agreement" for c, share in pair.per_criterion.items()]
        lines.append(f"  overall {pair.share * 100:.0f}% of scores agree, Cohen's kappa {kappa}")
        document.append(
            {
                "first": pair.first,
                "second": pair.second,
                "bundles": pair.bundles,
                "per_criterion": pair.per_criterion,
                "agreement": pair.share,
                "kappa": pair.kappa,
            }
        )
    return Printed("\n".join(lines), document)
