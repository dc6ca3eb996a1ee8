"""An open portfolio: its evidence, answers, self-assessment and checklist, and its credential's
guide (Parts 1–3) and rubric.

The answers tab reads the answers (load_answers) when it opens; the self-assessment reads the
portfolio (load_content), tags and all, when it is shown and again whenever tags, assessments or
evidence change; the checklist reads the readiness list after every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.feedback import Resubmission
from portfolio_app.core.portfolio import Portfolio, PortfolioStatus, Response
from portfolio_app.core.readiness import Place, PortfolioContent, ReadinessItem
from portfolio_app.core.search import HitKind, SearchHit
from portfolio_app.ui.catalog.credential_html import guide_html, rubric_html
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.review import feedback_in_view
from portfolio_app.ui.operations.roster import portfolio_class
from portfolio_app.ui.operations.rubric import load_answers, load_content
from portfolio_app.ui.operations.tag import get_tag
from portfolio_app.ui.workspace.assessment_page import AssessmentPage
from portfolio_app.ui.workspace.checklist_page import ChecklistPage
from portfolio_app.ui.workspace.evidence_pane import EvidencePane
from portfolio_app.ui.workspace.responses_page import ResponsesPage


class WorkspacePage(QWidget):
    failed = Signal(object)  # an answer or self-assessment step the library refused
    export_requested = Signal()  # the Checklist's Export Bundle… button
    roster_requested = Signal()  # the teacher wants the Class Roster

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.portfolio: Portfolio | None = None
        self.credential: Credential | None = None
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.class_line = QLabel()
        self.class_line.setTextFormat(Qt.TextFormat.RichText)
        self.class_line.setAccessibleName(self.tr("Class this portfolio was taught to"))
        self.class_line.linkActivated.connect(lambda _link: self.roster_requested.emit())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.guide = QTextBrowser()
        self.guide.setOpenExternalLinks(True)
        self.guide.setAccessibleName(self.tr("Submission guide"))
        self.rubric = QTextBrowser()
        self.rubric.setAccessibleName(self.tr("Rubric"))
        self._rubric_feedback: tuple | None = None  # (Feedback, earlier) marked in the rubric, once back
        self.evidence = EvidencePane(ops, undo_stack)
        self.responses = ResponsesPage(ops, undo_stack)
        self.assessment = AssessmentPage(ops, undo_stack)
        self.assessment.failed.connect(self.failed)
        self.assessment.tag_activated.connect(self._on_assessment_tag_activated)
        self.checklist = ChecklistPage(ops, self.failed.emit, undo_stack)
        self.checklist.item_activated.connect(self.go_to_item)
        self.checklist.export_requested.connect(self.export_requested)
        self.checklist.readiness_changed.connect(self._on_checklist_readiness_changed)
        self.tabs.addTab(self.evidence, self.tr("&Evidence"))
        self.tabs.addTab(self.responses, self.tr("&Answers"))
        self.tabs.addTab(self.assessment, self.tr("&Self-assessment"))
        self.tabs.addTab(self.checklist, self.tr("Chec&klist"))
        self.tabs.addTab(self.guide, self.tr("&Guide"))
        self.tabs.addTab(self.rubric, self.tr("&Rubric"))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        # The self-assessment is read again only while it is shown, and one read at a time: an
        # import of 300 files does not read the portfolio 300 times.
        self._content_stale = False
        self._reading = False
        self._read_again = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.class_line)
        layout.addWidget(self.tabs, 1)
        ops.changed.connect(self._on_ops_changed)

    def show_portfolio(self, portfolio: Portfolio, credential: Credential) -> None:
        same_credential = self.portfolio is not None and (
            self.portfolio.credential_id,
            self.portfolio.credential_version,
        ) == (credential.id, credential.version)
        opened = self.portfolio is None or self.portfolio.id != portfolio.id
        if opened:
            self.flush()  # typed in the portfolio shown before: saved to it
        self.portfolio, self.credential = portfolio, credential
        self.evidence.show_portfolio(portfolio.id)
        self.evidence.viewer.set_credential(credential)
        if opened:
            self.reload_content(with_answers=True)
            self.checklist.show_portfolio(portfolio.id, {c.id: c.title for c in credential.criteria})
        self._show_class()
        video_limits = [
            r.max_file_mb
            for r in credential.work_examples.requirements
            if r.max_file_mb and EvidenceKind.VIDEO in r.kinds
        ]
        self.evidence.edits.video_limit_mb = min(video_limits) if video_limits else None
        status_text = str(portfolio.status).capitalize()
        if portfolio.status == PortfolioStatus.DRAFT and portfolio.exported_at:
            status_text = self.tr("Draft, changed since the export of {date}").format(date=portfolio.exported_at[:10])
        status = self.tr("{status} · attempt {attempt} · started {date}").format(
            status=status_text, attempt=portfolio.attempt, date=portfolio.created_at[:10]
        )
        self.header.setText(
            f"<h2 style='margin-bottom:0'>{escape(portfolio.title)}</h2>"
            f"<p style='margin-top:2px'>{escape(credential.title)} ({self.tr('version')} {escape(credential.version)})"
            f" · {escape(status)}</p>"
        )
        if not same_credential:  # re-rendering keeps nothing useful and loses the scroll position
            self.guide.setHtml(guide_html(credential, with_header=False))
            self.rubric.setHtml(rubric_html(credential))
            self._rubric_feedback = None
        if opened:
            self._read_feedback()

    def _read_feedback(self) -> None:
        """Mark the reviewer's levels in the rubric (this attempt's feedback, else last attempt's)."""
        if self.portfolio is None:
            return
        portfolio_id = self.portfolio.id

        def show(found) -> None:
            if self.portfolio is None or self.portfolio.id != portfolio_id or found == self._rubric_feedback:
                return
            self._rubric_feedback = found
            if self.credential is not None:
                self.rubric.setHtml(rubric_html(self.credential, *(found or (None, False))))

        feedback_in_view(portfolio_id).success(show).failure(self.failed.emit).run(self.ops, initiator=self)

    def reload_content(self, *, with_answers: bool = False) -> None:
        """Read the open portfolio again for the self-assessment (and the answers, when it opens:
        later reloads must not overwrite what is being typed)."""
        if self.portfolio is None:
            return
        if self._reading and not with_answers:
            self._read_again = True  # once the read under way is back: it may predate the change
            return
        portfolio_id = self.portfolio.id
        # Every tag is read only for the self-assessment on screen; opening a portfolio on
        # another tab reads the answers alone and leaves the self-assessment for when it shows.
        with_tags = self.tabs.currentWidget() is self.assessment
        self._content_stale = not with_tags
        self._reading = True

        def show(
            credential: Credential,
            responses: Mapping[str, Response],
            resubmission: Resubmission | None,
            content: PortfolioContent | None,
        ) -> None:
            self._reading = False
            if self.portfolio is not None and self.portfolio.id == portfolio_id:
                if with_answers:
                    self.responses.show_content(portfolio_id, credential, responses, resubmission)
                if content is not None:
                    self.assessment.show_content(portfolio_id, content)
            if self._read_again:
                self._read_again = False
                self.reload_content()

        def failed(exc: BaseException) -> None:
            self._reading = self._read_again = False
            self.failed.emit(exc)

        if with_tags:
            op = load_content(portfolio_id, with_tags=True)
            op.success(lambda result: show(*_answers_of(result[1]), result[1]))
        else:  # the answers alone: nothing else of the portfolio is read until the self-assessment shows
            op = load_answers(portfolio_id).success(lambda result: show(*result, None))
        op.failure(failed).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        """Follow `changes`: the class line, and the self-assessment (now if it is shown, else when
        it is). The evidence list, the item's tags, its students and the checklist follow on their own."""
        if self.portfolio is None:
            return
        if changes.roster:
            self._show_class()
        if changes.reviews:
            self._read_feedback()
        content = changes.evidence or changes.tags or changes.responses or changes.assessments
        if content and self.portfolio.status == PortfolioStatus.EXPORTED and not changes.portfolios:
            # the library put the portfolio back to draft (its bundle no longer shows what is
            # here): the header, the library list and the checklist read it again
            self.ops.announce(Changes(portfolios=True), self)
        if changes.tags or changes.assessments or changes.evidence:
            self._content_stale = True
            if self.tabs.currentWidget() is self.assessment:
                self.reload_content()

    def _show_class(self) -> None:
        """“Taught to: 7A · Class Roster…” under the header."""
        if self.portfolio is None:
            return
        portfolio_id = self.portfolio.id

        def show(group) -> None:
            if self.portfolio is None or self.portfolio.id != portfolio_id:
                return
            taught = (
                self.tr("Taught to: {name}").format(name=escape(group.name))
                if group
                else self.tr("No class chosen: who appears in the evidence is checked against its roster")
            )
            self.class_line.setText(f"{taught} · <a href='roster'>{escape(self.tr('Class Roster…'))}</a>")

        portfolio_class(portfolio_id).success(show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.assessment and self._content_stale:
            self.reload_content()

    def flush(self) -> None:
        """Save what was typed and not saved yet (switching portfolio, closing the window)."""
        self.responses.flush()
        self.assessment.flush()

    def show_prompt(self, prompt_id: str, portfolio_id: str | None = None) -> None:
        """Switch to the Answers tab with the cursor in a prompt's answer (of `portfolio_id`, once it opens)."""
        self.tabs.setCurrentWidget(self.responses)
        self.responses.select_prompt(prompt_id, portfolio_id)

    def show_criterion(self, criterion_id: str) -> None:
        """Switch to the Self-assessment tab with a criterion selected."""
        self.tabs.setCurrentWidget(self.assessment)
        self.assessment.select_criterion(criterion_id)

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

    def _on_assessment_tag_activated(self, tag_id: str) -> None:
        def show(tag) -> None:
            self.tabs.setCurrentWidget(self.evidence)
            self.evidence.reveal(tag.evidence_id, tag.id)

        get_tag(tag_id).success(show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _on_checklist_readiness_changed(self, readiness) -> None:
        count = len(readiness.items)
        text = self.tr("Chec&klist ({count})").format(count=count) if count else self.tr("Chec&klist ✓")
        self.tabs.setTabText(self.tabs.indexOf(self.checklist), text)


def _answers_of(content: PortfolioContent) -> tuple[Credential, Mapping[str, Response], Resubmission | None]:
    return content.credential, content.responses, content.resubmission
