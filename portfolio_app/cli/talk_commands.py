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
        "and keeps the sample and questions you leave out. A coach measures a recording kept with one of their "
        "observations with --observation (its coded questions count, laid where the recording started).",
    )
    talk.add_argument("evidence_id", metavar="EVIDENCE_ID", nargs="?", help="the recording (evidence) to measure")
    talk.add_argument(
        "--observation",
        metavar="OBSERVATION",
        help="measure instead a recording kept with one of your observations (made while observing, or "
        "coded afterwards); the questions it coded are taken at the right moment of the recording",
    )
    talk.add_argument(
        "--recording",
        metavar="N",
        type=int,
        help="which of the observation's recordings (1 = the first; needed when it keeps several)",
    )
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
    talk.add_argument(
        "--questions-from",
        metavar="OBSERVATION",
        help="also take the questions your coach coded in an observation: the evidence id of a signed "
        "observation in the portfolio, or the id of one of your own observations (kept for re-runs)",
    )
    talk.add_argument(
        "--observation-offset",
        metavar="SECONDS",
        help="where in the recording the observation's clock read 0:00 (seconds or minutes:seconds; "
        "negative when the recording started later, written --observation-offset=-0:08); default: what the "
        "signed record says when it names this recording, else 0",
    )
    talk.add_argument(
        "--question-codes",
        nargs="+",
        metavar="CODE",
        help="which of the observation's codes are questions (default: those its scheme marks as questions)",
    )
    talk.add_argument(
        "--no-observation", action="store_true", help="stop taking questions from the coach's observation"
    )
    talk.add_argument("--offer-for", metavar="CRITERION_ID", help="also offer the figures as evidence for a criterion")
    talk.set_defaults(handler=_talk)


def _talk(library: Library, args: argparse.Namespace) -> Printed:
    if args.observation is not None or args.recording is not None:
        return _observation_talk(library, args)
    if args.evidence_id is None:
        from portfolio_app.core.errors import InvalidInputError

        raise InvalidInputError("Name the recording to measure: EVIDENCE_ID, or --observation OBSERVATION.")
    from portfolio_app.core.talk import parse_clock, parse_span
    from portfolio_app.services.talk import analyse_talk, offer_talk

    sample = parse_span(args.teacher_sample) if args.teacher_sample else None
    questions = tuple(parse_clock(q, "--question-at") for q in args.question_at) if args.question_at else None
    if args.markers_as_questions:
        from portfolio_app.services.evidence import list_markers

        questions = (questions or ()) + tuple(m.at_s for m in list_markers(library, args.evidence_id))
    coach = _coach_choice(library, args)
    result = analyse_talk(
        library,
        args.evidence_id,
        sample,
        questions,
        terminal_progress(args, "Listening"),
        coach=coach,
        drop_coach=args.no_observation,
    ).value
    document = {"evidence_id": args.evidence_id} | result.as_json()
    if args.offer_for:
        tag = offer_talk(library, args.evidence_id, args.offer_for).value
        document["tag_id"] = tag.id
    return Printed(_text(document), document)


