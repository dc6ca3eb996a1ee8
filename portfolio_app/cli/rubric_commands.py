"""`portfolio tag`, `link`, `answer`, `assess` and `check`: from evidence to a submission."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Failed, Printed
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tag = commands.add_parser(
        "tag",
        parents=[common],
        help="tag a moment or region of evidence to a rubric criterion",
        description="Point reviewers at the evidence for a rubric criterion: a time range of a video or "
        "recording (--start/--end, in seconds), a region of a photo or document page (--region, in "
        "fractions 0-1 of the picture), or, with neither, the whole item. Prints the new tag id.",
    )
    tag.add_argument("evidence_id", metavar="EVIDENCE_ID")
    tag.add_argument("criterion_id", metavar="CRITERION_ID")
    tag.add_argument("--start", type=float, metavar="SECONDS", help="where the tagged moment begins")
    tag.add_argument("--end", type=float, metavar="SECONDS", help="where the tagged moment ends")
    tag.add_argument(
        "--region", metavar="X,Y,W,H", help="a rectangle in fractions of the picture, e.g. 0.1,0.2,0.5,0.3"
    )
    tag.add_argument("--page", type=int, default=1, metavar="N", help="the document page of --region (default 1)")
    tag.add_argument("--note", default="", metavar="TEXT", help="what the reviewer should notice")
    tag.set_defaults(handler=_tag)

    link = commands.add_parser(
        "link",
        parents=[common],
        help="say which Part 2 requirement evidence fulfils",
        description="Link evidence to the Part 2 requirement it fulfils; only linked evidence goes into the "
        "submission. With --none, take it out of the submission (it stays in the portfolio).",
    )
    link.add_argument("evidence_ids", nargs="+", metavar="EVIDENCE_ID")
    target = link.add_mutually_exclusive_group(required=True)
    target.add_argument("--requirement", metavar="REQUIREMENT_ID", help="the requirement, e.g. classroom-video")
    target.add_argument("--none", action="store_true", help="unlink: leave the evidence out of the submission")
    link.set_defaults(handler=_link)

    answer = commands.add_parser(
        "answer",
        parents=[common],
        help="answer a Part 1 or Part 3 prompt",
        description="Save your answer to a prompt of Part 1 (overview) or Part 3 (reflection), given as TEXT "
        "or read from a UTF-8 text file with --file (use - for standard input). Prints the word count "
        "against the prompt's limit.",
    )
    answer.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    answer.add_argument("prompt_id", metavar="PROMPT_ID")
    source = answer.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?", metavar="TEXT")
    source.add_argument("--file", type=Path, metavar="PATH", help="read the answer from this file")
    answer.set_defaults(handler=_answer)

    assess = commands.add_parser(
        "assess",
        parents=[common],
        help="rate yourself on a rubric criterion",
        description="Self-assess one rubric criterion: the level your evidence shows and, with --note, why. "
        "The tags made for the criterion are offered as its evidence.",
    )
    assess.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    assess.add_argument("criterion_id", metavar="CRITERION_ID")
    assess.add_argument("level_id", metavar="LEVEL_ID")
    assess.add_argument("--note", metavar="TEXT", help="your justification (kept when not given)")
    assess.set_defaults(handler=_assess)

    check = commands.add_parser(
        "check",
        parents=[common],
        help="list what stands between a portfolio and a submission",
        description="Check whether a portfolio is ready to export: every prompt answered within its limits, "
        "every requirement met with evidence of the right kind and size, every criterion rated at passing "
        "and tagged. Exit 0 when ready, 1 with each open item listed when not.",
    )
    check.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    check.set_defaults(handler=_check)


def _tag(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.portfolio import TimeRange
    from portfolio_app.services.tags import add_tag

    if (args.start is None) != (args.end is None):
        raise InvalidInputError("A time range needs both --start and --end.")
    if args.start is not None and args.region:
        raise InvalidInputError("Give a time range (--start/--end) or a --region, not both.")
    span = TimeRange(args.start, args.end) if args.start is not None else None
    region = _region(args.region, args.page) if args.region else None
    tag = add_tag(library, args.evidence_id, args.criterion_id, span=span, region=region, note=args.note).value
    return Printed(tag.id, asdict(tag))


def _region(text: str, page: int) -> object:
    from portfolio_app.core.portfolio import Region

    try:
        x, y, w, h = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInputError(
            f"--region takes four numbers X,Y,W,H in fractions of the picture (like 0.1,0.2,0.5,0.3), not '{text}'."
        ) from None
    if page < 1:
        raise InvalidInputError("--page counts from 1.")
    return Region(x, y, w, h, page - 1)


def _link(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.rubric import link_requirement

    requirement = None if args.none else args.requirement
    previous = link_requirement(library, args.evidence_ids, requirement).value
    document = [{"evidence_id": e, "requirement_id": requirement, "was": was} for e, was in previous.items()]
    verb = f"linked to {requirement}" if requirement else "left out of the submission"
    return Printed("\n".join(f"{e}: {verb}" for e in previous), document)


def _answer(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.text import count_words
    from portfolio_app.services.portfolios import portfolio_with_credential
    from portfolio_app.services.rubric import save_response

    text = args.text if args.file is None else _read_text(args.file)
    response = save_response(library, args.portfolio_id, args.prompt_id, text).value
    prompt = portfolio_with_credential(library, response.portfolio_id)[1].prompt(response.prompt_id)
    words = count_words(text)
    over = " — over the limit" if words > prompt.max_words else ""
    return Printed(
        f"Saved: {words} of {prompt.max_words} words{over}.",
        asdict(response) | {"words": words, "max_words": prompt.max_words, "min_words": prompt.min_words},
    )


def _read_text(path: Path) -> str:
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path} is not UTF-8 text; save it as plain text (UTF-8) and try again.") from None


def _assess(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.portfolios import portfolio_with_credential
    from portfolio_app.services.rubric import assess

    saved = assess(library, args.portfolio_id, args.criterion_id, args.level_id, args.note).value.value
    criterion = portfolio_with_credential(library, saved.portfolio_id)[1].criterion(saved.criterion_id)
    level = criterion.level(saved.level_id)
    passes = criterion.passes(saved.level_id)
    text = f"{criterion.title}: {level.label} ({'passing' if passes else 'below passing'}, {len(saved.tag_ids)} tags)"
    return Printed(text, asdict(saved) | {"passes": passes})


def _check(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.readiness import check_portfolio

    readiness = check_portfolio(library, args.portfolio_id)
    document = {
        "portfolio_id": readiness.portfolio.id,
        "ready": readiness.ready,
        "items": [asdict(item) for item in readiness.items],
    }
    earlier = []
    if (resubmission := readiness.resubmission) is not None:
        document["met_before"] = sorted(resubmission.met)
        document["not_met_before"] = sorted(resubmission.not_met)
        if resubmission.feedback is not None:
            met = ", ".join(sorted(resubmission.met)) or "none"
            not_met = ", ".join(sorted(resubmission.not_met)) or "none"
            earlier.append(f"Attempt {readiness.portfolio.attempt}: met last time: {met}; not met: {not_met}.")
    if readiness.ready:
        return Printed("\n".join([*earlier, f"“{readiness.portfolio.title}” is ready to export."]), document)
    count = len(readiness.items)
    lines = [*earlier, f"“{readiness.portfolio.title}” is not ready: {count} item{'s' if count != 1 else ''} to do."]
    lines += [f"- [{item.place} {item.target}] {item.message} {item.fix}" for item in readiness.items]
    return Failed("\n".join(lines), document)
