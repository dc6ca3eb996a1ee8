"""The Outbox page: files waiting to be sent with their progress, receipts, and where they go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.outbox import Destination, ItemState, OutboxItem
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import outbox as outbox_ops
from portfolio_app.ui.outbox.destination_dialog import DestinationDialog, choose_destination

_ID = Qt.ItemDataRole.UserRole
_FILE, _TO, _STATE, _PROGRESS, _RECEIPT = range(5)


class OutboxPage(QWidget):
    """Follows `ops.changed` (outbox) for its list; the sender's `progressed` for the bars."""

    failed = Signal(object)

    def __init__(self, ops: Operations, sender: outbox_ops.OutboxSender, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.sender_ = sender
        self._items: dict[str, OutboxItem] = {}
        self._destinations: list[Destination] = []

        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Outbox"))
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [self.tr("File"), self.tr("To"), self.tr("State"), self.tr("Sent"), self.tr("Receipt")]
        )
        self.list.header().setSectionResizeMode(_FILE, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(_RECEIPT, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel(
            self.tr(
                "Nothing waits to be sent. Add an exported bundle, or a signed observation or feedback, "
                "and it goes as soon as the destination can be reached."
            )
        )
        self.empty.setWordWrap(True)
        self.destinations_label = QLabel()
        self.destinations_label.setWordWrap(True)
        self.status = QLabel()

        self.add_button = QPushButton(self.tr("&Add File…"))
        self.add_button.clicked.connect(lambda: self.add_files())
        self.send_button = QPushButton(self.tr("&Send Now"))
        self.send_button.clicked.connect(self.sender_.start)
        self.retry_button = QPushButton(self.tr("&Try Again"))
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.destination_button = QPushButton(self.tr("Add &Destination…"))
        self.destination_button.clicked.connect(self.add_destination)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.send_button, self.retry_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.destination_button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<h2>Outbox</h2>")))
        layout.addWidget(self.destinations_label)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        ops.changed.connect(self._on_ops_changed)
        sender.progressed.connect(self._on_sender_progressed)
        sender.running_changed.connect(lambda _running: self._update_buttons())
        self.reload()

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        outbox_ops.list_outbox().success(self._on_outbox_loaded).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.outbox:
            self.reload()

    def _on_outbox_loaded(self, result) -> None:
        items, destinations = result
        self._destinations = destinations
        current = self.current_item_id()
        self._items = {item.id: item for item in items}
        self.list.clear()
        for item in items:
            row = QTreeWidgetItem([item.name, item.destination, self._state_text(item), "", self._receipt_text(item)])
            row.setData(_FILE, _ID, item.id)
            row.setToolTip(_FILE, f"{item.file}\nSHA-256 {item.sha256}")
            if item.last_error:
                row.setToolTip(_STATE, item.last_error)
            self.list.addTopLevelItem(row)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(item.fraction * 1000))
            bar.setAccessibleName(self.tr("Sent of {name}").format(name=item.name))
            self.list.setItemWidget(row, _PROGRESS, bar)
            if item.id == current:
                self.list.setCurrentItem(row)
        self.empty.setVisible(not items)
        self.list.setVisible(bool(items))
        self.destinations_label.setText(self._destinations_text())
        self._update_buttons()

    def _state_text(self, item: OutboxItem) -> str:
        if item.state == ItemState.DONE:
            return self.tr("Sent")
        if item.state == ItemState.FAILED:
            return self.tr("Not sent: {reason}").format(reason=item.last_error)
        if item.attempts and item.last_error:
            return self.tr("Waiting (tried {count}×)").format(count=item.attempts)
        return self.tr("Waiting")

    def _receipt_text(self, item: OutboxItem) -> str:
        if item.receipt is None:
            return ""
        at = item.receipt.at[:16].replace("T", " ") + " UTC"
        if item.receipt.verified:
            return self.tr("{at}: the destination has the same SHA-256").format(at=at)
        return self.tr("{at}: unverified (the destination cannot check)").format(at=at)

    def _destinations_text(self) -> str:
        if not self._destinations:
            return self.tr("No destination yet: add the district's upload address or a folder (a USB drive).")
        names = ", ".join(f"{d.name} ({d.target})" for d in self._destinations)
        return self.tr("Destinations: {names}").format(names=names)

    def current_item_id(self) -> str | None:
        row = self.list.currentItem()
        return row.data(_FILE, _ID) if row is not None else None

    def progress_of(self, item_id: str) -> int:
        """The bar's value (0–1000) for an item, for tests and screen readers."""
        for index in range(self.list.topLevelItemCount()):
            row = self.list.topLevelItem(index)
            if row.data(_FILE, _ID) == item_id:
                return self.list.itemWidget(row, _PROGRESS).value()
        return -1

    def _on_sender_progressed(self, item_id: str, offset: int, size: int) -> None:
        for index in range(self.list.topLevelItemCount()):
            row = self.list.topLevelItem(index)
            if row.data(_FILE, _ID) == item_id:
                self.list.itemWidget(row, _PROGRESS).setValue(round(1000 * offset / max(size, 1)))
                row.setText(_STATE, self.tr("Sending"))
        self.status.setText(self.tr("Sending…"))

    # -- acting -----------------------------------------------------------------------------

    def add_files(self, paths: list[str] | None = None, destination: str | None = None) -> None:
        """Queue files (asks for them without `paths`), then send in the background."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self, self.tr("Add to the Outbox"), "", self.tr("Signed bundles and records (*.zip);;All files (*)")
            )
        if destination is None and self._destinations:
            destination = choose_destination(self, self._destinations)
            if destination is None:
                return
        for path in paths:
            outbox_ops.queue_file(Path(path), destination).success(lambda _o: self.sender_.start()).failure(
                self.failed.emit
            ).run(self.ops, initiator=self)

    def add_destination(self) -> None:
        dialog = DestinationDialog(self)
        if dialog.exec() != DestinationDialog.DialogCode.Accepted:
            return
        name, url, token, folder = dialog.values()
        outbox_ops.add_destination(name, url=url, token=token, folder=folder).failure(self.failed.emit).run(
            self.ops, initiator=self
        )

    def _on_retry_clicked(self) -> None:
        item_id = self.current_item_id()
        if item_id:
            outbox_ops.retry_item(item_id).success(lambda _o: self.sender_.start()).run(self.ops, initiator=self)

    def _on_remove_clicked(self) -> None:
        item_id = self.current_item_id()
        if item_id:
            outbox_ops.remove_item(item_id).failure(self.failed.emit).run(self.ops, initiator=self)

    def _update_buttons(self) -> None:
        item = self._items.get(self.current_item_id() or "")
        waiting = any(i.state == ItemState.WAITING for i in self._items.values())
        self.send_button.setEnabled(waiting and not self.sender_.running)
        self.retry_button.setEnabled(item is not None and item.state == ItemState.FAILED)
        self.remove_button.setEnabled(
            item is not None and not (self.sender_.running and item.state == ItemState.WAITING)
        )
        self.add_button.setEnabled(bool(self._destinations))
        if not self.sender_.running:
            self.status.setText("")
