"""The coach's window: earlier observations to reopen, the start form, live coding (Stop ends it), and the
summary; a toolbar exports, signs, compares and rates the observation shown, imports schemes and
remaps their keys. A lesson recorded while observing is kept with the observation when it stops.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.observation import Observation, ObservationRecord
from portfolio_app.ui.capture.sources import CaptureSource
from portfolio_app.ui.observation.clock import PausableClock
from portfolio_app.ui.observation.live_coding import LiveCoding
from portfolio_app.ui.observation.observation_actions import ObservationActions
from portfolio_app.ui.observation.observation_list import ObservationList
from portfolio_app.ui.observation.start_form import StartForm
from portfolio_app.ui.observation.summary_view import SummaryView
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


class ObservationWindow(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None, *, source: CaptureSource | None = None):
        """`source` feeds a recording made while observing (the computer's devices unless given)."""
        super().__init__(parent)
        self.ops = ops
        self.source = source
        self.setWindowTitle(self.tr("Observe a Lesson"))
        self.pages = QStackedWidget()
        self.list = ObservationList(ops)
        self.list.opened.connect(self.open_observation)
        self.list.new_requested.connect(self.show_form)
        self.pages.addWidget(self.list)
        self.form = StartForm(ops)
        self.form.started.connect(self._on_form_started)
        self.form.precheck = self._recording_problem
        self.pages.addWidget(self.form)
        self.live: LiveCoding | None = None
        self.summary: SummaryView | None = None
        self.player = None  # the recording being coded, when the coach chose one
        self.recorder = None  # a LessonRecorder while the lesson is recorded meanwhile
        self._close_when_saved = False
        self.actions_ = ObservationActions(ops, self)
        self.toolbar = QToolBar(self.tr("Observation"))
        self.all_action = QAction(self.tr("All Observations"), self)
        self.all_action.triggered.connect(self.show_list)
        self.new_action = QAction(self.tr("New Observation…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.show_form)
        self.toolbar.addAction(self.all_action)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addSeparator()
        self.actions_.add_to(self.toolbar)
        self.stop_button = QPushButton(self.tr("Stop and Summarise (Ctrl+Enter)"))
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop)
        self.stop_action = QAction(self.tr("Stop and Summarise"), self)  # from the keyboard, while coding
        self.stop_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.stop_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stop_action.triggered.connect(self.stop)
        self.addAction(self.stop_action)
        self.continue_button = QPushButton(self.tr("Continue Coding"))
        self.continue_button.setToolTip(self.tr("Code more of this observation: the timer goes on from its end"))
        self.continue_button.setVisible(False)
        self.continue_button.clicked.connect(self.continue_coding)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.resize(960, 720)
        self._first_list = True
        self._show_page(self.list)
        ops_observation.list_observations().success(self._on_first_list).run(ops, initiator=self)
        ops_observation.salvage_takes().success(self._on_takes_salvaged).run(ops, initiator=self)

    # -- pages --------------------------------------------------------------------------------

    def _on_first_list(self, summaries) -> None:
        if summaries or not self._first_list or self.pages.currentWidget() is not self.list:
            return
        self._first_list = False
        self.show_form()  # nothing to reopen yet: start the first one

    def _on_takes_salvaged(self, outcome) -> None:
        for found in outcome.value:
            self.message.setText(
                self.tr("The recording of “%s” was cut off when the app stopped; what it recorded is kept with it.")
                % found.observation_title
            )

    def _show_page(self, page: QWidget, observation_id: str | None = None) -> None:
        self.pages.setCurrentWidget(page)
        live = page is self.live
        self.stop_button.setVisible(live)
        self.continue_button.setVisible(page is self.summary and not self._recording_busy())
        self.all_action.setEnabled(not live)
        self.new_action.setEnabled(not live)
        self.actions_.set_observation(observation_id, coding=live)

    def show_list(self) -> None:
        self.list.reload()
        self._show_page(self.list)

    def show_form(self) -> None:
        self._first_list = False
        self._show_page(self.form)
        self.form.title.setFocus()

    def open_observation(self, observation_id: str) -> None:
        """Reopen an observation: its summary, with its exports, signing and agreement."""
        self._replace_summary(SummaryView(self.ops, observation_id))
        self._show_page(self.summary, observation_id)

    def _replace_summary(self, summary: SummaryView) -> None:
        if self.summary is not None:
            self.summary.release()
            self.pages.removeWidget(self.summary)
            self.summary.deleteLater()
        self.summary = summary
        self.pages.addWidget(summary)

    def _replace_live(self, live: LiveCoding) -> None:
        if self.live is not None:
            self.pages.removeWidget(self.live)
            self.live.deleteLater()
        self.live = live
        self.pages.addWidget(live)
        self._show_page(live, live.observation.id)
        live.setFocus()
        live.start()

    # -- coding -------------------------------------------------------------------------------

    def _recording_problem(self) -> str | None:
        choice = self.form.recording_choice()
        if not choice:
            return None
        from portfolio_app.ui.observation.lesson_recorder import LessonRecorder

        self.recorder = LessonRecorder(self.ops, self.source, audio_only=choice == "audio", parent=self)
        self.recorder.saved.connect(self._on_recorder_saved)
        self.recorder.failed.connect(self._on_recorder_failed)
        return self.recorder.problem()

    def _on_form_started(self, observation: Observation) -> None:
        video = self.form.video_path()
        self.message.clear()
        if video is not None:
            from portfolio_app.ui.observation.player_clock import PlayerClock
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self.player = MediaPlayerView()
            self.player.load(video, has_picture=True)
            # Kept with the observation (a copy in the library), so its summary plays it at an event and
            # the hand-over names it, as for a recording made while observing.
            ops_observation.attach_file(observation.id, video).failure(
                lambda error: self.message.setText(self.tr("The recording was not kept with it: %s") % error)
            ).run(self.ops, initiator=self)
            self._replace_live(LiveCoding(self.ops, observation, PlayerClock(self.player), player=self.player))
        elif self.form.recording_choice() and self.recorder is not None:
            clock = self.recorder.begin(observation.id)
            self._replace_live(LiveCoding(self.ops, observation, clock, player=self.recorder.preview))
        else:
            self._replace_live(LiveCoding(self.ops, observation))

    def continue_coding(self) -> None:
        if self.summary is not None:
            ops_observation.load(self.summary.observation_id).success(self._on_continue_loaded).run(
                self.ops, initiator=self
            )

    def _on_continue_loaded(self, record: ObservationRecord) -> None:
        self._replace_live(LiveCoding(self.ops, record.observation, PausableClock(from_s=record.length_s())))

    def stop(self) -> None:
        if self.live is None or self.pages.currentWidget() is not self.live:
            return
        self.live.stop()
        if self.player is not None:
            self.player.clear()
        if self.recorder is not None and self.recorder.busy:
            self.message.setText(self.tr("Saving the recording with the observation…"))
            self.recorder.finish()
        self.open_observation(self.live.observation.id)

    def _recording_busy(self) -> bool:
        return self.recorder is not None and self.recorder.busy

    def _on_recorder_saved(self, recording) -> None:
        self.message.setText(self.tr("The recording (%s) is kept with the observation.") % recording.name)
        self._after_recording()

    def _on_recorder_failed(self, text: str) -> None:
        self.message.setText(text)
        self._after_recording()

    def _after_recording(self) -> None:
        self.recorder = None
        self.continue_button.setVisible(self.pages.currentWidget() is self.summary)
        if self._close_when_saved:
            self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.live is not None and self.pages.currentWidget() is self.live:
            self.stop()  # its length is saved, and a recording is kept
        if self._recording_busy():
            self._close_when_saved = True  # closes once the take is in the library: nothing is lost
            event.ignore()
            return
        if self.summary is not None:
            self.summary.release()
        super().closeEvent(event)
