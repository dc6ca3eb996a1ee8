"""report.pdf: opens, has a cover, responses, rubric and evidence pages, and says what it should."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from portfolio_app.bundle.report import report_pdf
from tests.bundle.sample_content import as_draft


def _pages(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


@pytest.fixture(scope="module")
def pages(content) -> list[str]:
    return _pages(report_pdf(content))


def test_it_opens_with_a_cover_and_at_least_three_pages(pages, content):
    assert len(pages) >= 3
    cover = pages[0]
    assert "MICRO-CREDENTIAL SUBMISSION" in cover
    assert "Ana María Ortiz" in cover and "ana.ortiz@example.org" in cover
    assert "2026-11-20" in cover and "DRAFT" not in cover
    assert "4 of 5 criteria" in cover


def test_it_holds_responses_rubric_and_evidence_with_tags(pages, content):
    text = " ".join(" ".join(page.split()) for page in pages)
    assert "Written responses" in text and "Self-assessment against the rubric" in text
    assert "seventh-grade class of 28 students" in text
    for criterion in content.credential.criteria:
        assert criterion.title in text
    assert "Not yet" in text and "Meets" in text
    for item in content.evidence:
        assert item.sha256 in text
    assert "0:01.0–0:02.5" in text and "Group B" in text  # the video's first tag
    assert "region pictured on page 2" in text and "Region outlined on page 2" in text  # the document's tag, drawn


def test_a_draft_is_marked_on_every_page(content):
    pages = _pages(report_pdf(as_draft(content)))
    assert "This is a draft" in pages[0] and "Two more sorted responses" in pages[0]
    assert all("DRAFT" in page for page in pages)
