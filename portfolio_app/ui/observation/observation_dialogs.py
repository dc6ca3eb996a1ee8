"""The coach's dialogs around an observation: agreement with another observer, keys of a scheme, signing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


def _kappa(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class AgreementDialog(QDialog):
    """Cohen's kappa between this observation and another observer's of the same lesson and scheme."""

    def __init__(self, ops: Operations, observation_id: str, others: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.ops = ops
        self.observation_id = observation_id
        self.setWindowTitle(self.tr("Agreement Between Observers"))
        self.other = QComboBox()
        self.other.setAccessibleName(self.tr("The other observer's observation"))
        for other_id, title in others:
            self.other.addItem(title, other_id)
        self.bin = QDoubleSpinBox()
        self.bin.setRange(1, 600)
        self.bin.setValue(10)
        self.bin.setSuffix(self.tr(" s"))
        self.bin.setAccessibleName(self.tr("Bin length for continuous observations"))
        self.compare_button = QPushButton(self.tr("&Compare"))
        self.compare_button.setDefault(True)
        self.compare_button.setEnabled(bool(others))
        self.compare_button.clicked.connect(self.compare)
        self.result = QLabel(
            self.tr("Choose the other observer's observation of this lesson.")
            if others
            else self.tr("No other observation with the same scheme: import or make the second observer's first.")
        )
        self.result.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        headers = ("Code", "Kappa", "Both", "Only A", "Only B", "Neither")
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        self.table.setAccessibleName(self.tr("Kappa per code, with the counts behind it"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        form = QFormLayout()
        form.addRow(self.tr("&Other observer:"), self.other)
        form.addRow(self.tr("&Bins (continuous):"), self.bin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def compare(self) -> None:
        other = self.other.currentData()
        if other is None:
            return
        ops_observation.agreement(self.observation_id, other, self.bin.value()).success(self.show_agreement).failure(
            lambda error: self.result.setText(str(error))
        ).run(self.ops, initiator=self)

    def show_agreement(self, result) -> None:
        unit = self.tr("intervals") if result.units.kind == "interval" else self.tr("bins")
        rows = [(c.code_id, c.confusion) for c in result.codes] + [(self.tr("overall"), result.overall)]
        self.table.setRowCount(len(rows))
        for row, (name, c) in enumerate(rows):
            for column, text in enumerate((name, _kappa(c.kappa), str(c.both), str(c.only_a), str(c.only_b))):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.table.setItem(row, 5, QTableWidgetItem(str(c.neither)))
        self.result.setText(
            self.tr("Compared on %d %s of %g s: overall kappa %s. — : both said the same in every unit.")
            % (result.units.count, unit, result.units.seconds, _kappa(result.overall.kappa))
        )


class KeysDialog(QDialog):
    """Give a scheme's codes other keys (for new observations; one begun keeps its copy)."""

    def __init__(self, ops: Operations, schemes: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Keys of a Scheme"))
        self.scheme = QComboBox()
        self.scheme.setAccessibleName(self.tr("Scheme"))
        for scheme_id, title in schemes:
            self.scheme.addItem(title, scheme_id)
        self.scheme.currentIndexChanged.connect(self.reload)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Code"), self.tr("Label")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(self.tr("Codes and their keys"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.key = QLineEdit()
        self.key.setMaxLength(3)
        self.key.setPlaceholderText(self.tr("a letter, digit or F1–F12"))
        self.key.setAccessibleName(self.tr("New key for the chosen code"))
        self.key.returnPressed.connect(self.set_key)
        self.set_button = QPushButton(self.tr("&Set Key"))
        self.set_button.clicked.connect(self.set_key)
        self.message = QLabel(self.tr("Space pauses and Backspace takes back, so they are not codes' keys."))
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(self.set_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scheme)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, 560)
        self.reload()

    def reload(self) -> None:
        scheme_id = self.scheme.currentData()
        if scheme_id is not None:
            ops_observation.scheme(scheme_id).success(self._show).run(self.ops, initiator=self)

    def _show(self, scheme) -> None:
        chosen = self.table.currentRow()
        self.table.setRowCount(len(scheme.codes))
        for row, code in enumerate(scheme.codes):
            for column, text in enumerate((code.key, code.id, code.label)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, code.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.selectRow(max(chosen, 0))

    def set_key(self) -> None:
        item = self.table.item(self.table.currentRow(), 1)
        key = self.key.text().strip()
        if item is None or not key:
            return
        code_id = item.data(Qt.ItemDataRole.UserRole)
        ops_observation.remap_key(self.scheme.currentData(), code_id, key).success(
            lambda outcome: self._on_key_set(code_id, key, outcome.value)
        ).failure(self._on_key_refused).run(self.ops, initiator=self)

    def _on_key_set(self, code_id: str, key: str, scheme) -> None:
        self.key.clear()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("%s is now on %s for new observations.") % (code_id, key))
        self._show(scheme)

    def _on_key_refused(self, error: BaseException) -> None:
        self.message.setStyleSheet(palette.text_style(palette.WARNING))
        self.message.setText(str(error))


class SignDialog(QDialog):
    """Sign the observation for the teacher; a recording goes beside the record unless consented."""

    def __init__(self, ops: Operations, observation_id: str, suggested: Path, recordings: int, parent=None):
        super().__init__(parent)
        self.ops = ops
        self.observation_id = observation_id
        self.setWindowTitle(self.tr("Sign and Hand Over"))
        self.path = QLineEdit(str(suggested))
        self.path.setAccessibleName(self.tr("Signed record to write"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._on_choose_clicked)
        self.consented = QCheckBox(self.tr("Everyone recorded consented: carry the recording inside the signed record"))
        self.consented.setVisible(recordings > 0)
        explain = QLabel(
            self.tr(
                "The record holds the observation, its PDF summary and its CSV, signed with your key. "
                "A recording shows faces and carries voices: it is written beside the record, for the teacher "
                "to import and blur like any recording, unless you tick the box."
            )
            if recordings
            else self.tr("The record holds the observation, its PDF summary and its CSV, signed with your key.")
        )
        explain.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sign_button = QPushButton(self.tr("&Sign"))
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.consented)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.resize(560, 280)

    def _on_choose_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Signed Observation"), self.path.text(), "ZIP (*.zip)")
        if chosen:
            self.path.setText(chosen)

    def sign(self) -> None:
        text = self.path.text().strip()
        if not text:
            return
        self.sign_button.setEnabled(False)
        self.result.setText(self.tr("Signing…"))
        ops_observation.sign(self.observation_id, Path(text), with_recording=self.consented.isChecked()).success(
            self._on_signed
        ).failure(self._on_sign_failed).run(self.ops, initiator=self)

    def _on_signed(self, signed) -> None:
        self.sign_button.setEnabled(True)
        text = self.tr("Signed %s\nKey fingerprint: %s") % (signed.path, signed.fingerprint)
        for path in signed.beside:
            text += "\n" + self.tr("Recording beside it (give it to the teacher too): %s") % path
        self.result.setStyleSheet("")
        self.result.setText(text)

    def _on_sign_failed(self, error: BaseException) -> None:
        self.sign_button.setEnabled(True)
        self.result.setStyleSheet(palette.text_style(palette.WARNING))
        self.result.setText(str(error))


def scheme_choices(entries) -> list[tuple[str, str]]:
    """(id, title) of each scheme, for a chooser."""
    return [(e.scheme.id, e.scheme.title) for e in entries]
