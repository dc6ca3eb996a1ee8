from pathlib import Path

from portfolio_app.core.badges import achievement
from portfolio_app.core.definition import load_json, parse_credential

CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog"


def _credential():
    path = CATALOG / "questioning-to-deepen-thinking.json"
    return parse_credential(load_json(path), path.name)


def test_achievement_maps_each_criterion_to_a_rubric_result_description():
    credential = _credential()
    doc = achievement(credential)
    assert doc["type"] == ["Achievement"] and doc["achievementType"] == "MicroCredential"
    assert doc["id"] == f"urn:mcp:credential:{credential.id}:{credential.version}"
    assert doc["name"] == credential.title and doc["inLanguage"] == credential.language
    assert len(doc["resultDescription"]) == len(credential.criteria)
    for result, criterion in zip(doc["resultDescription"], credential.criteria, strict=True):
        assert result["resultType"] == "RubricCriterionLevel"
        assert result["name"] == criterion.title
        level_ids = [level["id"] for level in result["rubricCriterionLevel"]]
        assert [lv["name"] for lv in result["rubricCriterionLevel"]] == [lv.label for lv in criterion.levels]
        assert result["requiredLevel"] in level_ids
        assert result["requiredLevel"].endswith(f"-level-{criterion.passing_level}")


def test_achievement_carries_alignment_and_criteria_narrative():
    credential = _credential()
    doc = achievement(credential)
    assert all({"type", "targetName", "targetUrl"} <= set(a) for a in doc.get("alignment", []))
    assert len(doc.get("alignment", [])) == len(credential.alignment)
    assert credential.key_method in doc["criteria"]["narrative"]
    assert all(p.text in doc["criteria"]["narrative"] for p in credential.prompts)
