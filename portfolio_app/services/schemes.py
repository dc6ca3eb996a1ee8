"""Use cases of coding schemes: the built-in ones, imports, and keys a coach remaps."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from portfolio_app.core.changes import NOTHING, Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.definition import load_json
from portfolio_app.core.errors import DefinitionError, NotFoundError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.scheme import LOOK_FORS_PREFIX, Scheme, look_fors_scheme, parse_scheme
from portfolio_app.resource_paths import schemes_dir
from portfolio_app.services.catalog import list_credentials
from portfolio_app.services.library import Library
from portfolio_app.storage import schemes as stored

SCHEMES = Changes(observations=True)


@dataclass(frozen=True)
class SchemeEntry:
    scheme: Scheme
    source: str  # "built-in", "look-fors" or "imported"


@cache
def _bundled(folder: Path) -> tuple[Scheme, ...]:
    return tuple(parse_scheme(load_json(path), path.name) for path in sorted(folder.glob("*.json")))


def _without_keys(library: Library) -> list[SchemeEntry]:
    entries = [SchemeEntry(s, "built-in") for s in _bundled(schemes_dir())]
    entries += [SchemeEntry(look_fors_scheme(e.credential), "look-fors") for e in list_credentials(library)]
    entries += [SchemeEntry(s, "imported") for s in stored.imported_schemes(library.db)]
    return entries


def list_schemes(library: Library) -> list[SchemeEntry]:
    """Every scheme: built in, look-fors of each catalog credential, and imported; with remapped keys."""
    return [SchemeEntry(_remapped(library, e.scheme), e.source) for e in _without_keys(library)]


def get_scheme(library: Library, scheme_id: str) -> Scheme:
    """One scheme by id, with the keys this library remapped.

    Raises:
        NotFoundError: no such scheme; the message lists the known ids.
    """
    for entry in _without_keys(library):
        if entry.scheme.id == scheme_id:
            return _remapped(library, entry.scheme)
    known = ", ".join(e.scheme.id for e in _without_keys(library))
    raise NotFoundError(f"There is no coding scheme '{scheme_id}'. The schemes are: {known}.")


def _remapped(library: Library, scheme: Scheme) -> Scheme:
    overrides = stored.key_overrides(library.db, scheme.id)
    if not overrides:
        return scheme
    # remap_key checked each key against the others when it was set
    codes = tuple(replace(c, key=overrides.get(c.id, c.key)) for c in scheme.codes)
    return replace(scheme, codes=codes)


def import_scheme(library: Library, path: Path) -> Outcome[Scheme]:
    """Add a scheme file, whole or not at all; the same file twice changes nothing.

    Raises:
        DefinitionError: the file is broken or its id is taken; names the file and the field.
    """
    data = load_json(path)
    scheme = parse_scheme(data, path.name)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    existing = stored.imported_scheme(library.db, scheme.id)
    if existing is None and any(e.scheme.id == scheme.id for e in _without_keys(library)):
        raise DefinitionError(path.name, "id", f"'{scheme.id}' is a built-in scheme's id; choose another")
    if existing is not None:
        if stored.imported_digest(library.db, scheme.id) == digest:
            return Outcome(scheme, NOTHING)
        raise DefinitionError(path.name, "id", f"a different scheme '{scheme.id}' is already imported")
    with library.db.atomic():
        stored.insert_scheme(library.db, scheme, digest, now_iso())
    return Outcome(scheme, SCHEMES)


def remap_key(library: Library, scheme_id: str, code_id: str, key: str) -> Outcome[Scheme]:
    """Give one code of a scheme another key (for this library's new observations).

    Raises:
        InvalidInputError: the key is taken by another code, reserved, or missing on laptops.
    """
    scheme = get_scheme(library, scheme_id)
    changed = scheme.with_key(code_id, key)
    code = changed.code(code_id)
    keys = stored.key_overrides(library.db, scheme.id) | {code.id: key}
    with library.db.atomic():
        stored.set_keys(library.db, scheme.id, keys)
    return Outcome(changed, SCHEMES)


def is_look_fors(scheme: Scheme) -> bool:
    return scheme.id.startswith(LOOK_FORS_PREFIX) and scheme.credential is not None