def _observation_talk(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.core.talk import parse_clock, parse_span
    from portfolio_app.services.observation_talk import analyse_recording_talk

    if args.observation is None:
        raise InvalidInputError("--recording N needs --observation OBSERVATION.")
    unfit = [
        flag
        for flag, given in (
            ("EVIDENCE_ID", args.evidence_id),
            ("--markers-as-questions", args.markers_as_questions),
            ("--questions-from", args.questions_from),
            ("--observation-offset", args.observation_offset),
            ("--no-observation", args.no_observation),
            ("--offer-for", args.offer_for),
        )
        if given
    ]
    if unfit:
        raise InvalidInputError(
            f"--observation cannot go with {', '.join(unfit)}: the observation's own questions count, "
            "laid where its recording started, and its recording is not evidence."
        )
    sample = parse_span(args.teacher_sample) if args.teacher_sample else None
    questions = tuple(parse_clock(q, "--question-at") for q in args.question_at) if args.question_at else None
    measured = analyse_recording_talk(
        library,
        args.observation,
        args.recording,
        sample,
        questions,
        terminal_progress(args, "Listening"),
        codes=tuple(args.question_codes or ()),
    ).value
    observed = measured.observed
    recording = {
        "number": observed.number,
        "name": observed.recording.name,
        "starts_at_s": observed.recording.starts_at_s,
        "sha256": observed.recording.blob,
    }
    document = {"observation_id": observed.observation.id, "recording": recording} | measured.result.as_json()
    document["note"] = measured.note
    document["coach_timed_waits"] = [
        {"at": w.at, "coach_s": w.coach_s, "measured_s": w.measured_s, "difference_s": w.difference}
        for w in measured.timed
    ]
    heading = (
        f"“{observed.observation.title}”, recording {observed.number} of {observed.count}: {observed.recording.name}"
    )
    timed = [
        f"Wait you timed at {w.at:.1f} s: {w.coach_s:.1f} s; measured "
        + ("no silence there" if w.measured_s is None else f"{w.measured_s:.1f} s ({w.difference:+.1f} s)")
        for w in measured.timed
    ]
    lines = [heading, _text(document), *timed] + ([measured.note] if measured.note else [])
    return Printed("\n".join(lines), document)


def _coach_choice(library: Library, args: argparse.Namespace):
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.core.talk import parse_clock
    from portfolio_app.core.talk_questions import CoachChoice
    from portfolio_app.services.talk import get_talk

    if args.no_observation and (args.questions_from or args.observation_offset or args.question_codes):
        raise InvalidInputError(
            "--no-observation cannot go with --questions-from, --observation-offset or --question-codes."
        )
    offset = None
    if args.observation_offset is not None:
        text = args.observation_offset.strip().replace("−", "-")
        offset = (
            -parse_clock(text[1:], "--observation-offset")
            if text.startswith("-")
            else parse_clock(text, "--observation-offset")
        )
    codes = tuple(args.question_codes or ())
    if args.questions_from:
        return CoachChoice(args.questions_from, offset, codes)
    if offset is None and not codes:
        return None
    kept = get_talk(library, args.evidence_id)
    if kept is None or kept.result.coach is None:
        raise InvalidInputError("--observation-offset and --question-codes need --questions-from OBSERVATION.")
    previous = kept.result.coach
    return CoachChoice(previous.observation, previous.offset_s if offset is None else offset, codes or previous.codes)


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
        lines.append(f"Question at {wait['question_at']:.1f} s{_asked_by(wait)}: {shown}")
    if document.get("coach_observation"):
        lines += _coach_lines(document["coach_observation"])
    if "tag_id" in document:
        lines.append(f"Offered as evidence: tag {document['tag_id']}")
    lines.append("What the method cannot do:")
    lines += [f"  - {limit}" for limit in document["limits"]]
    return "\n".join(lines)


def _asked_by(wait: dict) -> str:
    if wait.get("source") == "coach":
        return f" (coded by the coach: {wait['code']})"
    if wait.get("source") == "both":
        return f" (yours, and coded by the coach: {wait['code']})"
    return ""


def _coach_lines(coach: dict) -> list[str]:
    from portfolio_app.core.talk import clock_text

    def signed(seconds: float) -> str:
        return f"-{clock_text(-seconds)}" if seconds < 0 else clock_text(seconds)

    lines = [
        f"The coach's questions: “{coach['title']}” ({', '.join(coach['codes'])}), "
        f"its 0:00 at {signed(coach['offset_s'])} of the recording; "
        f"{coach['placed']} of {coach['coded']} coded questions fall in the recording, "
        f"{coach['at_turn_end']} of them at the end of teacher talk."
    ]
    if coach["outside"]:
        moments = ", ".join(clock_text(t) for t in coach["outside"])
        lines.append(f"  Left out, outside the recording (observation time): {moments}")
    if coach["without_moment"]:
        lines.append(f"  Left out, coded per interval with no moment: {coach['without_moment']}")
    if coach["better_offset_s"] is not None:
        lines.append(
            f"  They fit better with the observation's 0:00 at {signed(coach['better_offset_s'])} "
            f"({coach['better_at_turn_end']} at the end of teacher talk): "
            f"--observation-offset {coach['better_offset_s']:g}"
        )
    return lines
