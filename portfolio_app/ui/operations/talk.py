"""Talk-time ops: measure a recording (media worker, then recorded on the database worker), read the
figures, offer them for a criterion, put them into a reflection."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.credential import Credential
from portfolio_app.core.portfolio import Evidence, Response, Tag
from portfolio_app.core.talk import StoredTalk
from portfolio_app.core.talk_questions import CoachChoice, CoachObservation
from portfolio_app.services import talk, talk_questions
from portfolio_app.services.evidence import get_evidence, media_path
from portfolio_app.services.tags import credential_of
from portfolio_app.services.talk import MeasuredTalk
from portfolio_app.ui.operations import LibraryOp, MediaOp


def measure_talk(
    evidence_id: str,
    teacher_sample: tuple[float, float] | None,
    questions: tuple[float, ...] | None,
    coach: CoachChoice | None = None,
    drop_coach: bool = False,
) -> MediaOp[MeasuredTalk, object]:
    """Analyse the recording on the media worker, then keep the figures (replacing earlier ones)."""

    def prepare(library, report, cancelled) -> MeasuredTalk:
        def progress(fraction: float) -> None:
            report(fraction, "Listening to the recording…")

        return talk.measure_talk(
            library, evidence_id, teacher_sample, questions, progress, cancelled, coach=coach, drop_coach=drop_coach
        )

    return MediaOp(prepare, talk.record_talk, discard=lambda _library, _measured: None)


def coach_observations(evidence_id: str) -> LibraryOp[list[CoachObservation]]:
    """The observations whose coded questions the recording can take (signed ones first)."""
    return LibraryOp(lambda library: talk_questions.coach_observations(library, evidence_id))


def load_talk(evidence_id: str) -> LibraryOp[StoredTalk | None]:
    return LibraryOp(lambda library: talk.get_talk(library, evidence_id))


def offer_talk(evidence_id: str, criterion_id: str) -> LibraryOp[Tag]:
    return LibraryOp(lambda library: talk.offer_talk(library, evidence_id, criterion_id))


def add_talk_to_answer(evidence_id: str, prompt_id: str) -> LibraryOp[Response]:
    return LibraryOp(lambda library: talk.add_talk_to_answer(library, evidence_id, prompt_id))


def open_recording(evidence_id: str) -> LibraryOp[tuple[Evidence, Credential, Path]]:
    """The evidence, its portfolio's credential (prompts, criteria) and the file to play."""

    def work(library) -> tuple[Evidence, Credential, Path]:
        evidence = get_evidence(library, evidence_id)
        return evidence, credential_of(library, evidence), media_path(library, evidence)

    return LibraryOp(work)
