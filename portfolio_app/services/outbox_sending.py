"""Sending what waits in the outbox: resume, retry with back-off, verify, write the receipt.

Each step that must survive a crash is committed as it happens: the upload URL as soon as the
server names it, the offset after every chunk, the receipt with the state `done` in one
statement. A killed process therefore resumes at the server's offset on the next `send`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import Cancelled, PortfolioError
from portfolio_app.core.outbox import Destination, DestinationKind, ItemState, OutboxItem, Receipt
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.destinations import destination_token, get_destination
from portfolio_app.services.library import Library
from portfolio_app.services.outbox import get_item
from portfolio_app.storage import outbox as stored
from portfolio_app.transfer.folder_copy import FolderUnavailable, deliver_to_folder
from portfolio_app.transfer.tus_upload import (
    Refused,
    Unreachable,
    UploadGone,
    discard_upload,
    send_file,
    server_sha256,
)

ItemProgress = Callable[[OutboxItem, int], None]  # the item and the bytes sent (about every MiB)


def _sleep(seconds: float) -> bool:
    """Wait; True when the wait was cut short by a cancel (the default never is)."""
    threading.Event().wait(seconds)
    return False


@dataclass(frozen=True)
class Patience:
    """How long to keep trying while the destination cannot be reached.

    `give_up_after`: failures in a row without progress before `send` returns with the item still
    waiting (None: never, the window's background sender). A failure after progress (a dropped
    connection) is retried at once; failures without progress wait 1, 2, 4 … up to `longest_wait`
    seconds before the next try.
    """

    give_up_after: int | None = 5
    longest_wait: float = 60.0
    wait: Callable[[float], bool] = _sleep

    def delay(self, failures: int) -> float:
        return 0.0 if failures == 0 else min(self.longest_wait, 2.0 ** (failures - 1))


class _FileChanged(PortfolioError):
    pass


class _CopyDamaged(PortfolioError):
    """The inbox's finished copy differs from the file sent, and the file is still as queued."""

    def __init__(self, message: str, url: str):
        super().__init__(message)
        self.url = url


def send_item(
    library: Library,
    item_id: str,
    *,
    progress: ItemProgress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    patience: Patience | None = None,
) -> Outcome[OutboxItem]:
    """Send one waiting item; returns it as it ends: done (with its receipt), failed, or still waiting.

    Raises:
        Cancelled: `cancelled()` became true (the item stays waiting, resumable).
    """
    patience = patience or Patience()
    item = get_item(library, item_id)
    if item.state != ItemState.WAITING:
        return Outcome(item, Changes())
    destination = get_destination(library, item.destination)
    try:
        _check_unchanged(item)
        if destination.kind == DestinationKind.FOLDER:
            receipt = _to_folder(library, item, destination, progress, cancelled, patience)
        else:
            receipt = _to_tus(library, item, destination, progress, cancelled, patience)
    except (_FileChanged, Refused) as exc:
        _set(library, item, ItemState.FAILED, str(exc))
        return Outcome(get_item(library, item.id), Changes(outbox=True))
    if receipt is not None:
        with library.db.atomic():
            stored.write_receipt(library.db, item.id, receipt)
    return Outcome(get_item(library, item.id), Changes(outbox=True))


def send_waiting(
    library: Library,
    *,
    progress: ItemProgress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    patience: Patience | None = None,
) -> Outcome[list[OutboxItem]]:
    """Send every waiting item, oldest first; returns each as it ended."""
    ended = [
        send_item(library, item.id, progress=progress, cancelled=cancelled, patience=patience).value
        for item in stored.list_items(library.db, (ItemState.WAITING,))
    ]
    return Outcome(ended, Changes(outbox=bool(ended)))


