"""Redaction of real photos and PDFs: the boxes are burned in, the copy takes the original's place,
what leaves the laptop has no text under a box (no text at all) and no place or device data."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageOps

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import Cancelled, InvalidInputError
from portfolio_app.core.portfolio import Region
from portfolio_app.services import export, portfolios, rubric, tags
from portfolio_app.services.evidence import get_evidence, import_files, list_evidence
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.private_copies import reinstate_copy, withdraw_copy
from portfolio_app.services.redaction import (
    boxes_by_page,
    prepare_redaction,
    redact_evidence,
)
from tests import mediagen as gen
from tests.ready_portfolio import CREDENTIAL, make_ready_portfolio

NAME_LINE = (0.1, 0.08, 0.6, 0.05)  # where make_pdf writes its line on each page
BOX = (0.25, 0.3, 0.3, 0.2)


def _inside(box, height: int, width: int, margin: int = 2) -> tuple[slice, slice]:
    """The pixels well inside a fractional box (clear of antialiased edges)."""
    x, y, w, h = box
    rows = slice(int(y * height) + margin, int((y + h) * height) - margin)
    return rows, slice(int(x * width) + margin, int((x + w) * width) - margin)


def _pdf_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()


def _one(library, portfolio_id: str, path: Path):
    report = import_files(library, portfolio_id, [path]).value
    assert not report.failed, report.failed
    return report.imported[0]


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, CREDENTIAL, "Grade 7 science").value


def test_a_redacted_pdf_takes_the_place_of_the_original_and_exports_without_text(library, tmp_path):
    ready = make_ready_portfolio(library, tmp_path / "media")
    pdf = next(e for e in list_evidence(library, ready.id) if e.kind == EvidenceKind.DOCUMENT)
    criterion = portfolios.portfolio_with_credential(library, ready.id)[1].criteria[0].id
    tag = tags.add_tag(library, pdf.id, criterion, region=Region(0.1, 0.3, 0.4, 0.2, page=1), note="page two").value
    assert "Question plan 0" in _pdf_text(library.store.path(pdf.blob))[0]  # there is text to lose

    copy = redact_evidence(library, pdf.id, {0: [NAME_LINE, (0.1, 0.5, 0.2, 0.2)], 1: [NAME_LINE]}).value

    made = get_evidence(library, copy.evidence.id)
    assert made.title == f"{pdf.title} (redacted)" and made.derived_from == pdf.id
    assert made.derivation == "redact 3 boxes on 2 pages" and made.media_type == "application/pdf"
    assert made.requirement_id == pdf.requirement_id is not None
    assert get_evidence(library, pdf.id).requirement_id is None
    assert [t.id for t in tags.tags_for_evidence(library, made.id)] == [tag.id]
    assert _pdf_text(library.store.path(pdf.blob))[0]  # the original keeps its text on the laptop

    bundle = export.export_portfolio(library, ready.id, tmp_path / "bundle.zip").value.path
    with zipfile.ZipFile(bundle) as archive:
        pdfs = [n for n in archive.namelist() if "/evidence/" in n and n.endswith(".pdf")]
        assert len(pdfs) == 1
        exported = tmp_path / "exported.pdf"
        exported.write_bytes(archive.read(pdfs[0]))
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert _pdf_text(exported) == ["", ""]  # pages are pictures: no text, under a box or elsewhere
    assert b"Question plan 0" not in everything
    document = pdfium.PdfDocument(str(exported))
    try:
        page = np.asarray(document[0].render(scale=100 / 72).to_pil().convert("L"))
    finally:
        document.close()
    height, width = page.shape
    assert page[_inside(NAME_LINE, height, width)].max() < 10
    assert page[int(0.8 * height) :].min() > 245  # the rest of the page stays white


def test_a_redacted_photo_is_black_under_the_box_unchanged_elsewhere_and_has_no_place_or_serial(
    library, portfolio, tmp_path
):
    source = gen.make_jpeg(tmp_path / "group work.jpg", orientation=6, serial="SN-0042-7731")
    photo = _one(library, portfolio.id, source)
    requirement = portfolios.portfolio_with_credential(library, portfolio.id)[1].work_examples.requirements[-1].id
    rubric.link_requirement(library, [photo.id], requirement)

    copy = redact_evidence(library, photo.id, {0: [BOX]}).value

    assert copy.evidence.derivation == "redact 1 box" and copy.evidence.title == "group work (redacted)"
    assert get_evidence(library, copy.evidence.id).requirement_id == requirement
    with Image.open(source) as opened:
        before = np.asarray(ImageOps.exif_transpose(opened).convert("RGB")).astype(int)
    with Image.open(library.store.path(copy.evidence.blob)) as opened:
        exif = opened.getexif()
        assert not exif.get_ifd(0x8825), "GPS left in the redacted photo"
        assert 0xA431 not in exif.get_ifd(0x8769), "camera serial left in the redacted photo"
        after = np.asarray(opened.convert("RGB")).astype(int)
    assert after.shape == before.shape  # upright: the box was drawn on what the teacher sees
    height, width = after.shape[:2]
    x, y, w, h = BOX
    inside = _inside(BOX, height, width)
    assert after[inside].max() <= 12  # black (JPEG may ring by a few levels)
    assert before[inside].mean() > 40  # it was not black before
    outside = np.ones((height, width), bool)
    outside[int(y * height) - 8 : int((y + h) * height) + 8, int(x * width) - 8 : int((x + w) * width) + 8] = False
    assert np.abs(after[outside] - before[outside]).mean() < 3


def test_a_png_keeps_every_pixel_outside_the_boxes(library, portfolio, tmp_path):
    photo = _one(library, portfolio.id, gen.make_png(tmp_path / "worksheet.png", 400, 300))
    copy = redact_evidence(library, photo.id, boxes_by_page([Region(0.5, 0.5, 0.5, 0.5)])).value
    before = np.asarray(Image.open(tmp_path / "worksheet.png").convert("RGB"))
    after = np.asarray(Image.open(library.store.path(copy.evidence.blob)).convert("RGB"))
    assert (after[150:, 200:] == 0).all()
    assert (after[:150] == before[:150]).all() and (after[:, :200] == before[:, :200]).all()


def test_undo_trashes_the_copy_and_gives_the_place_back_and_redo_takes_it_again(library, tmp_path):
    ready = make_ready_portfolio(library, tmp_path / "media")
    photo = next(e for e in list_evidence(library, ready.id) if e.kind == EvidenceKind.IMAGE and tags_of(library, e))
    tagged = tags_of(library, photo)
    copy = redact_evidence(library, photo.id, {0: [BOX]}).value
    assert tags_of(library, photo) == [] and tags_of(library, copy.evidence) == tagged

    withdraw_copy(library, copy.handover)
    assert copy.evidence.id not in {e.id for e in list_evidence(library, ready.id)}
    assert get_evidence(library, photo.id).requirement_id == copy.handover.requirement_id
    assert tags_of(library, photo) == tagged

    again = reinstate_copy(library, copy.handover).value
    assert get_evidence(library, again.copy_id).requirement_id == copy.handover.requirement_id
    assert get_evidence(library, photo.id).requirement_id is None
    assert tags_of(library, copy.evidence) == tagged


def tags_of(library, evidence) -> list[str]:
    return [t.id for t in tags.tags_for_evidence(library, evidence.id)]


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        ({}, "Draw at least one box"),
        ({0: []}, "Draw at least one box"),
        ({0: [(0.5, 0.5, 0.6, 0.1)]}, "outside the page"),
        ({0: [(-0.1, 0.5, 0.2, 0.1)]}, "outside the page"),
        ({0: [(0.1, 0.5, 0.0, 0.1)]}, "outside the page"),
        ({0: [(float("nan"), 0.5, 0.2, 0.1)]}, "outside the page"),
        ({2: [NAME_LINE]}, "has 2 pages; page 3 does not exist"),
        ({-1: [NAME_LINE]}, "counted from 0"),
    ],
)
def test_bad_boxes_are_refused_before_any_work(library, portfolio, tmp_path, boxes, message):
    pdf = _one(library, portfolio.id, gen.make_pdf(tmp_path / "ticket.pdf", pages=2))
    with pytest.raises(InvalidInputError, match=message):
        redact_evidence(library, pdf.id, boxes)
    assert [e.id for e in list_evidence(library, portfolio.id)] == [pdf.id]
    assert not any(library.store.temp_path().parent.iterdir())


def test_only_photos_and_pdfs_can_be_redacted(library, portfolio, tmp_path):
    video = _one(library, portfolio.id, gen.make_video(tmp_path / "lesson.mp4", 1.0, width=160, height=90))
    office = _one(library, portfolio.id, gen.make_docx_like(tmp_path / "plan.docx"))
    photo = _one(library, portfolio.id, gen.make_jpeg(tmp_path / "photo.jpg"))
    for evidence in (video, office):
        with pytest.raises(InvalidInputError, match="not a photo or a PDF"):
            redact_evidence(library, evidence.id, {0: [BOX]})
    with pytest.raises(InvalidInputError, match="is a photo: it has no page 2"):
        redact_evidence(library, photo.id, {1: [BOX]})
    with pytest.raises(InvalidInputError, match="outside the picture"):
        redact_evidence(library, photo.id, {0: [(0.9, 0.9, 0.2, 0.2)]})


def test_cancel_leaves_nothing_behind(library, portfolio, tmp_path):
    pdf = _one(library, portfolio.id, gen.make_pdf(tmp_path / "ticket.pdf", pages=3))
    seen: list[float] = []
    with pytest.raises(Cancelled):
        prepare_redaction(library.store, pdf, {0: [NAME_LINE]}, seen.append, lambda: len(seen) > 0)
    assert seen and seen[0] < 1
    assert not any(library.store.temp_path().parent.iterdir())
    with pytest.raises(Cancelled):
        redact_evidence(library, pdf.id, {0: [NAME_LINE]}, cancelled=lambda: True)
    assert [e.id for e in list_evidence(library, portfolio.id)] == [pdf.id]
