"""A coach's signed observation as it is shown: blind inside a bundle under review, as lanes of coded events;
in the teacher's portfolio, with the recordings made while observing placed on its clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.scheme import Scheme, parse_scheme


@dataclass(frozen=True)
class CarriedEvent:
    code_id: str
    start_s: float
    end_s: float | None  # None: a point event
    interval: int | None = None  # an interval tick (COPUS), not a timed event


AROUND_S = (5.0, 20.0)  # a moment with no coded span around it is tagged from 5 s before to 20 s after


@dataclass(frozen=True)
class CarriedObservation:
    """What the coach signed, without who was observed (the review is blind)."""

    title: str
    observer: str
    scheme: Scheme
    length_s: float
    events: tuple[CarriedEvent, ...]
    notes: tuple[tuple[float, str], ...]  # (seconds, text)
    signer_fingerprint: str
    talk: tuple[tuple[float, dict[str, Any]], ...] = ()  # (recording's start, the coach's talk-time figures)

    def span_around(self, seconds: float) -> tuple[float, float]:
        """What a tag on the moment `seconds` marks: the coded event that spans it, else AROUND_S about it,
        within the observation."""
        for event in self.events:
            if event.end_s is not None and event.start_s <= seconds <= event.end_s and event.end_s > event.start_s:
                return event.start_s, event.end_s
        length = self.length_s or seconds + AROUND_S[1]
        return max(0.0, seconds - AROUND_S[0]), min(length, seconds + AROUND_S[1])


def carried_observation(document: Mapping[str, Any], fingerprint: str, source: str) -> CarriedObservation:
    """The observation of a verified record's document (type "observation"); the teacher's name is left out.

    Raises InvalidInputError naming `source` when the document holds no readable observation.
    """
    observation = document.get("observation")
    if not isinstance(observation, Mapping):
        raise InvalidInputError(f"{source} is signed but holds no observation.")
    try:
        scheme = parse_scheme(observation["scheme"], source)
        events = tuple(
            CarriedEvent(str(e["code"]), float(e["start_s"]),
                         None if e.get("end_s") is None else float(e["end_s"]), e.get("interval"))
            for e in observation.get("events", ())
            if e["code"] in {code.id for code in scheme.codes}
        )  # fmt: skip
        notes = tuple((float(n["at_s"]), str(n["text"])) for n in observation.get("notes", ()))
        talk = tuple(
            (float(r.get("starts_at_s") or 0.0), dict(r["talk"]))
            for r in document.get("recordings") or ()
            if isinstance(r, Mapping) and isinstance(r.get("talk"), Mapping)
        )
        length = float(observation.get("length_s") or max((e.end_s or e.start_s for e in events), default=0.0))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError(f"{source}: the observation it carries cannot be read ({exc}).") from None
    return CarriedObservation(
        title=str(observation.get("title", "")),
        observer=str(observation.get("observer") or ""),
        scheme=scheme,
        length_s=length,
        events=events,
        notes=notes,
        signer_fingerprint=fingerprint,
        talk=talk,
    )


@dataclass(frozen=True)
class LinkedRecording:
    """A recording made while observing, in the teacher's portfolio, `starts_at_s` into the observation."""

    evidence: Evidence
    path: Path
    starts_at_s: float
    duration_s: float | None

    def covers(self, seconds: float) -> bool:
        """Whether this recording was running `seconds` into the observation."""
        end = self.starts_at_s + self.duration_s if self.duration_s is not None else float("inf")
        return self.starts_at_s <= seconds < end


@dataclass(frozen=True)
class ObservationToShow:
    evidence: Evidence
    observation: CarriedObservation
    recordings: tuple[LinkedRecording, ...]
    summary: Path | None  # the PDF the coach signed with it

    def recording_at(self, seconds: float) -> LinkedRecording | None:
        """The recording running at `seconds` into the observation (the latest take that covers it)."""
        running = [r for r in self.recordings if r.covers(seconds)]
        return max(running, key=lambda r: r.starts_at_s) if running else None
