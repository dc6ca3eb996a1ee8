"""What opening a portfolio reads: the answers alone for the Answers tab, the whole portfolio (tags and
all) only once the self-assessment shows, and the checklist's own read."""

from __future__ import annotations

from portfolio_app.core.changes import Changes
from portfolio_app.services import readiness, rubric
from portfolio_app.ui.sidebar import NodeKind


def test_opening_reads_the_answers_alone_and_the_self_assessment_when_it_shows(window, portfolio, library, monkeypatch):
    rubric.save_response(library, portfolio.id, "class-context", "Wait time after each question.")
    reads = []
    load_content = readiness.load_content

    def counted(lib, portfolio_id, **options):
        reads.append(options)
        return load_content(lib, portfolio_id, **options)

    monkeypatch.setattr(readiness, "load_content", counted)
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    page = window.workspace_page
    assert page.responses.boxes["class-context"].editor.toPlainText() == "Wait time after each question."
    assert reads == [{"with_tags": False}]  # the checklist's; the answers came without it

    page.tabs.setCurrentWidget(page.assessment)
    assert reads[1:] == [{"with_tags": True, "with_names": False}]
    assert page.assessment.portfolio_id == portfolio.id
