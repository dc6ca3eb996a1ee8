"""A generated lesson observed two ways: COPUS per interval and coaching-cycle codes continuously."""

from __future__ import annotations

from portfolio_app.services.observations import add_note, code_event, finish, new_observation, rate
from portfolio_app.services.roster import add_student, create_class


def copus_lesson(library, minutes: int = 20) -> str:
    """A COPUS observation: lecture with questions, then group work, with notes."""
    obs = new_observation(library, "copus", "Period 3, fractions", teacher="Ana Ortiz", lesson="Fractions").value
    for interval in range(minutes // 2):
        at = interval * 120 + 15
        if interval < minutes // 4:
            for code in ("I-Lec", "I-RtW", "S-L"):
                code_event(library, obs.id, code, at)
            if interval % 2:
                code_event(library, obs.id, "I-PQ", at + 40)
                code_event(library, obs.id, "S-AnQ", at + 45)
        else:
            for code in ("I-MG", "S-WG"):
                code_event(library, obs.id, code, at)
            if interval % 3 == 0:
                code_event(library, obs.id, "I-1o1", at + 30)
    add_note(library, obs.id, 62.0, "Writes 3/4 and 6/8 side by side; asks which is larger.")
    add_note(library, obs.id, 62.0, "Two hands up.")
    add_note(library, obs.id, minutes * 30 + 5, "Groups of four, one worksheet each.")
    finish(library, obs.id, minutes * 60)
    return obs.id


def discussion_lesson(library) -> str:
    """A continuous coaching-cycle observation of a class discussion, with students and ratings."""
    group = create_class(library, "7B").value
    for name in ("Maya", "Leo", "Sam"):
        add_student(library, group.id, name)
    obs = new_observation(
        library, "coaching-cycle", "Discussion of ratios", class_name="7B", portfolio_id=None, teacher="Ana Ortiz"
    ).value
    code_event(library, obs.id, "D-teacher", 0)
    for n, (at, student) in enumerate([(20, "Maya"), (55, "Leo"), (80, "Maya"), (130, "Sam"), (160, "Maya")]):
        code_event(library, obs.id, "Q-open" if n % 2 else "Q-recall", at - 5)
        code_event(library, obs.id, "WT-wait", at - 4)
        code_event(library, obs.id, "WT-wait", at - 1)
        code_event(library, obs.id, "Q-probe", at, student=student)
    code_event(library, obs.id, "D-student-student", 100)
    code_event(library, obs.id, "F-specific", 170)
    code_event(library, obs.id, "D-quiet", 200)
    add_note(library, obs.id, 101, "Pairs compare ratio tables — 'mine says 2:3 --> 4:6'.")
    finish(library, obs.id, 240)
    return obs.id


def rated_look_fors(library) -> str:
    obs = new_observation(library, "look-fors-questioning-to-deepen-thinking", "Look-fors, period 2").value
    for at, code in ((30, "higher-order-questions"), (45, "wait-time"), (90, "probing-follow-up")):
        code_event(library, obs.id, code, at)
    rate(library, obs.id, "wait-time", "progressing", "About 2 s after most questions.")
    finish(library, obs.id, 300)
    return obs.id
