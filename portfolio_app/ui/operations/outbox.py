"""Ops on the outbox (destinations, queued files, receipts) and the background sender.

The sender is the one exception to "every write on the database worker": an upload takes
minutes to hours and writes its offset as it goes, so it runs on a thread of its own with its
own connection to the library (SQLite serialises the writes), exactly as `portfolio outbox send`
in a terminal beside the open window would. It announces what it changed through the
operations, so every view refreshes as usual.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import Cancelled
from portfolio_app.core.outbox import OutboxItem
from portfolio_app.ui.operations import LibraryOp, MediaOp, Operations

if TYPE_CHECKING:
    pass


def list_outbox() -> LibraryOp:
    """(items oldest first, destinations)."""
    from portfolio_app.services import destinations, outbox  # requests and tuspy: not on the start-up path

    return LibraryOp(lambda library: (outbox.list_outbox(library), destinations.list_destinations(library)))


def waiting_count() -> LibraryOp:
    def count(library) -> int:
        # On the worker: the window counts right after its first screen, and stays free meanwhile.
        from portfolio_app.services import outbox

        return outbox.waiting_count(library)

    return LibraryOp(count)


def queue_file(path: Path, destination: str | None) -> MediaOp:
    """Hash the file on the media worker, then queue it on the database worker."""
    from portfolio_app.services import outbox  # requests and tuspy: not on the start-up path

    return MediaOp(
        lambda _library, report, _cancelled: outbox.hash_file(path, lambda f: report(f, "")),
        lambda library, hashed: outbox.queue_hashed(library, hashed, destination),
        lambda _library, _hashed: None,  # nothing was made that could be left behind
    )


def remove_item(item_id: str) -> LibraryOp:
    from portfolio_app.services import outbox  # requests and tuspy: not on the start-up path

    return LibraryOp(lambda library: outbox.remove_item(library, item_id))


def retry_item(item_id: str) -> LibraryOp:
    from portfolio_app.services import outbox  # requests and tuspy: not on the start-up path

    return LibraryOp(lambda library: outbox.retry_item(library, item_id))


def add_destination(name: str, *, url: str | None, token: str | None, folder: str | None) -> LibraryOp:
    from portfolio_app.services import destinations  # requests and tuspy: not on the start-up path

    return LibraryOp(lambda library: destinations.add_destination(library, name, url=url, token=token, folder=folder))


def remove_destination(name: str) -> LibraryOp:
    from portfolio_app.services import destinations  # requests and tuspy: not on the start-up path

    return LibraryOp(lambda library: destinations.remove_destination(library, name))


class OutboxSender(QObject):
    """Sends what waits, in the background, until all is sent or `stop()`; waits while offline.

    `progressed(item_id, bytes_there, size)` as each chunk lands; the outbox's `changed` is
    announced as items start, end, or fail. `start()` while running sends newly queued items too.
    """

    progressed = Signal(str, int, int)
    running_changed = Signal(bool)
    _relay_progress = Signal(str, int, int)
    _relay_ended = Signal()
    _relay_failed = Signal(object)

    def __init__(self, ops: Operations, parent: QObject | None = None):
        super().__init__(parent)
        self._ops = ops
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._again = threading.Event()
        self._relay_progress.connect(self._on_relay_progress)  # queued: from the sending thread to the GUI
        self._relay_ended.connect(self._on_relay_ended)
        self._relay_failed.connect(ops.failed)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            self._again.set()  # the running pass picks up what was queued since
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._send, name="outbox-sender", daemon=True)
        self._thread.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        """Ask the sender to stop after the current chunk, and wait for it (the item stays resumable)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._on_relay_ended()

    def _send(self) -> None:
        from portfolio_app.services.library import open_library
        from portfolio_app.services.outbox_sending import Patience, send_waiting

        library = open_library(self._ops.data_dir, sync_catalog=False)
        patience = Patience(give_up_after=None, wait=self._stop.wait)
        try:
            while not self._stop.is_set():
                self._again.clear()
                try:
                    send_waiting(library, progress=self._on_progress, cancelled=self._stop.is_set, patience=patience)
                except Cancelled:
                    break  # stopped on purpose: the item stays waiting and resumes next time
                except Exception as exc:  # noqa: BLE001  (shown; the item stays waiting for the next start)
                    self._relay_failed.emit(exc)
                    break
                if not self._again.is_set():
                    break
        finally:
            library.close()
            self._relay_ended.emit()

    def _on_progress(self, item: OutboxItem, offset: int) -> None:
        self._relay_progress.emit(item.id, offset, item.size)

    def _on_relay_progress(self, item_id: str, offset: int, size: int) -> None:
        self.progressed.emit(item_id, offset, size)

    def _on_relay_ended(self) -> None:
        if self._thread is None:
            return
        self._thread.join()
        self._thread = None
        self.running_changed.emit(False)
        self._ops.announce(Changes(outbox=True))