def _to_tus(
    library: Library,
    item: OutboxItem,
    destination: Destination,
    progress: ItemProgress | None,
    cancelled: Callable[[], bool],
    patience: Patience,
) -> Receipt | None:
    token = destination_token(destination)
    upload_url, failures, best, damaged = item.upload_url, 0, item.offset, False

    def on_url(url: str | None) -> None:
        nonlocal upload_url
        upload_url = url
        with library.db.atomic():
            stored.set_upload_url(library.db, item.id, url, now_iso())

    def on_offset(offset: int) -> None:
        with library.db.atomic():
            stored.set_offset(library.db, item.id, offset, now_iso())
        if progress:
            progress(item, offset)

    while True:
        try:
            url = send_file(
                destination.target,
                token,
                Path(item.file),
                name=item.name,
                upload_url=upload_url,
                on_url=on_url,
                on_offset=on_offset,
                on_sending=(lambda position: progress(item, position)) if progress else (lambda _position: None),
                cancelled=cancelled,
            )
            return _tus_receipt(item, destination, url, server_sha256(url, token))
        except _CopyDamaged as exc:
            # Our file is as queued, so the inbox's copy went wrong on its side (two of its servers
            # wrote the upload at once, say). Delete it there and send again from zero, once.
            if damaged:
                raise _FileChanged(f"{exc} It happened twice: ask the district to check its inbox.") from None
            damaged = True
            discard_upload(exc.url, token)
            on_url(None)
            with library.db.atomic():
                stored.set_offset(library.db, item.id, 0, now_iso())
        except UploadGone:
            failures += 1  # the server forgot it: start again at once, from zero
        except Unreachable as exc:
            now = stored.get_item(library.db, item.id)
            offset = now.offset if now else 0
            failures = 0 if offset > best else failures + 1
            best = max(best, offset)
            _count_attempt(library, item, str(exc))
            if patience.give_up_after is not None and failures >= patience.give_up_after:
                return None
            if cancelled() or patience.wait(patience.delay(failures)):
                raise Cancelled("Sending stopped; it goes on from here next time.") from None
        _check_unchanged(item)  # the file may have changed while the network was away


def _tus_receipt(item: OutboxItem, destination: Destination, url: str, theirs: str | None) -> Receipt:
    if theirs is None:  # the destination cannot say: at least make sure what we sent was what was queued
        if _sha256_of(Path(item.file)) != item.sha256:
            raise _FileChanged(f"{item.name} changed while it was being sent: queue it again to send the new one.")
        return Receipt(destination.name, url, item.size, item.sha256, False, now_iso())
    if theirs != item.sha256 and _sha256_of(Path(item.file)) == item.sha256:
        raise _CopyDamaged(
            f"The inbox's copy of {item.name} came out different from the file sent "
            f"(SHA-256 {theirs[:12]}… instead of {item.sha256[:12]}…).",
            url,
        )
    if theirs != item.sha256:
        raise _FileChanged(
            f"The inbox holds a different {item.name} (SHA-256 {theirs[:12]}… instead of {item.sha256[:12]}…): "
            "the file changed while it was sent. Queue it again."
        )
    return Receipt(destination.name, url, item.size, theirs, True, now_iso())


def _to_folder(
    library: Library,
    item: OutboxItem,
    destination: Destination,
    progress: ItemProgress | None,
    cancelled: Callable[[], bool],
    patience: Patience,
) -> Receipt | None:
    failures = 0
    while True:
        try:
            path = deliver_to_folder(
                Path(item.file),
                Path(destination.target),
                item.name,
                item.sha256,
                on_offset=(lambda done: progress(item, done)) if progress else (lambda _: None),
                cancelled=cancelled,
            )
            return Receipt(destination.name, str(path), item.size, item.sha256, True, now_iso())
        except FolderUnavailable as exc:
            failures += 1
            _count_attempt(library, item, str(exc))
            if patience.give_up_after is not None and failures >= patience.give_up_after:
                return None
            if cancelled() or patience.wait(patience.delay(failures)):
                raise Cancelled("Copying stopped; it starts again next time.") from None


def _check_unchanged(item: OutboxItem) -> None:
    """Refuse a file that is gone or differs from what was queued (size and time first, then the hash)."""
    path = Path(item.file)
    try:
        stat = path.stat()
    except OSError:
        raise _FileChanged(f"{item.name} is no longer at {path}: queue it again from where it is now.") from None
    if stat.st_size == item.size and stat.st_mtime_ns == item.mtime_ns:
        return
    if stat.st_size != item.size or _sha256_of(path) != item.sha256:
        raise _FileChanged(
            f"{item.name} has changed since it was queued, so it is not sent: queue it again to send the new one."
        )


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while block := reader.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _count_attempt(library: Library, item: OutboxItem, error: str) -> None:
    with library.db.atomic():
        stored.count_attempt(library.db, item.id, error, now_iso())


def _set(library: Library, item: OutboxItem, state: ItemState, error: str) -> None:
    with library.db.atomic():
        stored.set_state(library.db, item.id, state, error, now_iso())
