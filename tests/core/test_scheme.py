"""Coding schemes: the built-in ones are valid, broken files name the field, keys are laptop keys."""

import copy
import json
from pathlib import Path

import pytest

from portfolio_app.core.errors import DefinitionError, InvalidInputError
from portfolio_app.core.scheme import CodeKind, parse_scheme, scheme_document

SCHEMES = Path(__file__).resolve().parents[2] / "resources" / "schemes"


def _copus() -> dict:
    return json.loads((SCHEMES / "copus.json").read_text(encoding="utf-8"))


def test_copus_has_the_published_13_student_and_12_instructor_codes_per_2_minutes():
    scheme = parse_scheme(_copus(), "copus.json")
    students = [c.id.removeprefix("S-") for c in scheme.codes_of("students")]
    instructor = [c.id.removeprefix("I-") for c in scheme.codes_of("instructor")]
    assert students == ["L", "Ind", "CG", "WG", "OG", "AnQ", "SQ", "WC", "Prd", "SP", "TQ", "W", "O"]
    assert instructor == ["Lec", "RtW", "FUp", "PQ", "CQ", "AnQ", "MG", "1o1", "D/V", "Adm", "W", "O"]
    assert scheme.interval_seconds == 120
    collapsed = {(c.group, c.label) for c in scheme.categories}
    assert {("instructor", label) for label in ("Presenting", "Guiding", "Administration", "Other")} <= collapsed
    assert {("students", label) for label in ("Receiving", "Working", "Other")} <= collapsed
    # every code is in exactly one collapsed category of its group
    in_categories = [code for c in scheme.categories for code in c.codes]
    assert sorted(in_categories) == sorted(c.id for c in scheme.codes)


def test_a_scheme_survives_its_json_form():
    scheme = parse_scheme(_copus(), "copus.json")
    assert parse_scheme(scheme_document(scheme), "again") == scheme


@pytest.mark.parametrize(
    "change,field,words",
    [
        (lambda d: d["codes"][3].__setitem__("key", "Home"), "codes[3].key", "not on many laptops"),
        (lambda d: d["codes"][3].__setitem__("key", "PgUp"), "codes[3].key", "not on many laptops"),
        (lambda d: d["codes"][3].__setitem__("key", " "), "codes[3].key", "kept by the app"),
        (lambda d: d["codes"][4].__setitem__("key", "l"), "codes[4].key", "used twice"),
        (lambda d: d["codes"][2].__setitem__("group", "teachers"), "codes[2].group", "not one of the groups"),
        (lambda d: d["codes"][5].__setitem__("kind", "moment"), "codes[5].kind", "not one of"),
        (lambda d: d["codes"][1].pop("label"), "codes[1]", "'label' is missing"),
        (lambda d: d["categories"][0]["codes"].append("S-L"), "categories[0].codes[3]", "not a code of the group"),
        (lambda d: d.__setitem__("interval_seconds", 0), "interval_seconds", "at least 5"),
    ],
)
def test_a_broken_scheme_names_the_field(change, field, words):
    data = copy.deepcopy(_copus())
    change(data)
    with pytest.raises(DefinitionError) as caught:
        parse_scheme(data, "walk.json")
    assert caught.value.source == "walk.json"
    assert caught.value.field == field
    assert words in caught.value.problem


def test_keys_can_be_remapped_but_not_onto_another_code_or_a_missing_key():
    scheme = parse_scheme(_copus(), "copus.json")
    moved = scheme.with_key("I-Lec", "F1")
    assert moved.by_key("F1").id == "I-Lec" and moved.by_key("1") is None
    with pytest.raises(InvalidInputError, match="already S-L"):
        scheme.with_key("I-Lec", "l")
    for key in ("End", "PgDn", "ab"):
        with pytest.raises(InvalidInputError):
            scheme.with_key("I-Lec", key)


def test_short_code_names_are_accepted_when_unambiguous():
    scheme = parse_scheme(_copus(), "copus.json")
    assert scheme.code("lec").id == "I-Lec"
    with pytest.raises(InvalidInputError, match="no code 'AnQ'"):
        scheme.code("AnQ")  # students' and instructor's


def test_coaching_cycle_discourse_states_are_exclusive():
    scheme = parse_scheme(json.loads((SCHEMES / "coaching-cycle.json").read_text()), "coaching-cycle.json")
    assert scheme.group("discourse").exclusive
    assert {c.kind for c in scheme.codes_of("discourse")} == {CodeKind.STATE}
    assert scheme.interval_seconds is None
