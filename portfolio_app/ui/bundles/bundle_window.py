"""A bundle someone handed over (or one just made): the verification result first, then what it holds.

Verification streams from the ZIP on the media worker, with progress and Cancel; nothing is
unpacked. The contents come from the verified `data/submission.json` alone, so what is shown is
what the signature covers. "Extract and Open Viewer…" unpacks into a folder the reviewer
chooses and opens the bundle's own offline viewer in the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.errors import Cancelled, PortfolioError
from portfolio_app.ui import palette
from portfolio_app.ui.bundles.bundle_contents import FILE_ROLE, answers_html, fill_evidence, why_html
from portfolio_app.ui.folders import open_file, open_in_browser
from portfolio_app.ui.operations import LongOp, LongTask, Operations
from portfolio_app.ui.operations import bundle as bundle_ops
from portfolio_app.ui.operations import trust as trust_ops
from portfolio_app.ui.viewers.evidence_text import size_text

if TYPE_CHECKING:
    from portfolio_app.bundle.verify import VerificationReport
    from portfolio_app.core.trust import SignerStatus


class BundleWindow(QMainWindow):
    """One bundle, verified: a banner with the verdict, the problems by entry, then the contents."""

    def __init__(self, ops: Operations, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.path = path
        self.report: VerificationReport | None = None
        self.signer: SignerStatus | None = None  # who signed, by the imported trust lists
        self.task: LongTask | None = None
        self.working = False
        self.setObjectName("bundleWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Bundle: {name}").format(name=path.name))
        self.verdict = QLabel()
        self.verdict.setObjectName("bundleVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Verification progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.verify_button = QPushButton(self.tr("&Verify Again"))
        self.verify_button.clicked.connect(self.verify)
        self.extract_button = QPushButton(self.tr("&Extract and Open Viewer…"))
        self.extract_button.setToolTip(self.tr("Unpack the bundle into a folder and open its index.html"))
        self.extract_button.clicked.connect(self._on_extract_clicked)
        self.problems = QTreeWidget()
        self.problems.setRootIsDecorated(False)
        self.problems.setHeaderLabels([self.tr("Entry"), self.tr("Problem")])
        self.problems.setAccessibleName(self.tr("Problems found"))
        self.tabs = QTabWidget()
        self.evidence = self._table([self.tr("File"), self.tr("Requirement"), self.tr("Size"), self.tr("Tags")])
        self.assessment = self._table([self.tr("Criterion"), self.tr("Level"), self.tr("Passing"), self.tr("Why")])
        self.assessment.currentItemChanged.connect(self._on_assessment_current_changed)
        self.why = QTextBrowser()  # the chosen criterion's reason in full: a table cell cuts it off
        self.why.setAccessibleName(self.tr("Why this level"))
        assessment_page = QSplitter(Qt.Orientation.Vertical)
        assessment_page.addWidget(self.assessment)
        assessment_page.addWidget(self.why)
        self.evidence.setHeaderLabels(
            [self.tr("File or tag"), self.tr("Requirement or place"), self.tr("Size"), self.tr("Tags or note")]
        )
        self.evidence.itemActivated.connect(self._on_evidence_item_activated)
        # a reviewer's first question is "can I see it?": say how, where the files are listed
        self.evidence_hint = QLabel(self.tr("Double-click a file or a tag (or press Enter) to open a read-only copy."))
        self.evidence_hint.setEnabled(False)
        evidence_page = QWidget()
        evidence_layout = QVBoxLayout(evidence_page)
        evidence_layout.setContentsMargins(0, 0, 0, 0)
        evidence_layout.addWidget(self.evidence, 1)
        evidence_layout.addWidget(self.evidence_hint)
        self.answers = QTextBrowser()
        self.details = QTextBrowser()
        self.tabs.addTab(evidence_page, self.tr("Evidence"))
        self.tabs.addTab(self.answers, self.tr("Answers"))
        self.tabs.addTab(assessment_page, self.tr("Self-assessment"))
        self.tabs.addTab(self.details, self.tr("Details"))
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.extract_button)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.verdict)
        layout.addLayout(progress)
        layout.addLayout(buttons)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.tabs, 3)
        self.setCentralWidget(body)
        self.resize(900, 640)
        # Esc and Ctrl+W close it, as the platform's Close does (Ctrl+F4 on Linux and Windows); each once
        closing = [QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")]
        closing += QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
        for keys in {k.toString(): k for k in closing}.values():
            QShortcut(keys, self, self.close)
        self.verify()

    @staticmethod
    def _table(headers: list[str]) -> QTreeWidget:
        table = QTreeWidget()
        table.setRootIsDecorated(False)
        table.setHeaderLabels(headers)
        table.setWordWrap(True)
        table.header().setStretchLastSection(False)
        for column in range(1, len(headers) - 1):
            table.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.header().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        return table

    # -- verification -----------------------------------------------------------------------

    def verify(self) -> None:
        self._busy(True)
        self._banner(self.tr("Checking every file and the signature…"), palette.MUTED, "")
        self.problems.hide()
        self.tabs.hide()
        path = self.path
        self._start(
            bundle_ops.verify_bundle(path),
            self._on_verified,
            self._on_failed,
            lambda fraction, _: self.bar.setValue(round(fraction * 1000)),
        )

    def _on_verified(self, report: VerificationReport) -> None:
        self.task = None
        self.report = report
        self._busy(False)
        if report.valid and report.signed:
            draft = self.tr(" It is a DRAFT, not a submission.") if report.draft else ""
            self._banner(
                self.tr("✓ Valid: complete and unchanged since it was signed.") + draft,
                palette.CAUTION if report.draft else palette.PASSING,
                self.tr("Signed by key {fingerprint}. Check that it is the fingerprint the sender gave you.").format(
                    fingerprint=report.fingerprint
                ),
            )
        elif report.valid:
            self._banner(
                self.tr("✓ Valid BagIt bag, but not signed: nothing says who made it."),
                palette.CAUTION,
                self.tr("Every file matches its manifest."),
            )
        else:
            count = len(report.problems)
            self._banner(
                self.tr("✗ Not valid: 1 problem.")
                if count == 1
                else self.tr("✗ Not valid: {n} problems.").format(n=count),
                palette.WARNING,
                self.tr("Do not trust what this bundle shows; ask the sender for a fresh copy."),
            )
            self.problems.clear()
            for problem in report.problems:
                self.problems.addTopLevelItem(QTreeWidgetItem([problem.entry, problem.reason]))
            self.problems.resizeColumnToContents(0)
            self.problems.show()
        self.extract_button.setEnabled(report.valid)
        if report.submission is not None:
            self._show_contents(report, report.submission)
        if report.valid and report.signed:
            trust_ops.name_signer(report).success(self._on_signer_named).run(self.ops, initiator=self)

    def _on_signer_named(self, signer: SignerStatus | None) -> None:
        """The verdict again, now naming the signer: approved, unknown (a warning) or revoked (refused)."""
        report = self.report
        if signer is None or report is None:
            return
        self.signer = signer
        draft = self.tr(" It is a DRAFT, not a submission.") if report.draft else ""
        key = self.tr("Key {fingerprint}.").format(fingerprint=report.fingerprint)
        if signer.refused:
            self._banner(
                self.tr("✗ Refused: signed with a key that was revoked before it signed."),
                palette.WARNING,
                self.tr("Signed by {signer}. {key}").format(signer=signer.text, key=key),
            )
            self.extract_button.setEnabled(False)
        elif signer.trusted:
            self._banner(
                self.tr("✓ Valid: complete and unchanged since it was signed.") + draft,
                palette.CAUTION if report.draft else palette.PASSING,
                self.tr("Signed by {signer}. {key}").format(signer=signer.text, key=key),
            )
        else:
            self._banner(
                self.tr("✓ Valid, but no trust list you imported vouches for the signer.") + draft,
                palette.CAUTION,
                self.tr(
                    "Signed by {signer}. {key} Check the fingerprint with the sender, or import their "
                    "organisation's trust list (File ▸ Trust Lists…)."
                ).format(signer=signer.text, key=key),
            )

    def _on_failed(self, exc: BaseException) -> None:
        self.task = None
        self._busy(False)
        if isinstance(exc, Cancelled):
            self._banner(
                self.tr("Verification cancelled: nothing is known about this bundle yet."), palette.CAUTION, ""
            )
        elif isinstance(exc, PortfolioError):
            self._banner(self.tr("✗ Cannot be read as a bundle."), palette.WARNING, str(exc))
        else:
            self._banner(self.tr("✗ Cannot be checked."), palette.WARNING, str(exc))
        self.extract_button.setEnabled(False)

    def _start(self, op: LongOp, on_done, on_error, on_progress) -> None:
        self.working = True

        def done(result, deliver=on_done) -> None:
            self.working = False
            deliver(result)

        def failed(exc, deliver=on_error) -> None:
            self.working = False
            deliver(exc)

        task = op.progress(on_progress).success(done).failure(failed).run(self.ops, initiator=self)
        self.task = task if self.working else None  # a synchronous runner has finished already

    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.bar.setValue(0)
        self.cancel_button.setVisible(busy)
        self.verify_button.setEnabled(not busy)
        self.extract_button.setEnabled(False)

    def _banner(self, headline: str, colour: str, detail: str) -> None:
        self.verdict.setText(
            f"<p style='font-size: 13pt; font-weight: bold; color: {colour}'>{_escape(headline)}</p>"
            f"<p>{_escape(detail)}</p><p style='color: {palette.MUTED}'>{_escape(str(self.path))}</p>"
        )

    # -- contents ---------------------------------------------------------------------------

    def _show_contents(self, report: VerificationReport, submission: dict[str, Any]) -> None:
        credential = submission.get("credential", {})
        fill_evidence(self.evidence, submission)
        self.assessment.clear()
        criteria = {c["id"]: c.get("title", c["id"]) for c in credential.get("rubric", [])}
        for entry in submission.get("self_assessment", []):
            passes = self.tr("✓ Yes") if entry.get("passes") else self.tr("✗ No")
            row = QTreeWidgetItem(
                [criteria.get(entry["criterion_id"], entry["criterion_id"]), entry["level_label"], passes]
            )
            row.setText(3, entry.get("justification", ""))
            row.setToolTip(3, entry.get("justification", ""))
            self.assessment.addTopLevelItem(row)
        if self.assessment.topLevelItemCount():
            self.assessment.setCurrentItem(self.assessment.topLevelItem(0))
        self.answers.setHtml(answers_html(submission))
        teacher = submission.get("teacher", {})
        portfolio = submission.get("portfolio", {})
        outstanding = "".join(f"<li>{_escape(o)}</li>" for o in submission.get("outstanding", []))
        self.details.setHtml(
            f"<h2>{_escape(credential.get('title', ''))}</h2>"
            f"<p><b>{_escape(portfolio.get('title', ''))}</b>, attempt {portfolio.get('attempt', 1)}</p>"
            f"<p>{_escape(teacher.get('name', ''))} &lt;{_escape(teacher.get('email', ''))}&gt;</p>"
            f"<p>Made {_escape(submission.get('created_at', '')[:16].replace('T', ' '))} UTC · "
            f"{report.payload_files} files, {size_text(report.payload_bytes)}</p>"
            f"<p>Key fingerprint: <code>{_escape(report.fingerprint or 'not signed')}</code></p>"
            + (
                f"<p><b>Draft.</b> Still open when it was made:</p><ul>{outstanding}</ul>"
                if submission.get("draft")
                else ""
            )
        )
        self.tabs.show()

    def _on_assessment_current_changed(self, row: QTreeWidgetItem | None, _previous) -> None:
        self.why.setHtml(why_html(row.text(0), row.text(1), row.text(3)) if row is not None else "")

    def _on_evidence_item_activated(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        """Open a read-only copy of the file (a tag row opens its evidence)."""
        row = row.parent() or row
        entry = row.data(0, FILE_ROLE)
        if not entry:
            return
        op = bundle_ops.extract_entry(self.path, entry)
        op.success(lambda copy: open_file(copy, self)).failure(self._on_extract_failed).run(self.ops, initiator=self)

    # -- extracting -------------------------------------------------------------------------

    def _on_extract_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Extract the Bundle Into"), str(self.path.parent))
        if folder:
            self.extract_to(Path(folder))

    def extract_to(self, folder: Path) -> None:
        """Unpack into `folder` (a new subfolder named after the bag), then open its viewer."""
        self._busy(True)
        path = self.path
        self._start(
            bundle_ops.extract_bundle(path, folder),
            self._on_extracted,
            self._on_extract_failed,
            lambda fraction, _: self.bar.setValue(round(fraction * 1000)),
        )

    def _on_extracted(self, bag: Path) -> None:
        self.task = None
        self._busy(False)
        self.extract_button.setEnabled(True)
        self.statusBar().showMessage(self.tr("Extracted to {folder}").format(folder=bag), 10000)
        open_in_browser(bag / "data" / "index.html", self)

    def _on_extract_failed(self, exc: BaseException) -> None:
        self.task = None
        self._busy(False)
        self.extract_button.setEnabled(True)
        self.statusBar().showMessage(str(exc) if not isinstance(exc, Cancelled) else self.tr("Extraction cancelled."))

    def closeEvent(self, event) -> None:
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
