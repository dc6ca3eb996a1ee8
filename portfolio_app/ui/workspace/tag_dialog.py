"""Make or edit a tag: the criterion, a time range or a region, and a note for the reviewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.credential import Credential, EvidenceKind, Part
from portfolio_app.core.portfolio import TAGGED_IN_TIME, Evidence, Region, Tag, TimeRange
from portfolio_app.core.text import clock
from portfolio_app.ui.viewers.region_picker import RegionPicker


def criterion_label(credential: Credential, criterion_id: str) -> str:
    try:
        return credential.criterion(criterion_id).title
    except KeyError:
        return criterion_id


def read_picture(path: Path, evidence: Evidence, page: int) -> QImage:
    """The photo, upright, or one page of a PDF, as the teacher sees it."""
    if evidence.kind == EvidenceKind.IMAGE:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        return reader.read()
    from portfolio_app.ui.viewers.document_viewer import render_page

    return render_page(path, page)


class TagDialog(QDialog):
    """`tag()` gives the result; for a new tag on a recording, `span` prefills the range."""

    def __init__(
        self,
        evidence: Evidence,
        credential: Credential,
        path: Path | None,
        *,
        existing: Tag | None = None,
        span: TimeRange | None = None,
        page: int = 0,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.evidence = evidence
        self.path = path
        self.setWindowTitle(self.tr("Edit Tag") if existing else self.tr("Tag Evidence"))
        self.criterion = QComboBox()
        self.criterion.setAccessibleName(self.tr("Rubric criterion"))
        parts = {Part.OVERVIEW: "1", Part.WORK_EXAMPLES: "2", Part.REFLECTION: "3"}
        for criterion in credential.criteria:
            self.criterion.addItem(f"{criterion.title}  (Part {parts[criterion.part]})", criterion.id)
        preferred = existing.criterion_id if existing else None
        if preferred is None:  # Part 2 criteria are what evidence shows
            preferred = next((c.id for c in credential.criteria if c.part == Part.WORK_EXAMPLES), None)
        if preferred is not None:
            self.criterion.setCurrentIndex(max(0, self.criterion.findData(preferred)))
        self.note = QPlainTextEdit(existing.note if existing else "")
        self.note.setAccessibleName(self.tr("Note for the reviewer"))
        self.note.setPlaceholderText(self.tr("What should the reviewer notice here?"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("&Criterion:"), self.criterion)
        self.start = self.end = None
        self.picker: RegionPicker | None = None
        self.page: QSpinBox | None = None
        timed = evidence.kind in TAGGED_IN_TIME
        if timed:
            chosen = existing.span if existing and existing.span else span or TimeRange(0, min(30, self._length()))
            self.start = self._seconds(chosen.start_s, self.tr("Start"))
            self.end = self._seconds(chosen.end_s, self.tr("End"))
            form.addRow(self.tr("&Start:"), self.start)
            form.addRow(self.tr("&End:"), self.end)
            self.length_label = QLabel()
            form.addRow("", self.length_label)
            self.start.valueChanged.connect(self._on_range_changed)
            self.end.valueChanged.connect(self._on_range_changed)
        form.addRow(self.tr("&Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if not timed and path is not None:
            self._add_picture(layout, existing, page)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save Tag"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if timed:
            self._on_range_changed()

    def _length(self) -> float:
        return self.evidence.duration_s or 24 * 3600.0

    def _seconds(self, value: float, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setAccessibleName(name)
        box.setDecimals(2)
        box.setRange(0, self._length())
        box.setSingleStep(0.5)
        box.setSuffix(" s")
        box.setValue(value)
        return box

    def _add_picture(self, layout: QVBoxLayout, existing: Tag | None, page: int) -> None:
        region = existing.region if existing else None
        page = region.page if region else page
        hint = QLabel(self.tr("Drag across the part that shows the criterion, or leave it to tag the whole item."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        if self.evidence.media_type == "application/pdf":
            from PySide6.QtPdf import QPdfDocument

            document = QPdfDocument()
            document.load(str(self.path))
            pages = max(1, document.pageCount())
            document.close()
            self.page = QSpinBox()
            self.page.setAccessibleName(self.tr("Page"))
            self.page.setRange(1, pages)
            self.page.setValue(min(page + 1, pages))
            self.page.setPrefix(self.tr("Page "))
            self.page.setSuffix(self.tr(" of {pages}").format(pages=pages))
            self.page.valueChanged.connect(self._on_page_value_changed)
            layout.addWidget(self.page)
        assert self.path is not None
        self.picker = RegionPicker(read_picture(self.path, self.evidence, self.current_page()))
        self.picker.setAccessibleName(self.tr("Picture: drag to choose the tagged region"))
        if region:
            self.picker.set_box((region.x, region.y, region.w, region.h))
        layout.addWidget(self.picker, 0, Qt.AlignmentFlag.AlignCenter)

    def current_page(self) -> int:
        return self.page.value() - 1 if self.page is not None else 0

    def _on_page_value_changed(self, _value: int) -> None:
        assert self.picker is not None and self.path is not None
        self.picker.set_image(read_picture(self.path, self.evidence, self.current_page()))

    def _on_range_changed(self) -> None:
        assert self.start is not None and self.end is not None
        start, end = self.start.value(), self.end.value()
        valid = end > start
        self.length_label.setText(
            self.tr("{start} to {end} ({seconds:.1f} s)").format(
                start=clock(start), end=clock(end), seconds=end - start
            )
            if valid
            else self.tr("The end must come after the start.")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)

    def criterion_id(self) -> str:
        return self.criterion.currentData()

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    def span(self) -> TimeRange | None:
        if self.start is None or self.end is None:
            return None
        return TimeRange(round(self.start.value(), 3), round(self.end.value(), 3))

    def region(self) -> Region | None:
        if self.picker is None or self.picker.box is None:
            return None
        x, y, w, h = (round(v, 4) for v in self.picker.box)
        return Region(x, y, min(w, 1 - x), min(h, 1 - y), self.current_page())


class RegionPreview(QDialog):
    """A tagged region of a document page, outlined (PDF pages have no overlay of their own)."""

    def __init__(self, path: Path, evidence: Evidence, tag: Tag, parent: QWidget | None = None):
        super().__init__(parent)
        assert tag.region is not None
        self.setWindowTitle(self.tr("Tagged Region — Page {page}").format(page=tag.region.page + 1))
        self.picker = RegionPicker(read_picture(path, evidence, tag.region.page))
        self.picker.set_box((tag.region.x, tag.region.y, tag.region.w, tag.region.h))
        self.picker.setEnabled(False)  # shows, does not edit
        self.picker.setAccessibleName(self.tr("Page with the tagged region outlined"))
        note = QLabel(tag.note)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(note)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, parent: QWidget, path: Path, evidence: Evidence, tag: Tag) -> RegionPreview:
        preview = cls(path, evidence, tag, parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.show()
        return preview
