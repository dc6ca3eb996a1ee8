"""Observations: interval ticks, point events, toggled and exclusive states, notes, ratings, take-back."""

import pytest

from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.observation import Mode
from portfolio_app.services.observations import (
    add_note,
    code_event,
    finish,
    get_observation,
    get_record,
    list_observations,
    new_observation,
    rate,
    take_back,
    untick,
)
from portfolio_app.services.roster import add_student, create_class
from portfolio_app.services.schemes import remap_key


def test_copus_ticks_the_interval_of_the_moment_once(library):
    obs = new_observation(library, "copus", "Period 3").value
    assert obs.mode is Mode.INTERVAL
    first = code_event(library, obs.id, "I-Lec", 10).value
    again = code_event(library, obs.id, "Lec", 119.9).value
    later = code_event(library, obs.id, "I-Lec", 120).value
    assert (first.event.interval_index, first.event.start_s, first.event.end_s) == (0, 0, 120)
    assert not again.created and again.event.id == first.event.id
    assert later.event.interval_index == 1
    assert [e.interval_index for e in get_record(library, obs.id).events] == [0, 1]
    assert untick(library, obs.id, "I-Lec", 0).value.id == first.event.id
    assert [e.interval_index for e in get_record(library, obs.id).events] == [1]


def test_continuous_points_states_and_exclusive_groups(library):
    obs = new_observation(library, "coaching-cycle", "Fractions").value
    assert obs.mode is Mode.CONTINUOUS
    code_event(library, obs.id, "Q-open", 5)
    code_event(library, obs.id, "D-teacher", 0)
    switched = code_event(library, obs.id, "D-student-student", 30).value  # exclusive: teacher talk ends
    assert [(e.code_id, e.end_s) for e in switched.closed] == [("D-teacher", 30)]
    code_event(library, obs.id, "WT-wait", 40)
    off = code_event(library, obs.id, "WT-wait", 43.5).value  # pressed again: off
    assert not off.created and off.event.end_s == 43.5
    code_event(library, obs.id, "D-quiet", 50, end=70)
    with pytest.raises(InvalidInputError, match="point event"):
        code_event(library, obs.id, "Q-open", 5, end=6)
    with pytest.raises(InvalidInputError, match="no code 'Q-nope'"):
        code_event(library, obs.id, "Q-nope", 5)
    with pytest.raises(InvalidInputError):
        code_event(library, obs.id, "Q-open", -1)
    finish(library, obs.id, 90)
    record = get_record(library, obs.id)
    spans = [(e.code_id, e.start_s, e.end_s) for e in record.closed_events()]
    assert spans == [
        ("D-teacher", 0, 30),
        ("Q-open", 5, None),
        ("D-student-student", 30, 90),  # still on: closed at the observation's end
        ("WT-wait", 40, 43.5),
        ("D-quiet", 50, 70),
    ]


def test_take_back_removes_the_event_entered_last(library):
    obs = new_observation(library, "coaching-cycle", "Fractions").value
    code_event(library, obs.id, "Q-open", 50)
    code_event(library, obs.id, "Q-recall", 20)  # entered last, though earlier in the lesson
    assert take_back(library, obs.id).value.code_id == "Q-recall"
    assert [e.code_id for e in get_record(library, obs.id).events] == ["Q-open"]
    take_back(library, obs.id)
    assert take_back(library, obs.id).value is None


def test_students_come_from_the_class_roster_and_exports_name_them_by_pseudonym(library):
    group = create_class(library, "7B").value
    for name in ("Maya", "Leo"):
        add_student(library, group.id, name)
    obs = new_observation(library, "coaching-cycle", "Discussion", class_name="7b").value
    code_event(library, obs.id, "Q-probe", 12, student="maya")
    with pytest.raises(InvalidInputError, match="not on the class roster"):
        code_event(library, obs.id, "Q-probe", 12, student="Zed")
    record = get_record(library, obs.id)
    assert sorted(record.students.values()) == ["S1", "S2"]
    assert record.students[record.events[0].student_id] == "S2"  # Leo, Maya: roster order


