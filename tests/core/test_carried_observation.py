"""What a tag on a moment of a coach's observation marks."""

from portfolio_app.core.carried_observation import AROUND_S, CarriedEvent, CarriedObservation


def _observation(*events: CarriedEvent, length: float = 240.0) -> CarriedObservation:
    return CarriedObservation("Ratios", "Coach Kim", None, length, events, (), "ab" * 16)  # type: ignore[arg-type]


def test_a_moment_inside_a_coded_stretch_is_tagged_as_that_stretch() -> None:
    discussion = _observation(CarriedEvent("D-teacher", 0.0, 100.0), CarriedEvent("Q-open", 15.0, None))
    assert discussion.span_around(15.0) == (0.0, 100.0)


def test_a_moment_with_no_stretch_around_it_is_tagged_with_seconds_either_side_within_the_lesson() -> None:
    points = _observation(CarriedEvent("Q-open", 15.0, None), CarriedEvent("WT-wait", 30.0, 30.0))
    assert points.span_around(30.0) == (30.0 - AROUND_S[0], 30.0 + AROUND_S[1])  # a zero-length event is a point
    assert points.span_around(2.0) == (0.0, 2.0 + AROUND_S[1])
    assert points.span_around(235.0) == (235.0 - AROUND_S[0], 240.0)
