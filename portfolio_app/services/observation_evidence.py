"""A coach's signed observation as the teacher's portfolio shows it: what was coded, the summary PDF
it carried, and the recordings it named that the portfolio holds, each placed on the observation's clock.

A recording is found by the SHA-256 the signed record gives it (the hand-over adds it to the
portfolio as evidence of its own, so consent, blurring and the names rule apply to it as to any
video); one the teacher removed, or never added, is simply not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.carried_observation import CarriedObservation, carried_observation
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services.library import Library
from portfolio_app.services.observation_records import signed_observation, summary_path
from portfolio_app.storage import evidence as stored_evidence


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


def observation_to_show(library: Library, evidence_id: str) -> ObservationToShow | None:
    """The signed observation behind a piece of evidence (None for other evidence).

    Raises InvalidInputError when its signed document holds no readable observation.
    """
    imported = signed_observation(library, evidence_id)
    if imported is None:
        return None
    evidence = imported.evidence
    observation = carried_observation(imported.document, imported.fingerprint, evidence.title)
    recordings = []
    for entry in imported.document.get("recordings") or ():
        found = stored_evidence.find_by_blob(library.db, evidence.portfolio_id, str(entry.get("sha256") or ""))
        if found is None:
            continue
        length = entry.get("duration_s", found.duration_s)
        recordings.append(
            LinkedRecording(
                found,
                library.store.path(found.blob),
                float(entry.get("starts_at_s") or 0.0),
                None if length is None else float(length),
            )
        )
    return ObservationToShow(evidence, observation, tuple(recordings), summary_path(library, evidence_id))
