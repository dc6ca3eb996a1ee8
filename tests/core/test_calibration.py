"""Cohen's kappa against worked examples, and agreement per criterion."""

import pytest

from portfolio_app.core.calibration import agreement, cohens_kappa
from portfolio_app.core.errors import InvalidInputError


def test_kappa_matches_a_worked_example():
    # 50 items: both yes 20, both no 15, yes/no 5, no/yes 10 -> p_o 0.7, p_e 0.5, kappa 0.4
    pairs = [("y", "y")] * 20 + [("n", "n")] * 15 + [("y", "n")] * 5 + [("n", "y")] * 10
    assert cohens_kappa(pairs) == pytest.approx(0.4)


def test_kappa_is_one_for_full_agreement_over_several_levels_and_none_when_chance_explains_all():
    assert cohens_kappa([("a", "a"), ("b", "b"), ("c", "c")]) == pytest.approx(1.0)
    assert cohens_kappa([("a", "a"), ("a", "a")]) is None
    assert cohens_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)


def test_agreement_per_criterion():
    first = {"c1": ("demonstrated", True), "c2": ("progressing", False), "c3": ("demonstrated", True)}
    second = {"c1": ("demonstrated", True), "c2": ("demonstrated", True), "c3": ("demonstrated", True)}
    result = agreement("r1", first, "r2", second, same_decision=False)
    assert [c.agree for c in result.criteria] == [True, False, True]
    assert result.share == pytest.approx(2 / 3)
    assert result.kappa == pytest.approx(0.0)
    with pytest.raises(InvalidInputError, match="c3"):
        agreement("r1", first, "r2", {"c1": ("x", True), "c2": ("y", True)}, same_decision=True)


def test_pooled_agreement_across_the_bundles_both_reviewers_scored():
    from portfolio_app.core.calibration import pooled_agreement

    first = {"b1": {"c1": "d", "c2": "p"}, "b2": {"c1": "d", "c2": "d"}, "b3": {"c1": "p", "c2": "p"}}
    second = {"b1": {"c1": "d", "c2": "d"}, "b2": {"c1": "d", "c2": "d"}}  # b3 not scored by the second
    result = pooled_agreement("r1", first, "r2", second)
    assert result.bundles == 2 and result.per_criterion == {"c1": 1.0, "c2": 0.5}
    assert result.share == pytest.approx(0.75)
    # pairs (d,d) (p,d) (d,d) (d,d): p_o 0.75, p_e = (3/4 * 4/4) = 0.75 -> kappa 0
    assert result.kappa == pytest.approx(0.0)
    with pytest.raises(InvalidInputError, match="no bundle in common"):
        pooled_agreement("r1", {"b9": {}}, "r2", second)
