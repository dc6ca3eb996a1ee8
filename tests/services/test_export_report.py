"""report.pdf of a real export: a tagged region shows as a picture of it, and the answers flow."""

from __future__ import annotations

import re
import zipfile

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.portfolio import Region
from portfolio_app.services import export, portfolios, tags
from portfolio_app.services.evidence import list_evidence
from tests.ready_portfolio import make_ready_portfolio

BOTTOM_MARGIN = 18 / 25.4 * 72  # report.py's 18 mm: the footer's line is below it


@pytest.fixture
def report(library, tmp_path) -> list[tuple[str, int, float]]:
    """Each page of the exported report.pdf: its text, how many pictures it holds, how far down its text goes."""
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    credential = portfolios.portfolio_with_credential(library, portfolio.id)[1]
    document = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.DOCUMENT)
    criterion = credential.criteria_for(Part.WORK_EXAMPLES)[1].id
    tags.add_tag(library, document.id, criterion, region=Region(0.2, 0.3, 0.4, 0.25, 0))
    bundle = export.export_portfolio(library, portfolio.id, tmp_path / "bundle.zip").value.path
    with zipfile.ZipFile(bundle) as archive:
        pdf = archive.read(next(n for n in archive.namelist() if n.endswith("/data/report.pdf")))
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text = page.get_textpage()
            pictures = sum(1 for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE)
            # the lowest line of the page's own text, above the footer (y grows upwards in PDF)
            boxes = [text.get_charbox(i) for i in range(text.count_chars())]
            lowest = min((box[1] for box in boxes if box[1] > BOTTOM_MARGIN), default=page.get_height())
            pages.append((text.get_text_range(), pictures, 1 - lowest / page.get_height()))
        return pages
    finally:
        document.close()


def test_a_tagged_region_shows_as_a_picture_not_as_numbers(report):
    text = " ".join(page for page, _, _ in report)
    assert "region on page" not in text and "%, " not in text
    items = int(re.search(r"Evidence (\d+) items", report[0][0]).group(1))
    # a thumbnail per item, and a picture per region tag (the photo's, the document page's)
    assert sum(pictures for _, pictures, _ in report) == items + 2
    assert text.count("Region outlined") == 2


def test_answers_flow_no_page_holds_one_short_answer(report):
    for number, (text, pictures, filled) in enumerate(report[1:-1], start=2):
        assert filled > 0.5 or pictures, f"page {number} is mostly blank: {text[:200]!r}"
    assert len(report) <= 6
