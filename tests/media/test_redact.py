"""Redaction burns black boxes into photos and rebuilds PDFs from pictures, so no text survives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from portfolio_app.core.errors import MediaError
from portfolio_app.media.redact import redact_image, redact_pdf
from tests.mediagen import make_jpeg, make_pdf

NAME_LINE = (0.1, 0.08, 0.6, 0.05)  # where make_pdf writes its line (72 pt from the left, 700 pt up a 792 pt page)


def page_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()


def test_redacted_pdf_has_every_page_as_a_picture_and_no_text(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "exit ticket.pdf", pages=3, text="Maria Lopez - exit ticket")
    assert "Maria Lopez" in page_text(source)[0]  # the source really has text to lose
    out = tmp_path / "redacted.pdf"
    redact_pdf(source, out, {0: [NAME_LINE]}, dpi=100)
    assert page_text(out) == ["", "", ""]
    assert b"Maria" not in out.read_bytes() and b"Lopez" not in out.read_bytes()
    document = pdfium.PdfDocument(str(out))
    try:
        first = np.asarray(document[0].render(scale=100 / 72).to_pil().convert("L"))
        third = np.asarray(document[2].render(scale=100 / 72).to_pil().convert("L"))
        assert document[0].get_size() == pytest.approx((612, 792), abs=1)
    finally:
        document.close()
    height, width = first.shape
    x, y, w, h = NAME_LINE
    inside = first[int(y * height) + 2 : int((y + h) * height) - 2, int(x * width) + 2 : int((x + w) * width) - 2]
    assert inside.max() <= 10  # black, the name gone
    line = third[int(y * height) : int((y + h) * height), int(x * width) : int((x + w) * width)]
    assert line.min() < 100 and line.max() > 200  # unredacted pages keep their (pictured) writing


def test_boxes_on_a_page_the_pdf_does_not_have_are_refused(tmp_path: Path) -> None:
    source = make_pdf(tmp_path / "work.pdf", pages=1)
    with pytest.raises(MediaError, match="there is no page 3"):
        redact_pdf(source, tmp_path / "out.pdf", {2: [NAME_LINE]})
    assert not (tmp_path / "out.pdf").exists()


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(MediaError, match="not a PDF we can read"):
        redact_pdf(bad, tmp_path / "out.pdf", {})


def test_redacted_photo_has_black_boxes_on_the_upright_picture_and_no_metadata(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "work.jpg", 800, 600, orientation=6)  # shown 600 wide, 800 tall
    out = tmp_path / "redacted.jpg"
    redact_image(source, out, [(0.0, 0.0, 0.5, 0.25), (0.5, 0.5, 0.25, 0.25)])
    with Image.open(out) as result:
        assert result.size == (600, 800)
        assert not result.getexif()
        pixels = np.asarray(result.convert("L"))
    assert pixels[2:198, 2:298].max() <= 12
    assert pixels[402:598, 302:448].max() <= 12
    assert pixels[250:390, 320:580].mean() > 40  # elsewhere the photo is still there
    assert b"SN-0042-7731" not in out.read_bytes()


def test_a_box_outside_the_picture_is_refused(tmp_path: Path) -> None:
    source = make_jpeg(tmp_path / "work.jpg")
    with pytest.raises(MediaError, match="inside the picture"):
        redact_image(source, tmp_path / "out.jpg", [(0.8, 0.8, 0.5, 0.1)])
