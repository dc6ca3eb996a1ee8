"""Coach against teacher: ratings side by side, with the share agreeing and kappa by hand."""

import json
from pathlib import Path

import pytest

from portfolio_app.core.definition import parse_credential
from portfolio_app.core.rating_comparison import compare_ratings

CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog"


def test_ratings_side_by_side_with_agreement():
    """Ranks (coach, teacher) on 4 criteria both rated: (2,2) (1,2) (1,1) (0,1).
    p_o = 2/4; coach ranks {2:1, 1:2, 0:1}, teacher {2:2, 1:2}; p_e = (1·2 + 2·2 + 1·0)/16 = 6/16;
    κ = (8/16 − 6/16)/(10/16) = 0.2."""
    credential = parse_credential(json.loads((CATALOG / "questioning-to-deepen-thinking.json").read_text()), "q")
    coach = {
        "context-and-purpose": ("demonstrated", "Clear goal on the board"),
        "higher-order-questions": ("progressing", ""),
        "wait-time": ("progressing", "About 2 s"),
        "probing-follow-up": ("not-yet", ""),
        "equitable-participation": ("progressing", "not rated by the teacher"),
    }
    teacher = {
        "context-and-purpose": "demonstrated",
        "higher-order-questions": "demonstrated",
        "wait-time": "progressing",
        "probing-follow-up": "progressing",
        "reflection-on-evidence": "demonstrated",
    }
    result = compare_ratings(credential, coach, teacher)
    rows = {r.criterion_id: r for r in result.criteria}
    assert (rows["wait-time"].coach_level, rows["wait-time"].teacher_level, rows["wait-time"].agree) == (
        "Progressing",
        "Progressing",
        True,
    )
    assert rows["higher-order-questions"].difference == 1  # the teacher rated it one level higher
    assert rows["equitable-participation"].agree is None and rows["reflection-on-evidence"].coach_level is None
    assert (result.both_rated, result.same_level) == (4, 2)
    assert result.kappa == pytest.approx(0.2)
