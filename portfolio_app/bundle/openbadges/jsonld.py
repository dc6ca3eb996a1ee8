"""pyld, called only with the shipped contexts: expansion, compaction and RDF canonical N-Quads.

Every call goes through here so that none can reach the network: the document loader serves the
shipped contexts and refuses the rest, and resolved contexts are cached apart from pyld's own
process-wide cache (which another library in the same process may fill with other definitions).
"""

from __future__ import annotations

from typing import Any

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.openbadges.contexts import load_context

_resolved: LRUCache = LRUCache(maxsize=64)


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    # 'static': the shipped files never change while the app runs, so their resolution is cached.
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url), "tag": "static"}


def _options(**more: Any) -> dict[str, Any]:
    return {"documentLoader": _loader, "contextResolver": ContextResolver(_resolved, _loader), **more}


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDF Dataset Canonicalization (RDFC-1.0, alias URDNA2015) of `document`, as N-Quads."""
    return _call(jsonld.normalize, document, _options(algorithm="URDNA2015", format="application/n-quads"))


def expand(document: dict[str, Any]) -> list[Any]:
    """The expanded form of `document` (what its JSON means, with every term as an IRI)."""
    return _call(jsonld.expand, document, _options())


def compact(expanded: list[Any], context: Any) -> dict[str, Any]:
    """`expanded` written back with the terms of `context`."""
    return _call(jsonld.compact, expanded, {"@context": context}, _options())


def _call(function, *args):
    try:
        return function(*args)
    except jsonld.JsonLdError as exc:
        raise _explained(exc) from None


def _explained(exc: BaseException) -> BadgeError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, BadgeError):
            return cause
        cause = cause.__cause__ or cause.__context__
    detail = getattr(exc, "message", None) or str(exc).splitlines()[0]
    return BadgeError(f"The credential is not valid JSON-LD: {detail}")
