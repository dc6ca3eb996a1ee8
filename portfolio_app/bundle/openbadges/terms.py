"""Only defined terms: a member that no context defines would be left out of what is signed.

RDF canonicalisation signs what the JSON *means*; a member the contexts do not define (a typo, an
invented field) means nothing, so it is silently unsigned and anyone could change it. A credential
is accepted only if writing its meaning back with its own contexts gives the same JSON.
"""

from __future__ import annotations

import json
from typing import Any

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.openbadges.jsonld import compact, expand


def require_defined_terms(document: dict[str, Any], what: str = "The credential") -> None:
    """Refuse `document` if any member or value would change or vanish under its contexts.

    Raises:
        BadgeError: naming the JSON path of the first member that is not carried into what is signed.
    """
    context = document.get("@context")
    body = {k: v for k, v in document.items() if k != "@context"}
    written_back = compact(expand(document), context)
    written_back.pop("@context", None)
    where = _difference(_plain(body), _plain(written_back), "")
    if where is not None:
        raise BadgeError(
            f"{what} has a member its JSON-LD contexts do not define, or a value they cannot carry, "
            f"at {where or '/'}: it would not be covered by the signature."
        )


def _plain(value: Any) -> Any:
    # A one-item array and its item mean the same in JSON-LD (outside @list), and so does the order of a set.
    if isinstance(value, list):
        items = [_plain(v) for v in value]
        return items[0] if len(items) == 1 else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _difference(ours: Any, theirs: Any, path: str) -> str | None:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if key not in ours or key not in theirs:
                return f"{path}/{key}"
            found = _difference(ours[key], theirs[key], f"{path}/{key}")
            if found is not None:
                return found
        return None
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            found = _difference(a, b, f"{path}/{index}")
            if found is not None:
                return found
        return None
    return None if ours == theirs else path
