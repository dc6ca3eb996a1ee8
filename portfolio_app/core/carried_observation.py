"""A coach's signed observation as a reviewer sees it inside a bundle: blind, as lanes of coded events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.scheme import Scheme, parse_scheme


@dataclass(frozen=True)
class CarriedEvent:
    code_id: str
    start_s: float
    end_s: float | None  # None: a point event
    interval: int | None = None  # an interval tick (COPUS), not a timed event


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
