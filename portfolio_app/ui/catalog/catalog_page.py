"""The catalog browser: find a credential, read all of it, start a portfolio from it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.credential import CatalogEntry
from portfolio_app.ui import palette
from portfolio_app.ui.catalog.credential_html import guide_html, rubric_html
from portfolio_app.ui.item_roles import ID_ROLE


class CatalogPage(QWidget):
    start_requested = Signal(str)  # credential id
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._entries: dict[str, CatalogEntry] = {}
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter credentials"))
        self.filter.setAccessibleName(self.tr("Filter credentials"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Credentials"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.list.itemActivated.connect(lambda _item: self._on_start_clicked())
        import_button = QPushButton(self.tr("Import Definition…"))
        import_button.setToolTip(self.tr("Add a credential definition file (.json) to the catalog"))
        import_button.clicked.connect(self.import_requested)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(import_button)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start a Portfolio…"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Credential guide"))
        self.detail.setOpenExternalLinks(True)
        self.rubric = QTextBrowser()
        self.rubric.setAccessibleName(self.tr("Credential rubric"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.detail, self.tr("Guide"))
        self.tabs.addTab(self.rubric, self.tr("Rubric"))
        self.tabs.currentChanged.connect(lambda _index: self._render_rubric())
        self._rubric_for: str | None = None
        button_column = QVBoxLayout()
        button_column.addWidget(self.start_button)
        button_column.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addLayout(button_column)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.tabs, 1)

        self.first_steps = QLabel(
            self.tr(
                "<b>Start here.</b> Pick a micro-credential on the left and read what it asks for: "
                "the questions to answer, the evidence to gather and the rubric reviewers use. "
                "When one fits your goals, press <b>Start a Portfolio…</b>."
            )
        )
        self.first_steps.setWordWrap(True)
        self.first_steps.setStyleSheet(palette.notice_style())
        self.first_steps.hide()
        self.splitter = QSplitter()
        self.splitter.setObjectName("catalogSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([280, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.first_steps)
        layout.addWidget(self.splitter, 1)  # extra height goes to the content, never to the banner

    def show_entries(self, entries: list[CatalogEntry]) -> None:
        current = self.current_credential_id()
        self._entries = {e.credential.id: e for e in entries}
        self.list.clear()
        for entry in entries:
            c = entry.credential
            item = QListWidgetItem(c.title)
            item.setData(ID_ROLE, c.id)
            item.setToolTip(c.summary)
            self.list.addItem(item)
        self._on_filter_text_changed(self.filter.text())
        self.select(current or (entries[0].credential.id if entries else ""))
        if not entries:
            self.heading.setText(self.tr("<h2>The catalog is empty</h2>"))
            self.detail.setHtml(self.tr("<p>Import a credential definition file to begin.</p>"))
            self.start_button.setEnabled(False)

    def select(self, credential_id: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == credential_id:
                self.list.setCurrentItem(item)
                return

    def current_credential_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _on_filter_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            c = self._entries[item.data(ID_ROLE)].credential
            haystack = " ".join([c.title, c.summary, c.competency, *c.keywords]).casefold()
            item.setHidden(not all(w in haystack for w in words))

    def _on_list_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        entry = self._entries[current.data(ID_ROLE)]
        c = entry.credential
        if entry.portfolio_count == 1:
            used = self.tr("You have one portfolio on this credential.")
        elif entry.portfolio_count:
            used = self.tr("You have {n} portfolios on this credential.").format(n=entry.portfolio_count)
        else:
            used = self.tr("You have not started this credential yet.")
        self.heading.setText(f"<h2>{c.title}</h2><p>{self.tr('Version')} {c.version} · {c.issuer.name}<br>{used}</p>")
        self.detail.setHtml(guide_html(c, with_header=False))
        self._render_rubric()
        self.start_button.setEnabled(True)

    def _render_rubric(self) -> None:
        """Lays out the rubric only when its tab is shown: long tables are the costly part."""
        credential_id = self.current_credential_id()
        if self.tabs.currentWidget() is not self.rubric or credential_id in (None, self._rubric_for):
            return
        self._rubric_for = credential_id
        self.rubric.setHtml(rubric_html(self._entries[credential_id].credential))

    def _on_start_clicked(self) -> None:
        credential_id = self.current_credential_id()
        if credential_id:
            self.start_requested.emit(credential_id)
