"""Events and notes as subtitle cues (WebVTT and SRT), so a player shows them over the recording.

WebVTT writes `00:01:02.500`, SRT `00:01:02,500`; a point event or a note shows for POINT_CUE_S.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.observation import ObservationRecord

POINT_CUE_S = 2.0


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def cues_of(record: ObservationRecord) -> list[Cue]:
    """One cue per event (the code and its label, and the student) and per note, by start."""
    scheme = record.scheme
    cues = []
    for event in record.closed_events():
        code = scheme.code(event.code_id)
        end = event.end_s if event.end_s is not None and event.end_s > event.start_s else event.start_s + POINT_CUE_S
        who = f" ({record.students.get(event.student_id, '?')})" if event.student_id else ""
        cues.append(Cue(event.start_s, end, f"{code.id}: {code.label}{who}"))
    for note in record.notes:
        cues.append(Cue(note.at_s, note.at_s + POINT_CUE_S, f"Note: {note.text}"))
    return sorted(cues, key=lambda c: (c.start_s, c.end_s))


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _clean(text: str) -> str:
    # A blank line ends a cue and "-->" starts a timing line: neither may appear in a cue's text.
    return " ".join(text.split()).replace("-->", "→")


def webvtt(record: ObservationRecord) -> bytes:
    """A WebVTT file of the observation's events and notes."""
    lines = ["WEBVTT", "", f"NOTE {_clean(record.observation.title)}, coded with {_clean(record.scheme.title)}", ""]
    for n, cue in enumerate(cues_of(record), start=1):
        lines += [str(n), f"{_stamp(cue.start_s, '.')} --> {_stamp(cue.end_s, '.')}", _clean(cue.text), ""]
    return "\n".join(lines).encode("utf-8")


def srt(record: ObservationRecord) -> bytes:
    """An SRT file of the observation's events and notes."""
    lines = []
    for n, cue in enumerate(cues_of(record), start=1):
        lines += [str(n), f"{_stamp(cue.start_s, ',')} --> {_stamp(cue.end_s, ',')}", _clean(cue.text), ""]
    return "\r\n".join(lines).encode("utf-8")
