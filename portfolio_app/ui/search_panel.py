"""Find (Ctrl+F): words in evidence titles and notes, tag notes and answers, across the library
or in the open portfolio. Results arrive as the teacher types; choosing one goes to its place."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.search import HIGHLIGHT_END, HIGHLIGHT_START, HitKind, SearchHit
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.portfolio import search

TYPING_PAUSE_MS = 200
_HIT_ROLE = Qt.ItemDataRole.UserRole


def snippet_html(hit: SearchHit) -> str:
    return escape(hit.snippet).replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>")


class SearchPanel(QWidget):
    hit_activated = Signal(object)  # SearchHit

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        ops.changed.connect(self._on_ops_changed)
        self.portfolio_id: str | None = None
        self._asked = 0
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Find in titles, notes, tags and answers"))
        self.field.setAccessibleName(self.tr("Find"))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.only_open = QCheckBox(self.tr("Only this portfolio"))
        self.only_open.toggled.connect(lambda _on: self.run_search())
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.results.itemClicked.connect(self._on_results_item_activated)
        self.status = QLabel()
        self.status.setEnabled(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(self.only_open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

    def set_portfolio(self, portfolio_id: str | None) -> None:
        self.portfolio_id = portfolio_id
        self.only_open.setEnabled(portfolio_id is not None)

    def focus_field(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        # What is shown may name a tag or answer that changed or went: ask again.
        if self.field.text().strip() and (changes.evidence or changes.tags or changes.responses or changes.portfolios):
            self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.field.text()
        scope = self.portfolio_id if self.only_open.isChecked() and self.only_open.isEnabled() else None
        self._asked += 1
        asked = self._asked
        if not text.strip():
            self._show([], "")
            return

        def show(hits: list[SearchHit]) -> None:
            if asked == self._asked:  # an answer to an older question is dropped
                self._show(hits, text)

        search(text, scope).success(show).failure(lambda _exc: self._show([], text)).run(self.ops, initiator=self)

    def _show(self, hits: list[SearchHit], text: str) -> None:
        self.results.clear()
        kinds = {
            HitKind.EVIDENCE: self.tr("Evidence"),
            HitKind.TAG: self.tr("Tag"),
            HitKind.RESPONSE: self.tr("Answer"),
        }
        for hit in hits:
            item = QListWidgetItem()
            item.setData(_HIT_ROLE, hit)
            label = QLabel(
                f"<small>{escape(kinds[hit.kind])} · {escape(hit.portfolio_title)}</small><br>"
                f"<b>{escape(hit.title)}</b> — {snippet_html(hit)}"
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(4, 2, 4, 2)
            item.setSizeHint(label.sizeHint())
            item.setToolTip(hit.plain_snippet)
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        if not text.strip():
            self.status.setText("")
        elif not hits:
            self.status.setText(self.tr("Nothing found for “{text}”.").format(text=text))
        else:
            count = len(hits)
            self.status.setText(
                self.tr("1 result") if count == 1 else self.tr("{count} results, newest first").format(count=count)
            )

    def hits(self) -> list[SearchHit]:
        return [self.results.item(row).data(_HIT_ROLE) for row in range(self.results.count())]

    def _on_field_return_pressed(self) -> None:
        self.run_search()
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        self.hit_activated.emit(item.data(_HIT_ROLE))
