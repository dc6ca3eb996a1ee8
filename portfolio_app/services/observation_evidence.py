"""A coach's signed observation as the teacher's portfolio shows it: what was coded, the summary PDF
it carried, and the recordings it named that the portfolio holds, each placed on the observation's clock.

A recording is found by the SHA-256 the signed record gives it (the hand-over adds it to the
portfolio as evidence of its own, so consent, blurring and the names rule apply to it as to any
video); one the teacher removed, or never added, is simply not offered.
"""

from __future__ import annotations

from portfolio_app.core.carried_observation import LinkedRecording, ObservationToShow, carried_observation
from portfolio_app.services.library import Library
from portfolio_app.services.observation_records import signed_observation, summary_path
from portfolio_app.storage import evidence as stored_evidence


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
