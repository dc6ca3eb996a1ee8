"""`portfolio talk`: teacher talk, student talk, silence and wait time in a lesson recording."""

from __future__ import annotations

import argparse

from portfolio_app.cli.output import Printed, terminal_progress
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    talk = commands.add_parser(
        "talk",
        parents=[common],
        help="measure teacher talk, student talk, silence and wait time in a recording",
        description="Measure, on this computer, who talks when in a lesson video or audio recording: the "
        "teacher's share, the students' share and the silence (fractions of the recording), the longest "
        "stretch of teacher talk, and the wait after each question you mark. Voices are told apart from a "
        "sample of your own voice that you mark once (--teacher-sample): the method assumes you are nearest "
        "the microphone, and cannot split two people talking at once. A re-run replaces the earlier figures "
        "and keeps the sample and questions you leave out.",
    )
    talk.add_argument("evidence_id", metavar="EVIDENCE_ID")
    talk.add_argument(
        "--teacher-sample",
        metavar="START-END",
        help="a few seconds where only you talk, e.g. 12-20 or 0:12-0:20 (needed the first time)",
    )
    talk.add_argument(
        "--question-at",
        nargs="+",
        metavar="SECONDS",
        help="when you asked a question (seconds or minutes:seconds, in or at the end of the question)",
    )
    talk.add_argument(
        "--markers-as-questions",
        action="store_true",
        help="also take the markers pressed while recording as questions",
    )
    talk.add_argument("--offer-for", metavar="CRITERION_ID", help="also offer the figures as evidence for a criterion")
    talk.set_defaults(handler=_talk)


def _talk(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.talk import parse_clock, parse_span
    from portfolio_app.services.talk import analyse_talk, offer_talk

    sample = parse_span(args.teacher_sample) if args.teacher_sample else None
    questions = tuple(parse_clock(q, "--question-at") for q in args.question_at) if args.question_at else None
    if args.markers_as_questions:
        from portfolio_app.services.evidence import list_markers

        questions = (questions or ()) + tuple(m.at_s for m in list_markers(library, args.evidence_id))
    result = analyse_talk(library, args.evidence_id, sample, questions, terminal_progress(args, "Listening")).value
    document = {"evidence_id": args.evidence_id} | result.as_json()
    if args.offer_for:
        tag = offer_talk(library, args.evidence_id, args.offer_for).value
        document["tag_id"] = tag.id
    return Printed(_text(document), document)


def _text(document: dict) -> str:
    lines = [
        f"Teacher talk   {document['teacher_share']:6.1%}",
        f"Student talk   {document['student_share']:6.1%}",
        f"Silence        {document['silence_share']:6.1%}",
    ]
    longest = document["longest_teacher_monologue"]
    if longest:
        lines.append(f"Longest teacher talk {longest['seconds']:.1f} s (from {longest['start']:.1f} s)")
    for wait in document["wait_times"]:
        shown = "no teacher question ends here" if wait["question_end"] is None else None
        shown = shown or ("nobody spoke again" if wait["wait"] is None else f"waited {wait['wait']:.1f} s")
        lines.append(f"Question at {wait['question_at']:.1f} s: {shown}")
    if "tag_id" in document:
        lines.append(f"Offered as evidence: tag {document['tag_id']}")
    lines.append("What the method cannot do:")
    lines += [f"  - {limit}" for limit in document["limits"]]
    return "\n".join(lines)
