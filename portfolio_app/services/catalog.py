"""Use cases of the credential catalog: list, show, import, and keeping the bundled one in."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_app.core.changes import NOTHING, Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import CatalogEntry, Credential, Stack
from portfolio_app.core.definition import load_json, parse_credential, parse_stacks
from portfolio_app.core.errors import DefinitionError, NotFoundError
from portfolio_app.core.ids import StackId
from portfolio_app.core.outcome import Outcome
from portfolio_app.resource_paths import catalog_dir
from portfolio_app.storage import credentials as stored
from portfolio_app.storage import portfolios as stored_portfolios

if TYPE_CHECKING:  # the library opens with the catalog synced: it calls here, never the reverse
    from portfolio_app.services.library import Library

STACKS_FILE = "stacks.json"


def list_credentials(library: Library) -> list[CatalogEntry]:
    """Every credential in the library, newest version of each, sorted by title."""
    counts = stored_portfolios.count_for_credential(library.db)
    newest: dict[str, Credential] = {}
    all_versions: dict[str, list[str]] = {}
    for credential in stored.load_all(library.db):
        all_versions.setdefault(credential.id, []).append(credential.version)
        current = newest.get(credential.id)
        if current is None or stored.version_key(credential.version) > stored.version_key(current.version):
            newest[credential.id] = credential
    entries = []
    for credential in newest.values():
        found = stored.find(library.db, credential.id, credential.version)
        versions = tuple(sorted(all_versions[credential.id], key=stored.version_key))
        used = sum(counts.get((credential.id, v), 0) for v in versions)
        entries.append(CatalogEntry(credential, versions, found.source if found else "", used))
    return sorted(entries, key=lambda e: e.credential.title.casefold())


def get_credential(library: Library, credential_id: str, version: str | None = None) -> Credential:
    """One credential definition; the newest version unless `version` is given.

    Raises:
        NotFoundError: no such credential or version in the catalog.
    """
    known = stored.versions(library.db, credential_id)
    if not known:
        raise NotFoundError(
            f"There is no credential '{credential_id}' in the catalog. `portfolio credentials list` shows the ids."
        )
    chosen = version or known[-1]
    credential = stored.load(library.db, credential_id, chosen)
    if credential is None:
        raise NotFoundError(f"The credential '{credential_id}' has no version {chosen} (it has {', '.join(known)}).")
    return credential


def list_stacks(library: Library) -> dict[StackId, Stack]:
    return stored.stacks(library.db)


def import_credential(library: Library, path: Path) -> Outcome[Credential]:
    """Add a credential definition file to the catalog, all or nothing.

    Raises:
        DefinitionError: the file is broken; names the file and the field.
    """
    text, digest = _read_definition(path)
    credential = parse_credential(json.loads(text), path.name)
    existing = stored.find(library.db, credential.id, credential.version)
    if existing is not None:
        if existing.digest == digest:
            return Outcome(credential, NOTHING)
        raise DefinitionError(
            path.name,
            "version",
            f"'{credential.id}' version {credential.version} is already in the catalog with different "
            "content; give the changed definition a new version number",
        )
    for known in stored.versions(library.db, credential.id):
        if stored.version_key(known) == stored.version_key(credential.version):
            raise DefinitionError(
                path.name,
                "version",
                f"'{credential.version}' is the same version as the "
                f"'{known}' already in the catalog; use a higher version number",
            )
    with library.db.atomic():
        stored.save(library.db, credential, text, digest, "imported", now_iso())
    return Outcome(credential, Changes(credentials=True))


def sync_bundled_catalog(library: Library, folder: Path | None = None) -> Changes:
    """Store the bundled definitions that are new or changed since the last start.

    Unchanged files cost a read and a hash each; only changed ones are validated.
    """
    folder = folder or catalog_dir()
    if not folder.is_dir():
        return NOTHING
    pending: list[tuple[Credential, str, str]] = []
    for path in sorted(folder.glob("*.json")):
        if path.name == STACKS_FILE:
            continue
        text, digest = _read_definition(path)
        data = json.loads(text)
        if not isinstance(data, dict):
            parse_credential(data, path.name)  # raises, naming the file
        found = stored.find(library.db, str(data.get("id", "")), str(data.get("version", "")))
        if found is not None and (found.digest == digest or found.source == "imported"):
            continue
        pending.append((parse_credential(data, path.name), text, digest))
    new_stacks = _changed_stacks(library, folder / STACKS_FILE)
    if not pending and not new_stacks:
        return NOTHING
    with library.db.atomic():
        now = now_iso()
        for credential, text, digest in pending:
            stored.save(library.db, credential, text, digest, "bundled", now)
        for stack in new_stacks:
            stored.save_stack(library.db, stack)
    return Changes(credentials=True)


def _changed_stacks(library: Library, path: Path) -> list[Stack]:
    """Stacks in `path` that differ from the stored ones; the schema check runs only then."""
    if not path.is_file():
        return []
    data = load_json(path)
    known = {(s.id, s.title, s.description) for s in stored.stacks(library.db).values()}
    try:
        listed = {(s["id"], s["title"], s.get("description", "")) for s in data["stacks"]}
    except (KeyError, TypeError, AttributeError):
        listed = None  # malformed: parse_stacks below says where
    if listed is not None and listed <= known:
        return []
    return [s for s in parse_stacks(data, STACKS_FILE) if (s.id, s.title, s.description) not in known]


def _read_definition(path: Path) -> tuple[str, str]:
    data = load_json(path)  # raises DefinitionError naming the file when unreadable
    # Stored compactly so the digest does not depend on indentation or key order on disk.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
