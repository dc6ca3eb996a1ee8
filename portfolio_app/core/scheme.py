"""Observation coding schemes: codes with keys, grouped, point or state, optionally per interval.

The JSON form is documented in docs/scheme-format.md and checked by
resources/schemas/scheme.schema.json; `parse_scheme` adds the checks a schema cannot make.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from portfolio_app.core.credential import Credential
from portfolio_app.core.definition import validate_against_schema
from portfolio_app.core.errors import DefinitionError, InvalidInputError

SCHEME_FORMAT = "mcp-scheme/1"
LOOK_FORS_PREFIX = "look-fors-"
# Keys the app keeps for itself while coding, and keys many laptops do not have.
RESERVED_KEYS = {" ": "Space (pause and resume)"}
MISSING_KEYS = ("Home", "End", "PgUp", "PgDn", "PageUp", "PageDown", "Insert", "Ins")


class CodeKind(enum.StrEnum):
    POINT = "point"  # one moment
    STATE = "state"  # on until switched off


@dataclass(frozen=True)
class CodeGroup:
    id: str
    label: str
    exclusive: bool = False  # switching one state of the group on switches the others off


@dataclass(frozen=True)
class Code:
    id: str
    key: str
    label: str
    group: str
    kind: CodeKind
    description: str = ""
    criterion: str | None = None  # the rubric criterion a look-for is about
    question: bool = False  # the teacher asking a question: talk time measures the wait after it


@dataclass(frozen=True)
class Category:
    """Codes collapsed into one share of a summary (COPUS: Presenting, Guiding, …)."""

    id: str
    label: str
    group: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    title: str
    description: str
    groups: tuple[CodeGroup, ...]
    codes: tuple[Code, ...]
    categories: tuple[Category, ...] = ()
    interval_seconds: int | None = None  # None: coded continuously
    credential: tuple[str, str] | None = None  # (id, version) of the credential looked for

    def code(self, code_id: str) -> Code:
        """The code with this id; raises InvalidInputError listing the scheme's codes."""
        for code in self.codes:
            if code.id == code_id:
                return code
        for code in self.codes:  # a coach types "lec" for "I-Lec": accept an unambiguous short form
            if code.id.casefold().split("-", 1)[-1] == code_id.casefold() and _unique_short(self, code_id):
                return code
        known = ", ".join(c.id for c in self.codes)
        raise InvalidInputError(f"The scheme “{self.title}” has no code '{code_id}'. Its codes: {known}.")

    def by_key(self, key: str) -> Code | None:
        return next((c for c in self.codes if c.key == key), None)

    def group(self, group_id: str) -> CodeGroup:
        return next(g for g in self.groups if g.id == group_id)

    def codes_of(self, group_id: str) -> tuple[Code, ...]:
        return tuple(c for c in self.codes if c.group == group_id)

    def with_key(self, code_id: str, key: str) -> Scheme:
        """The scheme with one code's key changed; refuses a key in use, reserved or missing on laptops."""
        code = self.code(code_id)
        check_key(key, f"the key for {code.id}")
        other = self.by_key(key)
        if other is not None and other.id != code.id:
            raise InvalidInputError(f"The key {key!r} is already {other.id} ({other.label}) in “{self.title}”.")
        codes = tuple(replace(c, key=key) if c.id == code.id else c for c in self.codes)
        return replace(self, codes=codes)


def _unique_short(scheme: Scheme, short: str) -> bool:
    return sum(1 for c in scheme.codes if c.id.casefold().split("-", 1)[-1] == short.casefold()) == 1


def check_key(key: str, what: str) -> None:
    """Refuse keys a laptop lacks and keys the app keeps for itself, naming `what`."""
    if key in MISSING_KEYS:
        raise InvalidInputError(f"{what}: {key} is not on many laptops; use a letter, digit or sign, or F1 to F12.")
    if key in RESERVED_KEYS:
        raise InvalidInputError(f"{what}: {RESERVED_KEYS[key]} is kept by the app.")
    if not (len(key) == 1 and "!" <= key <= "~") and key not in {f"F{n}" for n in range(1, 13)}:
        raise InvalidInputError(f"{what}: {key!r} is not one printable character or F1 to F12.")


def parse_scheme(data: Any, source: str) -> Scheme:
    """Build a Scheme from decoded JSON, checking it whole.

    Raises:
        DefinitionError: naming `source` and the field at fault.
    """
    if isinstance(data, Mapping):
        _check_keys_first(data, source)
    validate_against_schema(data, source, "scheme.schema.json")
    groups = tuple(CodeGroup(g["id"], g["label"], bool(g.get("exclusive", False))) for g in data["groups"])
    codes = tuple(
        Code(
            id=c["id"],
            key=c["key"],
            label=c["label"],
            group=c["group"],
            kind=CodeKind(c["kind"]),
            description=c.get("description", ""),
            criterion=c.get("criterion"),
            question=bool(c.get("question", False)),
        )
        for c in data["codes"]
    )
    categories = tuple(Category(c["id"], c["label"], c["group"], tuple(c["codes"])) for c in data.get("categories", ()))
    credential = data.get("credential")
    scheme = Scheme(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        description=data.get("description", ""),
        groups=groups,
        codes=codes,
        categories=categories,
        interval_seconds=data.get("interval_seconds"),
        credential=(credential["id"], credential["version"]) if credential else None,
    )
    _check_references(scheme, source)
    return scheme


