"""The outbox queue: what waits to be sent where. Sending itself is in outbox_sending."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.bundle.bagit_files import parse_manifest
from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.ids import new_id
from portfolio_app.core.outbox import ItemState, OutboxItem, OutboxItemId
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.library import Library
from portfolio_app.storage import outbox as stored

BLOCK = 1 << 20


@dataclass(frozen=True)
class HashedFile:
    """A file read once to be queued: what it was then."""

    path: Path
    sha256: str
    size: int
    mtime_ns: int


def hash_file(file: str | Path, progress: Callable[[float], None] | None = None) -> HashedFile:
    """Read a file to be queued once, for its SHA-256 (long: the window runs it on the media worker).

    Raises:
        InvalidInputError: the file is missing or empty.
    """
    path = Path(file).expanduser().resolve()
    if not path.is_file():
        raise InvalidInputError(f"{path} is not a file that can be sent.")
    stat = path.stat()
    if stat.st_size == 0:
        raise InvalidInputError(f"{path.name} is empty: there is nothing to send.")
    return HashedFile(path, _sha256(path, stat.st_size, progress), stat.st_size, stat.st_mtime_ns)


def queue_hashed(library: Library, hashed: HashedFile, destination: str | None = None) -> Outcome[OutboxItem]:
    """Queue a hashed file for `destination` (default: the library's only one).

    Queueing the same content for the same destination again gives the existing item.

    Raises:
        InvalidInputError: it is (or carries) an unblurred original, or the destination is not clear.
        NotFoundError: no such destination.
    """
    from portfolio_app.services.destinations import get_destination  # keyring: not for the status bar's count

    target = get_destination(library, destination) if destination else _only_destination(library)
    _refuse_unblurred(library, hashed.path, hashed.sha256)
    existing = stored.find_queued(library.db, hashed.sha256, target.name)
    if existing is not None:
        return Outcome(existing, Changes())
    item = OutboxItem(
        OutboxItemId(new_id()),
        str(hashed.path),
        hashed.path.name,
        hashed.sha256,
        hashed.size,
        hashed.mtime_ns,
        target.name,
        None,
        0,
        ItemState.WAITING,
        0,
        "",
        now_iso(),
        None,
    )
    with library.db.atomic():
        stored.insert_item(library.db, item)
    return Outcome(item, Changes(outbox=True))


def queue_file(
    library: Library,
    file: str | Path,
    destination: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> Outcome[OutboxItem]:
    """Queue a signed file (a bundle, an observation or feedback record) for a destination.

    The file is hashed now; it is sent only if it is still the same then (see queue_hashed).
    """
    from portfolio_app.services.destinations import get_destination

    get_destination(library, destination) if destination else _only_destination(library)  # before reading
    return queue_hashed(library, hash_file(file, progress), destination)


def list_outbox(library: Library, states: tuple[ItemState, ...] | None = None) -> list[OutboxItem]:
    return stored.list_items(library.db, states)


def get_item(library: Library, item_id: str) -> OutboxItem:
    item = stored.get_item(library.db, item_id)
    if item is None:
        raise NotFoundError(f"There is no outbox item {item_id} (`portfolio outbox list` shows them).")
    return item


def waiting_count(library: Library) -> int:
    """How many items wait to be sent (the status bar's number)."""
    return stored.count_waiting(library.db)


def remove_item(library: Library, item_id: str) -> Outcome[OutboxItem]:
    """Take an item out of the outbox (a finished one's receipt goes with it). The file stays where it is."""
    item = get_item(library, item_id)
    with library.db.atomic():
        stored.delete_item(library.db, item.id)
    return Outcome(item, Changes(outbox=True))


def retry_item(library: Library, item_id: str) -> Outcome[OutboxItem]:
    """Put a failed item back to waiting (after its token was fixed); a changed file must be queued anew."""
    item = get_item(library, item_id)
    if item.state != ItemState.FAILED:
        return Outcome(item, Changes())
    with library.db.atomic():
        stored.set_state(library.db, item.id, ItemState.WAITING, "", now_iso())
    return Outcome(get_item(library, item.id), Changes(outbox=True))


def _only_destination(library: Library):
    destinations = stored.list_destinations(library.db)
    if len(destinations) == 1:
        return destinations[0]
    if not destinations:
        raise InvalidInputError(
            "There is nowhere to send to yet: add a destination first "
            "(`portfolio destinations add NAME --url URL` or `--folder DIR`)."
        )
    names = ", ".join(d.name for d in destinations)
    raise InvalidInputError(f"Say where to send it (--to NAME): there are several destinations ({names}).")


def _refuse_unblurred(library: Library, path: Path, sha256: str) -> None:
    """An original whose faces were blurred or names redacted never leaves the laptop, alone or in a bag."""
    originals = stored.unblurred_originals(library.db)
    if not originals:
        return
    by_hash = {blob: title for _id, blob, title in originals if blob}
    by_id = {evidence_id: title for evidence_id, _blob, title in originals}
    if sha256 in by_hash:
        raise InvalidInputError(
            f"{path.name} is the original of “{by_hash[sha256]}”, which has a blurred or redacted copy: "
            "only the copy may leave this computer. Export a bundle and send that."
        )
    for entry, entry_hash, evidence_id in _bag_evidence(path):
        title = by_hash.get(entry_hash) or by_id.get(evidence_id)
        if title:
            raise InvalidInputError(
                f"{path.name} carries {entry}, the original of “{title}”, which has a blurred or redacted copy: "
                "export the bundle again (it takes the copy) and send the new one."
            )


def _bag_evidence(path: Path) -> list[tuple[str, str, str]]:
    """(entry, SHA-256, evidence id) of a zipped bag: its manifest, and the evidence its submission.json lists."""
    found: list[tuple[str, str, str]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            tops = {name.split("/", 1)[0] for name in archive.namelist()}
            if len(tops) != 1:
                return []
            top = tops.pop()
            manifest = _member(archive, f"{top}/manifest-sha256.txt")
            if manifest is not None:
                entries, _problems = parse_manifest(manifest)
                found += [(entry, digest, "") for entry, digest in entries.items()]
            submission = _member(archive, f"{top}/data/submission.json")
            if submission is not None:
                evidence = json.loads(submission).get("evidence", [])
                found += [(e.get("file", ""), e.get("sha256", ""), e.get("id", "")) for e in evidence]
    except (zipfile.BadZipFile, OSError, ValueError, AttributeError):
        return []
    return found


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    return archive.read(info) if info.file_size <= 64 << 20 else None


def _sha256(path: Path, size: int, progress: Callable[[float], None] | None) -> str:
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
            done += len(block)
            if progress and size:
                progress(done / size)
    return digest.hexdigest()