def test_notes_and_ratings(library):
    obs = new_observation(library, "look-fors-questioning-to-deepen-thinking", "Look-fors").value
    add_note(library, obs.id, 61.5, "  Asks why twice  ")
    with pytest.raises(InvalidInputError):
        add_note(library, obs.id, 3, "   ")
    rate(library, obs.id, "wait-time", "progressing", "3 s after most questions")
    rate(library, obs.id, "wait-time", "demonstrated")  # a second rating replaces the first
    with pytest.raises(InvalidInputError, match="no level"):
        rate(library, obs.id, "wait-time", "superb")
    with pytest.raises(InvalidInputError, match="no criterion"):
        rate(library, obs.id, "charisma", "demonstrated")
    record = get_record(library, obs.id)
    assert [(n.at_s, n.text) for n in record.notes] == [(61.5, "Asks why twice")]
    assert [(r.criterion_id, r.level_id) for r in record.ratings] == [("wait-time", "demonstrated")]
    copus = new_observation(library, "copus", "No rubric").value
    with pytest.raises(InvalidInputError, match="not about a credential"):
        rate(library, copus.id, "wait-time", "demonstrated")


def test_an_observation_keeps_its_scheme_as_it_was(library):
    obs = new_observation(library, "copus", "Before the remap").value
    remap_key(library, "copus", "I-Lec", "F5")
    assert get_observation(library, obs.id).scheme.code("I-Lec").key == "1"
    assert new_observation(library, "copus", "After").value.scheme.code("I-Lec").key == "F5"


def test_find_by_prefix_and_list(library):
    obs = new_observation(library, "copus", "Period 3").value
    assert get_observation(library, obs.id[:5]).id == obs.id
    with pytest.raises(NotFoundError):
        get_observation(library, "zzzzzzzzzz")
    code_event(library, obs.id, "S-L", 1)
    [summary] = list_observations(library)
    assert (summary.observation.id, summary.events, summary.notes) == (obs.id, 1, 0)
    with pytest.raises(InvalidInputError, match="no intervals"):
        new_observation(library, "coaching-cycle", "x", mode=Mode.INTERVAL)


def test_the_seating_chart_keeps_where_students_sit(library):
    from portfolio_app.services.observations import place_student, seating

    group = create_class(library, "7B").value
    for name in ("Maya", "Leo", "Sam", "Zoë"):
        add_student(library, group.id, name)
    obs = new_observation(library, "coaching-cycle", "Discussion", class_name="7B").value
    seats = seating(library, obs.id)
    assert [s.name for s in seats] == ["Leo", "Maya", "Sam", "Zoë"]
    assert len({(s.x, s.y) for s in seats}) == 4  # nobody on anybody's lap before the coach arranges them
    sam = next(s for s in seats if s.name == "Sam")
    assert place_student(library, obs.id, sam.student_id, 1.4, 0.25).value.x == 1.0
    moved = next(s for s in seating(library, obs.id) if s.name == "Sam")
    assert (moved.x, moved.y) == (1.0, 0.25)
    assert seating(library, new_observation(library, "copus", "No class").value.id) == []


def test_a_state_toggle_reads_only_the_states_still_on(library):
    from portfolio_app.core.scheme import CodeKind
    from portfolio_app.storage import observations as stored

    obs = new_observation(library, "coaching-cycle", "Many questions").value
    for n in range(30):
        code_event(library, obs.id, "Q-open", n)  # points: no end, and never "on"
    code_event(library, obs.id, "WT-wait", 40)
    states = [c.id for c in obs.scheme.codes if c.kind is CodeKind.STATE]
    assert [e.code_id for e in stored.open_events(library.db, obs.id, states)] == ["WT-wait"]
    assert code_event(library, obs.id, "WT-wait", 45).value.event.end_s == 45
