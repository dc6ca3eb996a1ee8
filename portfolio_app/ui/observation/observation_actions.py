"""What the coach does with the observation shown, from the window's toolbar: export it (ELAN, WebVTT,
SRT, CSV, PDF), sign and hand it over, compare it with another observer's, rate the rubric; and with
schemes: import one, give codes other keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QToolBar, QToolButton, QWidget

from portfolio_app.ui.observation.observation_dialogs import AgreementDialog, KeysDialog, SignDialog, scheme_choices
from portfolio_app.ui.observation.ratings_dialog import RatingsDialog
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation

FORMATS = (
    ("eaf", "ELAN (*.eaf)", "ELAN annotation (.eaf)…"),
    ("vtt", "WebVTT (*.vtt)", "Subtitles, WebVTT (.vtt)…"),
    ("srt", "SubRip (*.srt)", "Subtitles, SRT (.srt)…"),
    ("csv", "CSV (*.csv)", "Table, one row per event (.csv)…"),
    ("pdf", "PDF (*.pdf)", "Summary with charts and notes (.pdf)…"),
)


class ObservationActions(QObject):
    def __init__(self, ops: Operations, window: QWidget):
        super().__init__(window)
        self.ops = ops
        self.window = window
        self.observation_id: str | None = None
        self.dialog = None  # the dialog open now (kept so it is not collected; tests reach it here)
        self.export_menu = QMenu(self.tr("Export"), window)
        self.export_actions: dict[str, QAction] = {}
        for name, _filter, label in FORMATS:
            action = self.export_menu.addAction(self.tr(label))
            action.triggered.connect(lambda _checked=False, name=name: self.export(name))
            self.export_actions[name] = action
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setAccessibleName(self.tr("Export the observation"))
        self.sign_action = QAction(self.tr("Sign and Hand Over…"), self)
        self.sign_action.triggered.connect(self.sign)
        self.agreement_action = QAction(self.tr("Agreement…"), self)
        self.agreement_action.setToolTip(self.tr("Cohen's kappa against another observer of the same lesson"))
        self.agreement_action.triggered.connect(self.agreement)
        self.rate_action = QAction(self.tr("Rate Rubric…"), self)
        self.rate_action.triggered.connect(self.rate)
        self.import_scheme_action = QAction(self.tr("Import Scheme…"), self)
        self.import_scheme_action.triggered.connect(self.import_scheme)
        self.keys_action = QAction(self.tr("Keys…"), self)
        self.keys_action.setToolTip(self.tr("Give a scheme's codes other keys"))
        self.keys_action.triggered.connect(self.keys)
        self.set_observation(None)

    def add_to(self, toolbar: QToolBar) -> None:
        toolbar.addWidget(self.export_button)
        for action in (self.sign_action, self.agreement_action, self.rate_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.import_scheme_action)
        toolbar.addAction(self.keys_action)

    def set_observation(self, observation_id: str | None, *, coding: bool = False) -> None:
        """The observation the actions work on (None: none is shown); scheme actions wait while coding."""
        self.observation_id = observation_id
        shown = observation_id is not None and not coding
        self.export_button.setEnabled(shown)
        for action in (self.sign_action, self.agreement_action, self.rate_action):
            action.setEnabled(shown)
        self.import_scheme_action.setEnabled(not coding)
        self.keys_action.setEnabled(not coding)

    def _say(self, text: str) -> None:
        self.window.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self._say(str(error))

    # -- the observation shown ----------------------------------------------------------------

    def export(self, format_name: str) -> None:
        if self.observation_id is None:
            return
        file_filter = next(f for name, f, _label in FORMATS if name == format_name)
        chosen, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export Observation"),
            str(Path.home() / f"observation-{self.observation_id}.{format_name}"),
            file_filter,
        )
        if chosen:
            target = Path(chosen)
            if not target.suffix:
                target = target.with_suffix(f".{format_name}")
            ops_observation.export(self.observation_id, format_name, target).success(
                lambda written: self._say(self.tr("Wrote %s") % written)
            ).failure(self._failed).run(self.ops, initiator=self)

    def sign(self) -> None:
        if self.observation_id is not None:
            ops_observation.load(self.observation_id).success(self._open_sign_dialog).failure(self._failed).run(
                self.ops, initiator=self
            )

    def _open_sign_dialog(self, record) -> None:
        suggested = Path.home() / f"observation-{record.observation.id}.zip"
        self._open(SignDialog(self.ops, record.observation.id, suggested, len(record.recordings), self.window))

    def agreement(self) -> None:
        if self.observation_id is not None:
            ops_observation.list_observations().success(self._open_agreement_dialog).run(self.ops, initiator=self)

    def _open_agreement_dialog(self, summaries) -> None:
        mine = next((s.observation for s in summaries if s.observation.id == self.observation_id), None)
        if mine is None:
            return
        others = [
            (s.observation.id, f"{s.observation.title} — {s.observation.observer or self.tr('no observer')}")
            for s in summaries
            if s.observation.id != mine.id and s.observation.scheme.id == mine.scheme.id
        ]
        self._open(AgreementDialog(self.ops, mine.id, others, self.window))

    def rate(self) -> None:
        if self.observation_id is not None:
            self._open(RatingsDialog(self.ops, self.observation_id, self.window))

    # -- schemes ------------------------------------------------------------------------------

    def import_scheme(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import Coding Scheme"), str(Path.home()), self.tr("Coding scheme (*.json)")
        )
        if chosen:
            ops_observation.import_scheme(Path(chosen)).success(
                lambda outcome: self._say(
                    self.tr("“%s” (%d codes) is ready to observe with.")
                    % (outcome.value.title, len(outcome.value.codes))
                )
            ).failure(self._failed).run(self.ops, initiator=self)

    def keys(self) -> None:
        ops_observation.list_schemes().success(
            lambda entries: self._open(KeysDialog(self.ops, scheme_choices(entries), self.window))
        ).run(self.ops, initiator=self)

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.show()
