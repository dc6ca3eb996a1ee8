"""The coach's window: the start form, then live coding (Stop ends it), then the summary."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QStackedWidget, QVBoxLayout, QWidget

from portfolio_app.core.observation import Observation
from portfolio_app.ui.observation.live_coding import LiveCoding
from portfolio_app.ui.observation.start_form import StartForm
from portfolio_app.ui.observation.summary_view import SummaryView
from portfolio_app.ui.operations import Operations


class ObservationWindow(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Observe a Lesson"))
        self.pages = QStackedWidget()
        self.form = StartForm(ops)
        self.form.started.connect(self._on_form_started)
        self.pages.addWidget(self.form)
        self.live: LiveCoding | None = None
        self.summary: SummaryView | None = None
        self.player = None  # the recording being coded, when the coach chose one
        self.stop_button = QPushButton(self.tr("Stop and Summarise"))
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.stop_button)
        self.resize(900, 700)

    def _on_form_started(self, observation: Observation) -> None:
        video = self.form.video_path()
        if video is None:
            self.live = LiveCoding(self.ops, observation)
        else:
            from portfolio_app.ui.observation.player_clock import PlayerClock
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self.player = MediaPlayerView()
            self.player.load(video, has_picture=True)
            self.live = LiveCoding(self.ops, observation, PlayerClock(self.player), player=self.player)
        self.pages.addWidget(self.live)
        self.pages.setCurrentWidget(self.live)
        self.stop_button.setVisible(True)
        self.live.setFocus()
        self.live.start()

    def stop(self) -> None:
        if self.live is None:
            return
        self.live.stop()
        if self.player is not None:
            self.player.clear()
        self.summary = SummaryView(self.ops, self.live.observation.id)
        self.pages.addWidget(self.summary)
        self.pages.setCurrentWidget(self.summary)
        self.stop_button.setVisible(False)
