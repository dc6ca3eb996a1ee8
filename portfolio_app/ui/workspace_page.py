"""An open portfolio: its evidence, and its credential's guide (Parts 1–3) and rubric.

The tagging, responses and self-assessment panes join these tabs as they are built.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.portfolio import Portfolio
from portfolio_app.core.readiness import Place, ReadinessItem
from portfolio_app.services.library import Library
from portfolio_app.services.search import HitKind, SearchHit
from portfolio_app.ui.checklist_page import ChecklistPage
from portfolio_app.ui.credential_html import guide_html, rubric_html
from portfolio_app.ui.evidence_pane import EvidencePane
from portfolio_app.ui.tasks import TaskRunner


class WorkspacePage(QWidget):
    def __init__(self, library: Library, runner: TaskRunner, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.portfolio: Portfolio | None = None
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.guide = QTextBrowser()
        self.guide.setOpenExternalLinks(True)
        self.guide.setAccessibleName(self.tr("Submission guide"))
        self.rubric = QTextBrowser()
        self.rubric.setAccessibleName(self.tr("Rubric"))
        self.evidence = EvidencePane(library, runner, undo_stack)
        self.checklist = ChecklistPage(library, runner, self.evidence.failed.emit)
        self.checklist.item_activated.connect(self.go_to_item)
        self.checklist.readiness_changed.connect(self._on_checklist_readiness_changed)
        self.tabs.addTab(self.evidence, self.tr("&Evidence"))
        self.tabs.addTab(self.guide, self.tr("&Guide"))
        self.tabs.addTab(self.rubric, self.tr("&Rubric"))
        self.tabs.addTab(self.checklist, self.tr("Chec&klist"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    def show_portfolio(self, portfolio: Portfolio, credential: Credential) -> None:
        same_credential = self.portfolio is not None and (
            self.portfolio.credential_id,
            self.portfolio.credential_version,
        ) == (credential.id, credential.version)
        self.portfolio = portfolio
        self.evidence.show_portfolio(portfolio.id)
        self.evidence.viewer.set_credential(credential)
        self.checklist.show_portfolio(portfolio.id)
        video_limits = [
            r.max_file_mb
            for r in credential.work_examples.requirements
            if r.max_file_mb and EvidenceKind.VIDEO in r.kinds
        ]
        self.evidence.edits.video_limit_mb = min(video_limits) if video_limits else None
        status = self.tr("{status} · attempt {attempt} · started {date}").format(
            status=str(portfolio.status).capitalize(), attempt=portfolio.attempt, date=portfolio.created_at[:10]
        )
        self.header.setText(
            f"<h2 style='margin-bottom:0'>{escape(portfolio.title)}</h2>"
            f"<p style='margin-top:2px'>{escape(credential.title)} ({self.tr('version')} {escape(credential.version)})"
            f" · {escape(status)}</p>"
        )
        if not same_credential:  # re-rendering keeps nothing useful and loses the scroll position
            self.guide.setHtml(guide_html(credential, with_header=False))
            self.rubric.setHtml(rubric_html(credential))

    def on_changes(self, changes: Changes) -> None:
        """The library changed: what this page shows from it follows."""
        if changes.tags:
            self.evidence.viewer.tags.reload()
        if changes.evidence or changes.tags or changes.responses or changes.assessments:
            self.checklist.refresh()

    # -- going to a place -------------------------------------------------------------------

    def go_to_item(self, item: ReadinessItem) -> None:
        """Show where a checklist item is fixed."""
        if item.place == Place.EVIDENCE:
            self.tabs.setCurrentWidget(self.evidence)
            self.evidence.reveal(item.target)
        elif item.place == Place.REQUIREMENT:
            self.tabs.setCurrentWidget(self.evidence)
            self.evidence.reveal_requirement(item.target)
        elif item.place == Place.PROMPT:
            self.show_prompt(item.target)
        elif item.place == Place.CRITERION:
            self.show_criterion(item.target)

    def reveal(self, hit: SearchHit) -> None:
        """Show a search result: the evidence (and the tag, played or outlined), or the answer."""
        if hit.kind == HitKind.RESPONSE and hit.prompt_id:
            self.show_prompt(hit.prompt_id)
        elif hit.evidence_id:
            self.tabs.setCurrentWidget(self.evidence)
            self.evidence.reveal(hit.evidence_id, hit.tag_id)

    def show_prompt(self, prompt_id: str) -> None:
        self.tabs.setCurrentWidget(self.guide)
        self.guide.scrollToAnchor(f"prompt-{prompt_id}")

    def show_criterion(self, criterion_id: str) -> None:
        self.tabs.setCurrentWidget(self.rubric)
        self.rubric.scrollToAnchor(f"criterion-{criterion_id}")

    def _on_checklist_readiness_changed(self, readiness) -> None:
        index = self.tabs.indexOf(self.checklist)
        count = len(readiness.items)
        self.tabs.setTabText(
            index, self.tr("Chec&klist ({count})").format(count=count) if count else self.tr("Chec&klist ✓")
        )
