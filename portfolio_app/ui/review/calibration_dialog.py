"""File ▸ Compare Reviewers' Decisions…: calibration of reviewers on the same bundle (or pooled across
bundles per pair of reviewers): agreement per criterion and Cohen's kappa, against the 80% agreement
BloomBoard asks of its assessors. Every file is verified; decisions on another bundle are refused by name."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.calibration import Agreement, PairAgreement
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import review as review_ops

TARGET = 0.8  # BloomBoard calibrates its assessors to 80% agreement


def _kappa(kappa: float | None) -> str:
    return "—" if kappa is None else f"{kappa:.2f}"


class CalibrationDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.paths: list[Path] = []
        self.setWindowTitle(self.tr("Compare Reviewers' Decisions"))
        self.resize(820, 620)
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Signed decisions to compare"))
        self.files.setMaximumHeight(120)
        add = QPushButton(self.tr("&Add Decisions…"))
        add.clicked.connect(self._on_add_clicked)
        clear = QPushButton(self.tr("C&lear"))
        clear.clicked.connect(lambda: self.set_files([]))
        self.pooled = QCheckBox(self.tr("Pool decisions on several bundles (per pair of reviewers)"))
        self.pooled.toggled.connect(lambda _on: self.compare())
        self.result = QTextBrowser()
        self.result.setAccessibleName(self.tr("Agreement"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(palette.text_style(palette.WARNING))
        self.problem.hide()
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(clear)
        row.addWidget(self.pooled)
        row.addStretch()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reviewers' signed decisions (.zip): two or more on the same bundle.")))
        layout.addWidget(self.files)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.result, 1)
        layout.addWidget(buttons)

    def _on_add_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add Signed Decisions"), str(Path.home()), self.tr("Signed feedback (*.zip)")
        )
        if chosen:
            self.set_files(self.paths + [Path(c) for c in chosen if Path(c) not in self.paths])

    def set_files(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self.files.clear()
        self.files.addItems([p.name for p in self.paths])
        self.compare()

    def compare(self) -> None:
        self.problem.hide()
        self.result.clear()
        if len(self.paths) < 2:
            self.result.setPlainText(self.tr("Add two or more signed decisions to compare."))
            return
        pooled = self.pooled.isChecked()
        review_ops.compare_decisions(self.paths, across_bundles=pooled).success(
            self._show_pooled if pooled else self._show_bundle
        ).failure(self._on_failed).run(self.ops, self)

    def _on_failed(self, error: BaseException) -> None:
        self.problem.setText(str(error))
        self.problem.show()

    def _verdict(self, share: float) -> str:
        if share >= TARGET:
            return self.tr("meets the 80% asked of assessors")
        return self.tr("<b>below</b> the 80% asked of assessors")

    def _show_bundle(self, results: list[Agreement]) -> None:
        parts = []
        for result in results:
            parts.append(
                f"<h3>{self.tr('Reviewers')} <code>{result.first[:16]}…</code> {self.tr('and')} "
                f"<code>{result.second[:16]}…</code></h3>"
            )
            rows = [f"<tr><th>{self.tr('Criterion')}</th><th>{self.tr('First')}</th><th>{self.tr('Second')}</th>"
                    f"<th></th></tr>"]  # fmt: skip
            for c in result.criteria:
                same = self.tr("agree") if c.agree else self.tr("<b>differ</b>")
                rows.append(
                    f"<tr><td>{html.escape(c.criterion_id)}</td><td>{html.escape(c.first_level)}</td>"
                    f"<td>{html.escape(c.second_level)}</td><td>{same}</td></tr>"
                )
            parts.append("<table border='1' cellpadding='4'>" + "".join(rows) + "</table>")
            summary = self.tr(
                "Agreement {share:.0f}% of criteria ({verdict}); Cohen's kappa {kappa}; decisions {same}."
            )
            summary = summary.format(
                share=result.share * 100,
                verdict=self._verdict(result.share),
                kappa=_kappa(result.kappa),
                same=self.tr("agree") if result.same_decision else self.tr("differ"),
            )
            parts.append(f"<p>{summary}</p>")
        self.result.setHtml("".join(parts))

    def _show_pooled(self, results: list[PairAgreement]) -> None:
        parts = []
        for result in results:
            parts.append(
                f"<h3>{self.tr('Reviewers')} <code>{result.first[:16]}…</code> {self.tr('and')} "
                f"<code>{result.second[:16]}…</code>: {self.tr('{n} bundles in common').format(n=result.bundles)}</h3>"
            )
            rows = [f"<tr><th>{self.tr('Criterion')}</th><th>{self.tr('Scored alike')}</th></tr>"]
            rows += [
                f"<tr><td>{html.escape(criterion)}</td><td>{share * 100:.0f}%</td></tr>"
                for criterion, share in result.per_criterion.items()
            ]
            parts.append("<table border='1' cellpadding='4'>" + "".join(rows) + "</table>")
            parts.append(
                "<p>"
                + self.tr("Agreement {share:.0f}% of scores ({verdict}); Cohen's kappa {kappa}.").format(
                    share=result.share * 100, verdict=self._verdict(result.share), kappa=_kappa(result.kappa)
                )
                + "</p>"
            )
        self.result.setHtml("".join(parts))
