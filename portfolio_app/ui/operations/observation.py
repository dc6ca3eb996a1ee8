"""Ops of a coach's observation: the only ui place that calls the observation services."""

from __future__ import annotations

from portfolio_app.core.observation import Clock, Mode
from portfolio_app.ui.operations import LibraryOp


def list_schemes() -> LibraryOp:
    from portfolio_app.services.schemes import list_schemes as listed

    return LibraryOp(lambda lib: listed(lib))


def list_classes() -> LibraryOp:
    from portfolio_app.services.roster import list_classes as listed

    return LibraryOp(lambda lib: listed(lib))


def start(
    scheme_id: str,
    title: str,
    *,
    mode: Mode | None = None,
    teacher: str = "",
    lesson: str = "",
    class_name: str | None = None,
    clock: Clock = Clock.TIMER,
) -> LibraryOp:
    from portfolio_app.services.observations import new_observation

    return LibraryOp(
        lambda lib: new_observation(
            lib, scheme_id, title, mode=mode, teacher=teacher, lesson=lesson, class_name=class_name, clock=clock
        )
    )


def load(observation_id: str) -> LibraryOp:
    from portfolio_app.services.observations import get_record

    return LibraryOp(lambda lib: get_record(lib, observation_id))


def code(observation_id: str, code_id: str, at: float, student: str | None = None) -> LibraryOp:
    from portfolio_app.services.observations import code_event

    return LibraryOp(lambda lib: code_event(lib, observation_id, code_id, at, student=student))


def untick(observation_id: str, code_id: str, index: int) -> LibraryOp:
    from portfolio_app.services.observations import untick as untick_code

    return LibraryOp(lambda lib: untick_code(lib, observation_id, code_id, index))


def take_back(observation_id: str) -> LibraryOp:
    from portfolio_app.services.observations import take_back as taken

    return LibraryOp(lambda lib: taken(lib, observation_id))


def note(observation_id: str, at: float, text: str) -> LibraryOp:
    from portfolio_app.services.observations import add_note

    return LibraryOp(lambda lib: add_note(lib, observation_id, at, text))


def finish(observation_id: str, duration_s: float) -> LibraryOp:
    from portfolio_app.services.observations import finish as finished

    return LibraryOp(lambda lib: finished(lib, observation_id, duration_s))


def seating(observation_id: str) -> LibraryOp:
    from portfolio_app.services.observations import seating as seats

    return LibraryOp(lambda lib: seats(lib, observation_id))


def place(observation_id: str, student_id: str, x: float, y: float) -> LibraryOp:
    from portfolio_app.services.observations import place_student

    return LibraryOp(lambda lib: place_student(lib, observation_id, student_id, x, y))


def signed_summary(evidence_id: str) -> LibraryOp:
    """The PDF summary a teacher's imported observation carried (a path in the store, or None)."""
    from portfolio_app.services.observation_records import summary_path

    return LibraryOp(lambda lib: summary_path(lib, evidence_id))
