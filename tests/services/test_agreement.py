"""Cohen's kappa between two observers, checked against the hand computation in each docstring."""

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services.observation_exports import observer_agreement
from portfolio_app.services.observations import code_event, finish, new_observation


def _copus(library, title: str, ticks: dict[str, list[int]]) -> str:
    obs = new_observation(library, "copus", title).value
    for code, intervals in ticks.items():
        for index in intervals:
            code_event(library, obs.id, code, index * 120 + 30)
    finish(library, obs.id, 600)  # 10 minutes: 5 intervals
    return obs.id


def test_kappa_on_copus_intervals_matches_the_hand_computation(library):
    """I-Lec: A {0,1,2}, B {0,1,3} of 5 intervals -> both 2, only A 1, only B 1, neither 1;
    p_o = 3/5, p_e = (3·3 + 2·2)/25 = 13/25, κ = (15/25 − 13/25)/(12/25) = 1/6.
    I-PQ: both {1,3} -> κ = 1. The 23 unused codes: neither 5 each, κ undefined.
    Overall (125 judgements): both 4, only A 1, only B 1, neither 119; p_o = 123/125,
    p_e = (5·5 + 120·120)/125² = 14425/15625, κ = (15375 − 14425)/(15625 − 14425) = 950/1200 = 19/24."""
    a = _copus(library, "Coach", {"I-Lec": [0, 1, 2], "I-PQ": [1, 3]})
    b = _copus(library, "Second observer", {"I-Lec": [0, 1, 3], "I-PQ": [1, 3]})
    result = observer_agreement(library, a, b)
    assert (result.units.kind, result.units.seconds, result.units.count) == ("interval", 120, 5)
    codes = {c.code_id: c.confusion for c in result.codes}
    lec = codes["I-Lec"]
    assert (lec.both, lec.only_a, lec.only_b, lec.neither) == (2, 1, 1, 1)
    assert lec.kappa == pytest.approx(1 / 6)
    assert codes["I-PQ"].kappa == pytest.approx(1.0)
    assert codes["S-L"].kappa is None and codes["S-L"].neither == 5
    overall = result.overall
    assert (overall.both, overall.only_a, overall.only_b, overall.neither) == (4, 1, 1, 119)
    assert overall.kappa == pytest.approx(19 / 24)


def _cycle(library, title: str, talk_end: float, question_at: float) -> str:
    obs = new_observation(library, "coaching-cycle", title).value
    code_event(library, obs.id, "D-teacher", 0, end=talk_end)
    code_event(library, obs.id, "Q-open", question_at)
    finish(library, obs.id, 40)
    return obs.id


def test_kappa_on_bins_of_a_continuous_record_depends_on_the_bin(library):
    """10 s bins (4): teacher talk 0–25 and 0–30 both cover bins {0,1,2} -> κ 1; the question at 12 s
    (bin 1) and at 21 s (bin 2): both 0, only A 1, only B 1, neither 2; p_o = 1/2,
    p_e = (1·1 + 3·3)/16 = 10/16, κ = (8/16 − 10/16)/(6/16) = −1/3. With 30 s bins (2) both
    questions fall in bin 0: κ = 1."""
    a = _cycle(library, "Coach", 25, 12)
    b = _cycle(library, "Teacher", 30, 21)
    ten = observer_agreement(library, a, b)
    assert (ten.units.kind, ten.units.seconds, ten.units.count) == ("bin", 10, 4)
    codes = {c.code_id: c.confusion for c in ten.codes}
    assert codes["D-teacher"].kappa == pytest.approx(1.0)
    question = codes["Q-open"]
    assert (question.both, question.only_a, question.only_b, question.neither) == (0, 1, 1, 2)
    assert question.kappa == pytest.approx(-1 / 3)
    thirty = observer_agreement(library, a, b, 30)
    assert thirty.units.count == 2
    assert {c.code_id: c.confusion for c in thirty.codes}["Q-open"].kappa == pytest.approx(1.0)


def test_different_schemes_are_not_compared(library):
    a = new_observation(library, "copus", "A").value
    b = new_observation(library, "coaching-cycle", "B").value
    with pytest.raises(InvalidInputError, match="same scheme"):
        observer_agreement(library, a.id, b.id)
