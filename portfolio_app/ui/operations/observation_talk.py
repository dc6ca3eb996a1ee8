"""Talk-time ops on a recording kept with the coach's observation: open it, read its kept figures,
measure it (media worker, then kept on the database worker)."""

from __future__ import annotations

from portfolio_app.core.observation_talk import MeasuredRecording, ObservedRecording, RecordingTalk
from portfolio_app.core.outcome import Outcome
from portfolio_app.services import observation_talk
from portfolio_app.ui.operations import LibraryOp, MediaOp


def open_recording(observation_id: str, number: int | None) -> LibraryOp[ObservedRecording]:
    """Recording `number` of the observation (the only one when None), with its file."""
    return LibraryOp(lambda library: observation_talk.observed_recording(library, observation_id, number))


def load_recording_talk(observation_id: str, number: int) -> LibraryOp[RecordingTalk | None]:
    return LibraryOp(lambda library: observation_talk.get_recording_talk(library, observation_id, number))


def measure_recording_talk(
    observation_id: str, number: int, teacher_sample: tuple[float, float], questions: tuple[float, ...]
) -> MediaOp[MeasuredRecording, Outcome[MeasuredRecording]]:
    """Analyse the recording with the observation's coded questions, then keep the figures."""

    def prepare(library, report, cancelled) -> MeasuredRecording:
        def progress(fraction: float) -> None:
            report(fraction, "Listening to the recording…")

        return observation_talk.measure_recording_talk(
            library, observation_id, number, teacher_sample, questions, progress, cancelled
        )

    def record(library, measured: MeasuredRecording) -> Outcome[MeasuredRecording]:
        return Outcome(measured, observation_talk.record_recording_talk(library, measured).changes)

    return MediaOp(prepare, record, discard=lambda _library, _measured: None)
