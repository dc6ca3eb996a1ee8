"""Export ▸ Submission Bundle…: readiness first, then what goes in, where, and the build itself.

The plan is read on the database worker; the build (clean copies, compression, hashing the
new files, writing and signing) runs on the media worker with progress and Cancel, so the
window stays usable. The bundle appears under its name only when complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from portfolio_app.core.errors import Cancelled, PortfolioError
from portfolio_app.core.export import Preparation
from portfolio_app.ui import palette
from portfolio_app.ui.bundles.readiness_page import ReadinessPage
from portfolio_app.ui.folders import show_in_folder
from portfolio_app.ui.operations import LongTask, Operations
from portfolio_app.ui.operations import bundle as bundle_ops
from portfolio_app.ui.viewers.evidence_text import size_text

if TYPE_CHECKING:
    from portfolio_app.services.export import ExportItem, ExportPlan


class ContentsPage(QWizardPage):
    """Each file that goes in, the requirement it serves, and what is done to it first."""

    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("What goes in"))
        self.setSubTitle(
            self.tr(
                "Only evidence linked to a requirement is sent. Files that carry a place or a device go in as "
                "clean copies; your library keeps the originals."
            )
        )
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Evidence"), self.tr("Requirement"), self.tr("Size"), self.tr("First")])
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def initializePage(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        self.table.clear()
        for item in plan.items:
            row = QTreeWidgetItem(
                [
                    item.evidence.title,
                    item.requirement_title,
                    size_text(item.evidence.size_bytes or 0),
                    self._first(item),
                ]
            )
            row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(row)
        for column in (1, 2, 3):
            self.table.resizeColumnToContents(column)
        files = len(plan.items)
        text = (self.tr("1 file") if files == 1 else self.tr("{n} files").format(n=files)) + self.tr(
            ", {size}, with your answers, self-assessment, an offline viewer and a printable report."
        ).format(size=size_text(plan.total_bytes))
        if plan.draft:
            text += " " + self.tr("It will be marked as a draft.")
        self.summary.setText(text)

    def _first(self, item: ExportItem) -> str:
        if item.preparation == Preparation.COMPRESS:
            return self.tr("Compress to {mb} MB").format(mb=item.max_mb)
        if item.preparation == Preparation.WRITE_TEXT:
            return self.tr("Written as a text file")
        if item.preparation == Preparation.STRIP:
            return self.tr("Remove location and device details")
        return self.tr("Nothing: goes in as it is")


class DestinationPage(QWizardPage):
    """Where the .zip goes; the folder is remembered for next time."""

    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Where to save it"))
        self.setSubTitle(self.tr("The bundle is signed with your key from the system keychain."))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Bundle file"))
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        self.problem = QLabel()
        self.problem.setStyleSheet(f"color: {palette.WARNING}")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Export"))

    def initializePage(self) -> None:
        plan = self._wizard.plan
        assert plan is not None
        self.path.setText(str(self._wizard.folder() / plan.suggested_name()))

    def target(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def isComplete(self) -> bool:
        target = self.target()
        problem = ""
        if not self.path.text().strip():
            problem = self.tr("Choose where to save the bundle.")
        elif target.suffix.lower() != ".zip":
            problem = self.tr("A bundle is a .zip file: end the name with .zip.")
        elif not target.parent.is_dir():
            problem = self.tr("The folder {folder} does not exist.").format(folder=target.parent)
        self.problem.setText(problem)
        return not problem

    def validatePage(self) -> bool:
        target = self.target()
        if target.exists():
            answer = QMessageBox.question(
                self, self.tr("Replace?"), self.tr("{name} already exists. Replace it?").format(name=target.name)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._wizard.remember_folder(target.parent)
        return True

    def _on_browse_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Bundle"), str(self.target()), self.tr("Submission bundle (*.zip)")
        )
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".zip") else chosen + ".zip")


class BuildPage(QWizardPage):
    """Progress and Cancel while the bundle is made; then where it is and who signed it."""

    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Exporting"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Export progress"))
        self.cancel_button = QPushButton(self.tr("Cancel Export"))
        self.cancel_button.clicked.connect(wizard.cancel_build)
        self.show_button = QPushButton(self.tr("Show in &Folder"))
        self.show_button.clicked.connect(lambda: show_in_folder(self._wizard.info.path, self))
        self.outbox_button = QPushButton(self.tr("Add to &Outbox"))
        self.outbox_button.setToolTip(self.tr("Upload it to the district as soon as a network is there"))
        self.outbox_button.clicked.connect(lambda: wizard.outbox_requested.emit(self._wizard.info.path))
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.outbox_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Exporting"))
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Preparing files and writing the bundle…"))
        self.bar.setValue(0)
        self.bar.show()
        self.cancel_button.show()
        self.show_button.hide()
        self.outbox_button.hide()
        self._wizard.start_build(self.target_path())

    def target_path(self) -> Path:
        return self._wizard.destination.target()

    def show_progress(self, fraction: float) -> None:
        self.bar.setValue(round(fraction * 1000))

    def show_done(self, info) -> None:
        self.setTitle(self.tr("Draft bundle saved") if info.draft else self.tr("Bundle saved"))
        self.status.setStyleSheet("")
        self.status.setText(
            self.tr(
                "{path}\n\n{files} files, {size}. Signed by your key\n{fingerprint}\n\n"
                "Give reviewers the bundle; they can check it with “portfolio verify”, or with bagit.py and "
                "minisign and your public key (portfolio keys export-public)."
            ).format(
                path=info.path, files=info.payload_files, size=size_text(info.size_bytes), fingerprint=info.fingerprint
            )
        )
        self.bar.hide()
        self.cancel_button.hide()
        self.show_button.show()
        self.outbox_button.setVisible(not info.draft)  # a draft is not for reviewers
        self.completeChanged.emit()

    def show_failure(self, message: str) -> None:
        self.setTitle(self.tr("Not exported"))
        self.status.setStyleSheet(f"color: {palette.WARNING}")
        self.status.setText(message + "\n\n" + self.tr("Nothing was written. Close this and try again."))
        self.bar.hide()
        self.cancel_button.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._wizard.building


class ExportWizard(QWizard):
    """Readiness, contents, destination, build. `exported` carries the BundleInfo when done."""

    exported = Signal(object)
    outbox_requested = Signal(object)  # the bundle's path, to queue for upload

    def __init__(self, ops: Operations, settings: QSettings, portfolio_id: str, parent: QWidget | None):
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.portfolio_id = portfolio_id
        self.plan: ExportPlan | None = None
        self.task: LongTask | None = None
        self.info = None
        self._close_when_stopped = False
        self.building = False
        self.setWindowTitle(self.tr("Export Submission Bundle"))
        self.setObjectName("exportWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.readiness = ReadinessPage(self)
        self.contents = ContentsPage(self)
        self.destination = DestinationPage(self)
        self.build = BuildPage(self)
        for page in (self.readiness, self.contents, self.destination, self.build):
            self.addPage(page)
        self.readiness.draft.toggled.connect(self._load_plan)
        # Enter presses Next (or Export, or Finish) when it is enabled, never Cancel or Back that
        # happen to have the focus (before the plan arrives only Cancel is enabled)
        for which in (QWizard.WizardButton.CancelButton, QWizard.WizardButton.BackButton):
            self.button(which).setAutoDefault(False)
        self.resize(760, 520)
        self._load_plan()
        self.readiness.check_keychain(ops)

    def _load_plan(self) -> None:
        draft = self.readiness.draft.isChecked()

        def shown(plan) -> None:
            self.plan = plan
            self.readiness.show_plan(plan)

        def refused(exc: BaseException) -> None:
            self.plan = None
            if isinstance(exc, PortfolioError):
                self.readiness.show_plan(None, str(exc))
            else:
                self.readiness.show_plan(None, self.tr("The portfolio could not be read: {error}").format(error=exc))

        # a draft plan always comes back; it says what is outstanding without refusing
        bundle_ops.plan_export(self.portfolio_id, draft=draft).success(shown).failure(refused).run(self.ops, self)

    def folder(self) -> Path:
        saved = self.settings.value("export/folder")
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def remember_folder(self, folder: Path) -> None:
        self.settings.setValue("export/folder", str(folder))

    def start_build(self, target: Path) -> None:
        plan = self.plan
        assert plan is not None
        self.building = True
        self.build.completeChanged.emit()  # no Finish while it is being written
        task = (
            bundle_ops.export_bundle(plan, target)
            .progress(lambda f, _: self.build.show_progress(f))
            .success(lambda outcome: self._on_built(outcome.value))
            .failure(self._on_failed)
            .run(self.ops, initiator=self)
        )
        self.task = task if self.building else None  # a synchronous runner has finished already

    def cancel_build(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.build.cancel_button.setEnabled(False)
            self.build.status.setText(self.tr("Stopping…"))

    def _on_built(self, info) -> None:
        self.task, self.building = None, False
        self.info = info
        self.build.show_done(info)
        self.exported.emit(info)

    def _on_failed(self, exc: BaseException) -> None:
        self.task, self.building = None, False
        if self._close_when_stopped:
            super().reject()
            return
        if isinstance(exc, Cancelled):
            self.build.show_failure(self.tr("Export cancelled."))
        elif isinstance(exc, PortfolioError):
            self.build.show_failure(str(exc))
        else:
            self.build.show_failure(self.tr("Something unexpected went wrong: {error}").format(error=exc))

    def reject(self) -> None:
        """Cancel during a build stops the build first; the window closes when it has stopped."""
        if self.task is not None:
            self._close_when_stopped = True
            self.cancel_build()
            return
        super().reject()
