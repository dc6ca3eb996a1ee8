"""What the teacher sees of an import: a progress strip with Cancel, then what happened."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.importing import ImportSummary

_STEPS = 100  # progress bar steps per file, so a large video moves the bar too


def _tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


def summary_text(summary: ImportSummary) -> str:
    """'12 imported, 1 already there, 2 could not be used' (and what a cancel left out)."""
    parts = [_tr("{n} imported").format(n=len(summary.imported))]
    if summary.already_there:
        parts.append(_tr("{n} already there").format(n=len(summary.already_there)))
    if summary.problems:
        parts.append(_tr("{n} could not be used").format(n=len(summary.problems)))
    if summary.cancelled and summary.not_imported > 0:
        parts.append(_tr("{n} not imported (cancelled)").format(n=summary.not_imported))
    return ", ".join(parts)


class ImportProgressPanel(QFrame):
    """A strip above the evidence list: the file under way, “n of N”, a bar and Cancel.

    Not modal: the teacher can keep reading, tagging or watching while a batch goes in.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("importProgress")
        self.label = QLabel()
        self.label.setWordWrap(False)
        self.label.setMinimumWidth(1)  # a long file name must not widen the pane: it is cut instead
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Import progress"))
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel import"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self._done = 0

    def start(self) -> None:
        self._done = 0
        self.label.setText(self.tr("Looking for files…"))
        self.bar.setRange(0, 0)  # busy until the folders are listed
        self.cancel_button.setEnabled(True)
        self.show()

    def show_file(self, done: int, total: int, name: str) -> None:
        self._done = done
        self.label.setText(self.tr("Importing {n} of {total}: “{name}”").format(name=name, n=done + 1, total=total))
        self.bar.setRange(0, max(1, total) * _STEPS)
        self.bar.setValue(done * _STEPS)

    def show_fraction(self, fraction: float) -> None:
        if self.bar.maximum():
            self.bar.setValue(self._done * _STEPS + int(min(1.0, fraction) * _STEPS))

    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Stopping after removing the file under way…"))
        self.cancel_requested.emit()


class ImportSummaryDialog(QDialog):
    """The files that could not be used, each with its reason, so the teacher can fix and retry."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import Finished"))
        heading = QLabel(f"<b>{summary_text(summary)}</b>")
        heading.setWordWrap(True)
        explain = QLabel(self.tr("These files were not added. Each line says why:"))
        explain.setWordWrap(True)
        self.problems = QTreeWidget()
        self.problems.setAccessibleName(self.tr("Files that could not be used"))
        self.problems.setHeaderLabels([self.tr("File"), self.tr("Reason")])
        self.problems.setRootIsDecorated(False)
        self.problems.setWordWrap(True)
        for problem in summary.problems:
            item = QTreeWidgetItem([problem.name, problem.reason])
            item.setToolTip(1, problem.reason)
            self.problems.addTopLevelItem(item)
        self.problems.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.problems.topLevelItem(i).text(0), self.problems.topLevelItem(i).text(1))
            for i in range(self.problems.topLevelItemCount())
        ]
