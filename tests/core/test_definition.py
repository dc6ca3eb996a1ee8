import copy
import json
from pathlib import Path

import pytest

from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.definition import load_json, parse_credential
from portfolio_app.core.errors import DefinitionError

BUNDLED = sorted(
    p for p in (Path(__file__).resolve().parents[2] / "resources" / "catalog").glob("*.json") if p.name != "stacks.json"
)


@pytest.fixture
def definition() -> dict:
    return load_json(BUNDLED[0])


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_credentials_are_complete(path: Path):
    credential = parse_credential(load_json(path), path.name)
    assert len(credential.overview.prompts) >= 1 and len(credential.reflection.prompts) >= 1
    assert len(credential.work_examples.requirements) >= 1
    assert 4 <= len(credential.criteria) <= 6
    assert {c.part for c in credential.criteria} == set(Part)
    for criterion in credential.criteria:
        assert criterion.passes(criterion.passing_level)
        assert not criterion.passes(criterion.levels[0].id)
        assert all(len(level.descriptor.split()) >= 8 for level in criterion.levels)
    assert any(EvidenceKind.VIDEO in r.kinds for r in credential.work_examples.requirements)


def test_bundled_catalog_has_three_distinct_credentials():
    ids = {load_json(p)["id"] for p in BUNDLED}
    assert len(ids) == len(BUNDLED) == 3


def _error(data: dict) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        parse_credential(data, "broken.json")
    return caught.value


def test_missing_field_is_named(definition: dict):
    del definition["rubric"]["criteria"][1]["passing_level"]
    error = _error(definition)
    assert error.source == "broken.json"
    assert error.field == "rubric.criteria[1]"
    assert "passing_level" in str(error)


def test_wrong_evidence_kind_is_named(definition: dict):
    definition["submission"]["part2"]["requirements"][0]["kinds"] = ["hologram"]
    error = _error(definition)
    assert error.field == "submission.part2.requirements[0].kinds[0]"
    assert "hologram" in str(error) and "video" in str(error)


def test_unknown_field_is_named(definition: dict):
    definition["submission"]["part1"]["prompts"][0]["maxwords"] = 10
    error = _error(definition)
    assert error.field == "submission.part1.prompts[0]"
    assert "maxwords" in str(error)


def test_passing_level_must_be_one_of_the_levels(definition: dict):
    definition["rubric"]["criteria"][2]["passing_level"] = "excellent"
    error = _error(definition)
    assert error.field == "rubric.criteria[2].passing_level"
    assert "excellent" in str(error)


def test_duplicate_criterion_ids_are_refused(definition: dict):
    definition["rubric"]["criteria"][1]["id"] = definition["rubric"]["criteria"][0]["id"]
    assert _error(definition).field == "rubric.criteria[1].id"


def test_prompt_ids_are_unique_across_parts_1_and_3(definition: dict):
    definition["submission"]["part3"]["prompts"][0]["id"] = definition["submission"]["part1"]["prompts"][0]["id"]
    assert _error(definition).field == "submission.part3.prompts[0].id"


def test_min_words_above_max_words_is_refused(definition: dict):
    prompt = definition["submission"]["part3"]["prompts"][0]
    prompt["min_words"], prompt["max_words"] = 300, 200
    assert _error(definition).field == "submission.part3.prompts[0].min_words"


def test_wrong_type_is_named(definition: dict):
    definition["submission"]["part1"]["prompts"][0]["max_words"] = "lots"
    assert _error(definition).field == "submission.part1.prompts[0].max_words"


def test_a_list_instead_of_an_object_is_refused():
    assert _error([]).field == "the top level"  # type: ignore[arg-type]


def test_invalid_json_names_line_and_column(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "x",\n  oops\n}')
    with pytest.raises(DefinitionError, match=r"bad.json: is not valid JSON: .*line 3"):
        load_json(path)


def test_non_utf8_and_missing_files_are_named(tmp_path: Path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"title": "Évaluation"}'.encode("latin-1"))
    with pytest.raises(DefinitionError, match="latin1.json: is not UTF-8"):
        load_json(path)
    with pytest.raises(DefinitionError, match="gone.json: cannot be read"):
        load_json(tmp_path / "gone.json")


def test_parse_does_not_mutate_input(definition: dict):
    before = copy.deepcopy(definition)
    parse_credential(definition, "x.json")
    assert json.dumps(definition, sort_keys=True) == json.dumps(before, sort_keys=True)
