"""submission.json: canonical JSON that validates against its schema and says everything a reviewer needs."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest
import rfc8785

from portfolio_app.bundle.submission import submission_document, submission_json, word_count
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import TagId
from portfolio_app.resource_paths import schema_path
from tests.bundle.sample_content import as_draft


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(schema_path("submission.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_the_document_validates_against_its_schema(content, validator, draft):
    document = json.loads(submission_json(as_draft(content) if draft else content))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schema_rejects_what_it_should(content, validator):
    document = submission_document(content)
    document["evidence"][0]["file"] = "data/../../etc/passwd"
    document["evidence"][1]["sha256"] = "ABC"
    del document["teacher"]
    assert len(list(validator.iter_errors(document))) == 3


def test_the_bytes_are_canonical_json(content):
    data = submission_json(content)
    assert data == rfc8785.dumps(json.loads(data))
    assert b"\n" not in data and b'": ' not in data


def test_it_holds_the_credential_teacher_responses_tags_and_self_assessment(content):
    document = submission_document(content)
    assert document["format"] == "mcp-submission/1"
    assert (document["credential"]["id"], document["credential"]["version"]) == (
        content.credential.id,
        content.credential.version,
    )
    assert len(document["credential"]["rubric"]) == len(content.credential.criteria)
    assert document["teacher"] == {"name": "Ana María Ortiz", "email": "ana.ortiz@example.org"}
    assert [r["prompt_id"] for r in document["responses"]] == [p.id for p in content.credential.prompts]
    assert all(r["words"] == word_count(r["text"]) > 50 for r in document["responses"])
    video = document["evidence"][0]
    assert video["file"] == "data/" + content.evidence[0].archive_name
    assert video["sha256"] == content.evidence[0].sha256 and video["duration_s"] == 4.0
    assert video["thumbnail"] == f"data/thumbnails/{content.evidence[0].evidence.id}.jpg"
    tags = {t["id"]: t for t in document["tags"]}
    assert tags["tg00000001"]["start_s"] == 1.0 and tags["tg00000001"]["end_s"] == 2.5
    assert tags["tg00000003"]["region"] == {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.25, "page": 0}
    passes = {a["criterion_id"]: a["passes"] for a in document["self_assessment"]}
    assert passes["analysis-of-responses"] is False and passes["exit-ticket-design"] is True
    assert document["draft"] is False and document["outstanding"] == []


@pytest.mark.parametrize(
    "text,words",
    [("", 0), ("One two  three", 3), ("It's a well-known fact.", 4), ("Año 7º — niños", 3), ("  \n\n ", 0)],
)
def test_word_count(text, words):
    assert word_count(text) == words


def test_a_tag_on_evidence_outside_the_bundle_is_refused(content):
    stray = replace(content.tags[0], evidence_id="elsewhere")
    with pytest.raises(InvalidInputError, match="not in the bundle"):
        submission_document(replace(content, tags=(stray,)))


def test_an_assessment_linking_a_missing_tag_is_refused(content):
    linked = replace(content.assessments[0], tag_ids=(TagId("nosuchtag"),))
    with pytest.raises(InvalidInputError, match="nosuchtag"):
        submission_document(replace(content, assessments=(linked,)))


def test_an_unknown_level_is_refused(content):
    wrong = replace(content.assessments[0], level_id="excellent")
    with pytest.raises(InvalidInputError, match="excellent"):
        submission_document(replace(content, assessments=(wrong,)))
