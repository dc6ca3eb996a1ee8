"""Dialogs that make new evidence from old: trim and compress, and the job that runs them.

A job runs its slow half on the media worker behind a progress dialog with Cancel, then
records the result on the database worker; the original evidence is never changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.edits import check_compress, check_trim
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.text import clock
from portfolio_app.ui import palette

HEIGHTS = (1080, 720, 480, 360)


class TrimDialog(QDialog):
    """Start and end of the clip, in seconds; `position` (the player's) fills either with one click."""

    def __init__(self, evidence: Evidence, position: float = 0.0, parent: QWidget | None = None):
        super().__init__(parent)
        self.evidence = evidence
        self.setWindowTitle(self.tr("Trim “{title}”").format(title=evidence.title))
        length = evidence.duration_s or 0.0
        self.start = self._seconds_box(self.tr("Clip start"), 0.0, length)
        self.end = self._seconds_box(self.tr("Clip end"), 0.0, length)
        self.start.setValue(min(position, length))
        self.end.setValue(length)
        self.summary = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(palette.text_style(palette.WARNING))
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Start (seconds):"), self.start)
        form.addRow(self.tr("&End (seconds):"), self.end)
        note = QLabel(self.tr("The clip becomes new evidence; “{title}” stays as it is.").format(title=evidence.title))
        note.setWordWrap(True)
        note.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Make Clip"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.start.valueChanged.connect(self._on_range_changed)
        self.end.valueChanged.connect(self._on_range_changed)
        self._on_range_changed()

    def _seconds_box(self, name: str, low: float, high: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setAccessibleName(name)
        box.setDecimals(2)
        box.setSingleStep(0.5)
        box.setRange(low, high)
        return box

    def chosen(self) -> tuple[float, float]:
        return self.start.value(), self.end.value()

    def _on_range_changed(self) -> None:
        start, end = self.chosen()
        try:
            check_trim(self.evidence, start, end)
        except PortfolioError as exc:
            self.error.setText(str(exc))
            self.summary.clear()
            ok = False
        else:
            self.error.clear()
            self.summary.setText(
                self.tr("Clip: {start} to {end} ({length})").format(
                    start=clock(start), end=clock(end), length=clock(end - start)
                )
            )
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class CompressDialog(QDialog):
    """A size limit (prefilled from the credential's limit when there is one) and a picture height."""

    def __init__(self, evidence: Evidence, limit_mb: float | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.evidence = evidence
        self.setWindowTitle(self.tr("Compress “{title}”").format(title=evidence.title))
        self.max_mb = QDoubleSpinBox()
        self.max_mb.setAccessibleName(self.tr("Largest size in megabytes"))
        self.max_mb.setRange(0, 100_000)
        self.max_mb.setDecimals(1)
        self.max_mb.setSpecialValueText(self.tr("no limit"))
        current_mb = (evidence.size_bytes or 0) / 1_000_000
        self.max_mb.setValue(limit_mb if limit_mb else round(current_mb / 2, 1))
        self.height_choice = QComboBox()
        self.height_choice.setAccessibleName(self.tr("Picture height"))
        for height in HEIGHTS:
            if evidence.height is None or height <= max(evidence.height, HEIGHTS[-1]):
                self.height_choice.addItem(self.tr("{height} pixels tall").format(height=height), height)
        self.height_choice.setCurrentIndex(max(0, self.height_choice.findData(720)))
        self.error = QLabel()
        self.error.setStyleSheet(palette.text_style(palette.WARNING))
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(
            self.tr("Now:"),
            QLabel(
                self.tr("{mb:.1f} MB, {w}×{h}").format(mb=current_mb, w=evidence.width or "?", h=evidence.height or "?")
            ),
        )
        form.addRow(self.tr("&At most (MB):"), self.max_mb)
        form.addRow(self.tr("&Height:"), self.height_choice)
        if limit_mb:
            form.addRow("", QLabel(self.tr("The credential accepts videos up to {mb:g} MB.").format(mb=limit_mb)))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Compress"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.max_mb.valueChanged.connect(self._on_choice_changed)
        self.height_choice.currentIndexChanged.connect(self._on_choice_changed)
        self._on_choice_changed()

    def chosen(self) -> tuple[float | None, int]:
        return (self.max_mb.value() or None), int(self.height_choice.currentData())

    def _on_choice_changed(self) -> None:
        max_mb, height = self.chosen()
        try:
            check_compress(self.evidence, max_mb, height)
        except PortfolioError as exc:
            self.error.setText(str(exc))
            ok = False
        else:
            self.error.clear()
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
