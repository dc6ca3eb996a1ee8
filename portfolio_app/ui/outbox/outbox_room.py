"""The outbox in the main window: its page (built on first use), the status bar's count, the sender.

The window makes one `OutboxRoom`, adds `action` to a menu, calls `start()` once its first screen
is filled in and `stop()` on close; the rest follows `ops.changed` by itself. Sending starts on its
own when the window opens with items waiting, and whenever an item is queued.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from portfolio_app.core.changes import Changes
from portfolio_app.ui.operations import outbox as outbox_ops

if TYPE_CHECKING:
    from portfolio_app.ui.main_window import MainWindow
    from portfolio_app.ui.outbox.outbox_page import OutboxPage


class OutboxRoom(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self._page: OutboxPage | None = None
        self._first_count = True
        self.sender_ = outbox_ops.OutboxSender(window.ops, self)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(self.tr("Outbox"))
        window.statusBar().addPermanentWidget(self.status_label)
        self.action = QAction(self.tr("&Outbox"), window)
        self.action.setShortcuts(["Ctrl+3"])
        self.action.setStatusTip(self.tr("Bundles and records waiting to be sent, and their receipts"))
        self.action.triggered.connect(self.show_page)

    def start(self) -> None:
        """Count what waits (and send it), and count again whenever the outbox changes.

        Called by the window once its first screen is filled in: nothing here is read at start-up.
        """
        self._window.ops.changed.connect(self._on_ops_changed)
        self._count()

    @property
    def page(self) -> OutboxPage:
        if self._page is None:
            from portfolio_app.ui.outbox.outbox_page import OutboxPage

            self._page = OutboxPage(self._window.ops, self.sender_)
            self._page.failed.connect(self._window.show_error)
            self._window.pages.addWidget(self._page)
        return self._page

    def show_page(self) -> None:
        self._window.pages.setCurrentWidget(self.page)
        self._window.setWindowTitle(self.tr("Outbox — {app}").format(app=self._window.windowTitle().split(" — ")[-1]))

    def queue(self, path) -> None:
        """Queue a file (an exported bundle) for the destination the teacher picks, and send it."""

        def chosen(result) -> None:
            _items, destinations = result
            if not destinations:
                self.show_page()
                self.page.add_destination()
                return
            from portfolio_app.ui.outbox.destination_dialog import choose_destination

            name = choose_destination(self._window, destinations)
            if name is None:
                return
            outbox_ops.queue_file(Path(path), name).success(self._on_queued).failure(self._window.show_error).run(
                self._window.ops, initiator=self
            )

        outbox_ops.list_outbox().success(chosen).run(self._window.ops, initiator=self)

    def _on_queued(self, outcome) -> None:
        self._window.statusBar().showMessage(
            self.tr("{name} is in the Outbox, for {destination}.").format(
                name=outcome.value.name, destination=outcome.value.destination
            ),
            8000,
        )
        self.sender_.start()

    def stop(self) -> None:
        """Stop sending (the upload resumes from the server's offset next time)."""
        self.sender_.stop()

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.outbox:
            self._count()

    def _count(self) -> None:
        outbox_ops.waiting_count().success(self._on_counted).run(self._window.ops, initiator=self)

    def _on_counted(self, count: int) -> None:
        self.status_label.setText(self.tr("{count} waiting to upload").format(count=count) if count else "")
        if self._first_count and count:
            self.sender_.start()  # what waited when the window closed (or a killed app) goes on now
        self._first_count = False
