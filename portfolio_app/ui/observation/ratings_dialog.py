"""The coach rates the credential's rubric criteria in an observation: a level and a note each.

Once the teacher imports the signed record, these ratings stand beside the self-assessment.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


class RatingsDialog(QDialog):
    def __init__(self, ops: Operations, observation_id: str, parent=None):
        super().__init__(parent)
        self.ops = ops
        self.observation_id = observation_id
        self.setWindowTitle(self.tr("Rate the Rubric"))
        self.levels: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)  # the note takes the room: it says why
        self.setMinimumWidth(720)
        self.message = QLabel(self.tr("Loading the rubric…"))
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save Ratings"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        layout.addWidget(buttons)
        ops_observation.rubric(observation_id).success(self._show).run(ops, initiator=self)

    def _show(self, rubric) -> None:
        criteria, ratings = rubric
        if not criteria:
            self.message.setText(
                self.tr("This observation is not about a credential: observe with a look-fors scheme to rate one.")
            )
            self.save_button.setEnabled(False)
            return
        self.message.setText(self.tr("A level for what you saw, and a note on why."))
        for row, criterion in enumerate(criteria):
            level = QComboBox()
            level.setAccessibleName(self.tr("Level for %s") % criterion.title)
            level.addItem(self.tr("Not rated"), None)
            for choice in criterion.levels:
                level.addItem(choice.label, choice.id)
            note = QLineEdit()
            note.setAccessibleName(self.tr("Note for %s") % criterion.title)
            rating = ratings.get(criterion.id)
            if rating is not None:
                level.setCurrentIndex(max(0, level.findData(rating.level_id)))
                note.setText(rating.note)
            self.grid.addWidget(QLabel(criterion.title), row, 0)
            self.grid.addWidget(level, row, 1)
            self.grid.addWidget(note, row, 2)
            self.levels[criterion.id], self.notes[criterion.id] = level, note

    def save(self) -> None:
        chosen = [(c, box.currentData()) for c, box in self.levels.items() if box.currentData() is not None]
        for criterion_id, level_id in chosen:
            ops_observation.rate(self.observation_id, criterion_id, level_id, self.notes[criterion_id].text()).failure(
                self._on_rate_failed
            ).run(self.ops, initiator=self)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("%d ratings saved.") % len(chosen))

    def _on_rate_failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(palette.text_style(palette.WARNING))
        self.message.setText(str(error))
