"""What a credential says was reached: each result's criterion and achieved level, by their names.

Read from a verified credential's `credentialSubject.result` and the achievement's
`resultDescription`s; another issuer's credential may say less, so anything missing is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def achieved_levels(document: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(criterion name, achieved level name) for each result the credential states, in its order."""
    subject = _mapping(document.get("credentialSubject"))
    descriptions = {}
    for description in _list(_mapping(subject.get("achievement")).get("resultDescription")):
        description = _mapping(description)
        levels = {
            _mapping(lv).get("id"): _mapping(lv).get("name") for lv in _list(description.get("rubricCriterionLevel"))
        }
        descriptions[description.get("id")] = (description.get("name"), levels)
    reached = []
    for result in _list(subject.get("result")):
        result = _mapping(result)
        name, levels = descriptions.get(result.get("resultDescription"), (None, {}))
        level = levels.get(result.get("achievedLevel"))
        if isinstance(name, str) and isinstance(level, str):
            reached.append((name, level))
    return tuple(reached)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
