"""Redact… in the window: boxes drawn with the mouse on a PDF page and on a photo, deleted and
undone in the dialog; the redacted copy appears, selected, in the original's place; Ctrl+Z in
the window gives the place back."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from portfolio_app.core.changes import Changes
from portfolio_app.services import evidence as uc
from portfolio_app.services import portfolios, rubric
from portfolio_app.ui.privacy.redaction_dialog import RedactionDialog
from portfolio_app.ui.sidebar import NodeKind
from tests import mediagen as gen


@pytest.fixture
def pane(window, library, portfolio):
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    pane = window.workspace_page.evidence
    yield pane
    pane.viewer.reader.wait()


def _add_linked(library, pane, portfolio, path):
    [evidence] = uc.import_files(library, portfolio.id, [path]).value.imported
    requirement = portfolios.portfolio_with_credential(library, portfolio.id)[1].work_examples.requirements[-1].id
    rubric.link_requirement(library, [evidence.id], requirement)
    pane.reload()
    pane.select(evidence.id)
    assert pane.selected().id == evidence.id
    return uc.get_evidence(library, evidence.id)


def _drag(qtbot, canvas, box):
    """Drag across `box` (fractions) with the mouse, as a teacher would."""
    x, y, w, h = box
    start = QPoint(round(x * canvas.width()), round(y * canvas.height()))
    end = QPoint(round((x + w) * canvas.width()), round((y + h) * canvas.height()))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, (start + end) / 2)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def _redact_with(monkeypatch, qtbot, draw):
    """Replace the dialog's modal loop: show it, let `draw` work it with mouse and keys, accept."""
    seen = []

    def run(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        with qtbot.waitActive(dialog):  # shortcuts (Delete, Ctrl+Z) go to the active window
            dialog.activateWindow()
        draw(dialog)
        seen.append(dialog)
        dialog.hide()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RedactionDialog, "exec", run)
    return seen


def test_redact_a_pdf_page_and_a_photo_then_undo_both(window, pane, library, portfolio, tmp_path, qtbot, monkeypatch):
    pdf = _add_linked(library, pane, portfolio, gen.make_pdf(tmp_path / "exit ticket.pdf", pages=2, text="Maria L"))
    assert pane.edits.redact_action.isEnabled()

    def draw_on_pdf(dialog):
        assert dialog.page.isVisible() and dialog.page.maximum() == 2
        dialog.page.setValue(2)  # the second page
        _drag(qtbot, dialog.canvas, (0.1, 0.08, 0.6, 0.05))
        _drag(qtbot, dialog.canvas, (0.5, 0.5, 0.3, 0.2))
        _drag(qtbot, dialog.canvas, (0.2, 0.7, 0.2, 0.1))
        assert len(dialog.boxes_by_page()[1]) == 3
        qtbot.keyClick(dialog.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the last box
        assert len(dialog.boxes_by_page()[1]) == 2
        qtbot.mouseClick(
            dialog.canvas,
            Qt.MouseButton.LeftButton,
            pos=QPoint(round(0.6 * dialog.canvas.width()), round(0.6 * dialog.canvas.height())),
        )
        assert dialog.canvas.selected == 1 and dialog.delete_action.isEnabled()
        qtbot.keyClick(dialog.canvas, Qt.Key.Key_Delete)
        assert dialog.boxes_by_page() == {1: [pytest.approx((0.1, 0.08, 0.6, 0.05), abs=0.01)]}
        qtbot.keySequence(dialog.canvas, QKeySequence.StandardKey.Undo)  # the deleted box comes back
        assert len(dialog.boxes_by_page()[1]) == 2 and dialog.redact_button.isEnabled()
        assert "2 boxes on 1 page" in dialog.summary.text()

    dialogs = _redact_with(monkeypatch, qtbot, draw_on_pdf)
    pane.edits.redact_action.trigger()
    assert dialogs
    copy = pane.selected()
    assert copy.id != pdf.id and copy.derived_from == pdf.id
    assert copy.title == "exit ticket (redacted)" and copy.derivation == "redact 2 boxes on 1 page"
    assert uc.get_evidence(library, copy.id).requirement_id == pdf.requirement_id
    assert uc.get_evidence(library, pdf.id).requirement_id is None
    document = pdfium.PdfDocument(str(library.store.path(copy.blob)))
    try:
        assert [document[n].get_textpage().get_text_range() for n in range(len(document))] == ["", ""]
        second = np.asarray(document[1].render(scale=1).to_pil().convert("L"))
    finally:
        document.close()
    height, width = second.shape
    assert second[int(0.55 * height) : int(0.65 * height), int(0.55 * width) : int(0.75 * width)].max() < 10

    photo = _add_linked(library, pane, portfolio, gen.make_jpeg(tmp_path / "group.jpg"))
    _redact_with(monkeypatch, qtbot, lambda dialog: _drag(qtbot, dialog.canvas, (0.25, 0.25, 0.5, 0.5)))
    pane.edits.redact_action.trigger()
    redacted = pane.selected()
    assert redacted.derived_from == photo.id and redacted.derivation == "redact 1 box"
    assert uc.get_evidence(library, redacted.id).requirement_id == photo.requirement_id
    with Image.open(library.store.path(redacted.blob)) as opened:
        pixels = np.asarray(opened.convert("L"))
        assert not opened.getexif().get_ifd(0x8825)  # no GPS
    assert pixels[200:400, 250:550].max() < 15

    assert window.undo_action.text().endswith("Redact “group”")
    window.undo_action.trigger()  # Ctrl+Z: the photo's redaction
    listed = {e.id for e in uc.list_evidence(library, portfolio.id)}
    assert redacted.id not in listed and copy.id in listed
    assert uc.get_evidence(library, photo.id).requirement_id is not None
    window.undo_action.trigger()  # the PDF's
    assert copy.id not in {e.id for e in uc.list_evidence(library, portfolio.id)}
    assert uc.get_evidence(library, pdf.id).requirement_id is not None
    qtbot.waitUntil(lambda: pane.model.index_of(copy.id).isValid() is False)
    window.redo_action.trigger()
    assert uc.get_evidence(library, copy.id).requirement_id == pdf.requirement_id


def test_redact_is_offered_only_for_photos_and_pdfs(pane, library, portfolio, tmp_path):
    _add_linked(library, pane, portfolio, gen.make_docx_like(tmp_path / "plan.docx"))
    assert not pane.edits.redact_action.isEnabled()
    _add_linked(library, pane, portfolio, gen.make_png(tmp_path / "work.png"))
    assert pane.edits.redact_action.isEnabled()
