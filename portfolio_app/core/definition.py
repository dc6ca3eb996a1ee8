"""Reading credential definitions (JSON, see docs/credential-format.md) into domain objects.

Validation has two steps: the JSON Schema in resources/schemas checks shape and types, then
`_check_references` checks what a schema cannot (unique ids, a passing level that exists).
Every error names the file and the field, e.g. `exit-tickets.json at rubric.criteria[2].levels`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from portfolio_app.core.credential import (
    Alignment,
    Credential,
    Criterion,
    EvidenceKind,
    EvidenceRequirement,
    Issuer,
    Level,
    MethodComponent,
    Part,
    Prompt,
    PromptPart,
    Reference,
    Resource,
    Stack,
    WorkExamplesPart,
)
from portfolio_app.core.errors import DefinitionError
from portfolio_app.core.ids import (
    CredentialId,
    CriterionId,
    LevelId,
    PromptId,
    RequirementId,
    StackId,
)
from portfolio_app.resource_paths import schema_path

CREDENTIAL_FORMAT = "mcp-credential/1"
STACKS_FORMAT = "mcp-stacks/1"


def load_json(path: Path) -> Any:
    """Read a JSON file, turning every way it can fail into a DefinitionError naming it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DefinitionError(path.name, "", f"cannot be read ({exc.strerror or exc})") from exc
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DefinitionError(path.name, "", "is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            path.name, "", f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc


@cache
def _validator(schema_name: str) -> Any:
    import jsonschema  # imported on first use: start-up does not need it

    schema = json.loads(schema_path(schema_name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _field_path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate_against_schema(data: Any, source: str, schema_name: str) -> None:
    """Raise DefinitionError for the most relevant schema violation, if any."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator(schema_name).iter_errors(data))
    if error is None:
        return
    where = _field_path(error.absolute_path) or "the top level"
    raise DefinitionError(source, where, _plain_schema_message(error))


def _plain_schema_message(error: Any) -> str:
    """Schema errors in words a credential author understands."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if name not in (value or {})]
        return f"the field '{missing[0]}' is missing" if missing else error.message
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"unknown field{'s' if len(extra) > 1 else ''}: {', '.join(extra)}"
    if kind == "enum":
        return f"{value!r} is not one of: {', '.join(str(v) for v in expected)}"
    if kind == "const":
        return f"must be {expected!r}, not {value!r}"
    if kind == "type":
        return (
            f"must be {'an' if str(expected)[0] in 'aeiou' else 'a'} {expected}, not {type(value).__name__} {value!r}"
        )
    if kind in ("minLength", "pattern", "not") and isinstance(value, str) and not value.strip():
        return "must not be empty"
    if kind == "pattern":
        return f"{value!r} is not in the expected form (pattern {expected})"
    if kind in ("minItems", "maxItems"):
        return f"needs {'at least' if kind == 'minItems' else 'at most'} {expected} item(s), has {len(value)}"
    if kind in ("minimum", "maximum"):
        return f"must be {'at least' if kind == 'minimum' else 'at most'} {expected}, not {value}"
    if kind == "uniqueItems":
        return "lists the same value twice"
    return error.message


def parse_credential(data: Any, source: str, *, validate: bool = True) -> Credential:
    """Build a Credential from decoded JSON.

    Args:
        data: the decoded JSON document.
        source: the file name used in error messages.
        validate: False only for definitions already validated when they were stored.

    Raises:
        DefinitionError: naming `source` and the field at fault.
    """
    if validate:
        validate_against_schema(data, source, "credential.schema.json")
        _check_references(data, source)
    submission = data["submission"]
    return Credential(
        id=CredentialId(data["id"]),
        version=data["version"],
        title=data["title"],
        summary=data["summary"],
        language=data["language"],
        issuer=Issuer(**data["issuer"]),
        competency=data["competency"],
        key_method=data["key_method"],
        method_components=tuple(MethodComponent(**m) for m in data["method_components"]),
        supporting_research=tuple(Reference(**r) for r in data["supporting_research"]),
        resources=tuple(Resource(**r) for r in data.get("resources", ())),
        overview=_prompt_part(submission["part1"]),
        work_examples=WorkExamplesPart(
            title=submission["part2"]["title"],
            instructions=submission["part2"].get("instructions", ""),
            requirements=tuple(_requirement(r) for r in submission["part2"]["requirements"]),
        ),
        reflection=_prompt_part(submission["part3"]),
        criteria=tuple(_criterion(c) for c in data["rubric"]["criteria"]),
        stacks=tuple(StackId(s) for s in data.get("stacks", ())),
        keywords=tuple(data.get("keywords", ())),
        estimated_hours=data.get("estimated_hours"),
        alignment=tuple(Alignment(**a) for a in data.get("alignment", ())),
    )


def parse_stacks(data: Any, source: str) -> tuple[Stack, ...]:
    """Build the stacks listed in a stacks.json document."""
    validate_against_schema(data, source, "stacks.schema.json")
    return tuple(
        Stack(
            id=StackId(s["id"]),
            title=s["title"],
            description=s.get("description", ""),
            credential_ids=tuple(CredentialId(c) for c in s.get("credentials", ())),
        )
        for s in data["stacks"]
    )


def _prompt_part(raw: Mapping[str, Any]) -> PromptPart:
    return PromptPart(
        title=raw["title"],
        instructions=raw.get("instructions", ""),
        prompts=tuple(
            Prompt(
                id=PromptId(p["id"]),
                text=p["text"],
                max_words=p["max_words"],
                min_words=p.get("min_words", 0),
                guidance=p.get("guidance"),
            )
            for p in raw["prompts"]
        ),
    )


def _requirement(raw: Mapping[str, Any]) -> EvidenceRequirement:
    return EvidenceRequirement(
        id=RequirementId(raw["id"]),
        title=raw["title"],
        description=raw["description"],
        kinds=tuple(EvidenceKind(k) for k in raw["kinds"]),
        min_count=raw.get("min_count", 1),
        max_count=raw.get("max_count"),
        max_video_seconds=raw.get("max_video_seconds"),
        max_file_mb=raw.get("max_file_mb"),
    )


def _criterion(raw: Mapping[str, Any]) -> Criterion:
    return Criterion(
        id=CriterionId(raw["id"]),
        title=raw["title"],
        description=raw["description"],
        part=Part(raw["part"]),
        levels=tuple(Level(id=LevelId(v["id"]), label=v["label"], descriptor=v["descriptor"]) for v in raw["levels"]),
        passing_level=LevelId(raw["passing_level"]),
    )


def _check_references(data: Mapping[str, Any], source: str) -> None:
    submission = data["submission"]
    prompts = [("submission.part1.prompts", i, p) for i, p in enumerate(submission["part1"]["prompts"])]
    prompts += [("submission.part3.prompts", i, p) for i, p in enumerate(submission["part3"]["prompts"])]
    _unique_ids(((f"{path}[{i}].id", p["id"]) for path, i, p in prompts), source, "prompt")
    requirements = submission["part2"]["requirements"]
    _unique_ids(
        ((f"submission.part2.requirements[{i}].id", r["id"]) for i, r in enumerate(requirements)),
        source,
        "requirement",
    )
    for path, index, prompt in prompts:
        if prompt.get("min_words", 0) > prompt["max_words"]:
            raise DefinitionError(source, f"{path}[{index}].min_words", "is larger than max_words")
    for i, requirement in enumerate(requirements):
        if requirement.get("max_count", requirement.get("min_count", 1)) < requirement.get("min_count", 1):
            raise DefinitionError(source, f"submission.part2.requirements[{i}].max_count", "is smaller than min_count")
    criteria = data["rubric"]["criteria"]
    _unique_ids(((f"rubric.criteria[{i}].id", c["id"]) for i, c in enumerate(criteria)), source, "criterion")
    for i, criterion in enumerate(criteria):
        level_ids = [level["id"] for level in criterion["levels"]]
        _unique_ids(((f"rubric.criteria[{i}].levels[{j}].id", lid) for j, lid in enumerate(level_ids)), source, "level")
        if criterion["passing_level"] not in level_ids:
            raise DefinitionError(
                source,
                f"rubric.criteria[{i}].passing_level",
                f"'{criterion['passing_level']}' is not one of this criterion's levels ({', '.join(level_ids)})",
            )


def _unique_ids(entries: Iterable[tuple[str, str]], source: str, what: str) -> None:
    seen: set[str] = set()
    for path, value in entries:
        if value in seen:
            raise DefinitionError(source, path, f"the {what} id '{value}' is used twice")
        seen.add(value)