def _check_keys_first(data: Mapping[str, Any], source: str) -> None:
    """A Home or PgUp key gets its own message, before the schema's generic pattern one."""
    codes = data.get("codes")
    if not isinstance(codes, list):
        return
    for index, code in enumerate(codes):
        key = code.get("key") if isinstance(code, Mapping) else None
        if isinstance(key, str) and (key in MISSING_KEYS or key in RESERVED_KEYS):
            try:
                check_key(key, "key")
            except InvalidInputError as exc:
                raise DefinitionError(source, f"codes[{index}].key", str(exc).removeprefix("key: ")) from None


def _check_references(scheme: Scheme, source: str) -> None:
    group_ids = [g.id for g in scheme.groups]
    _unique(((f"groups[{i}].id", g) for i, g in enumerate(group_ids)), source, "group id")
    _unique(((f"codes[{i}].id", c.id) for i, c in enumerate(scheme.codes)), source, "code id")
    _unique(((f"codes[{i}].key", c.key) for i, c in enumerate(scheme.codes)), source, "key")
    for i, code in enumerate(scheme.codes):
        if code.group not in group_ids:
            raise DefinitionError(source, f"codes[{i}].group", f"'{code.group}' is not one of the groups")
    code_ids = {c.id: c for c in scheme.codes}
    for i, category in enumerate(scheme.categories):
        if category.group not in group_ids:
            raise DefinitionError(source, f"categories[{i}].group", f"'{category.group}' is not one of the groups")
        for j, code_id in enumerate(category.codes):
            if code_id not in code_ids or code_ids[code_id].group != category.group:
                raise DefinitionError(
                    source, f"categories[{i}].codes[{j}]", f"'{code_id}' is not a code of the group {category.group}"
                )


def _unique(entries, source: str, what: str) -> None:
    seen: set[str] = set()
    for path, value in entries:
        if value in seen:
            raise DefinitionError(source, path, f"the {what} {value!r} is used twice")
        seen.add(value)


# Keys for look-fors: digits first, then letters, in the order a coach reaches them.
_LOOK_FOR_KEYS = "1234567890qwertyuiopasdfghjklzxcvbnm"


def look_fors_scheme(credential: Credential) -> Scheme:
    """A scheme with one point code per rubric criterion of `credential`, keyed 1, 2, 3, …"""
    codes = tuple(
        Code(
            id=criterion.id[:40],
            key=_LOOK_FOR_KEYS[index],
            label=criterion.title,
            group="look-fors",
            kind=CodeKind.POINT,
            description=criterion.description,
            criterion=criterion.id,
        )
        for index, criterion in enumerate(credential.criteria[: len(_LOOK_FOR_KEYS)])
    )
    return Scheme(
        id=f"{LOOK_FORS_PREFIX}{credential.id}"[:80],
        version=credential.version,
        title=f"Look-fors: {credential.title}",
        description=f"One code per rubric criterion of “{credential.title}” (version {credential.version}): "
        "log a moment each time the criterion is seen.",
        groups=(CodeGroup("look-fors", "Look-fors"),),
        codes=codes,
        credential=(credential.id, credential.version),
    )


def scheme_document(scheme: Scheme) -> dict[str, Any]:
    """The scheme in its JSON form (what an observation keeps a copy of)."""
    document: dict[str, Any] = {
        "format": SCHEME_FORMAT,
        "id": scheme.id,
        "version": scheme.version,
        "title": scheme.title,
        "description": scheme.description,
        "groups": [{"id": g.id, "label": g.label, "exclusive": g.exclusive} for g in scheme.groups],
        "codes": [
            {"id": c.id, "key": c.key, "label": c.label, "description": c.description, "group": c.group}
            | {"kind": str(c.kind)}
            | ({"criterion": c.criterion} if c.criterion else {})
            | ({"question": True} if c.question else {})
            for c in scheme.codes
        ],
        "categories": [
            {"id": c.id, "label": c.label, "group": c.group, "codes": list(c.codes)} for c in scheme.categories
        ],
    }
    if scheme.interval_seconds is not None:
        document["interval_seconds"] = scheme.interval_seconds
    if scheme.credential is not None:
        document["credential"] = {"id": scheme.credential[0], "version": scheme.credential[1]}
    return document
