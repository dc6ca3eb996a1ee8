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
        self.stop_button = QPushButton(self.tr("Stop and Summarise"))
        self.stop_button.setVisible(False)
        self.stop_button.clicked.connect(self.stop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.stop_button)
        self.resize(900, 700)

    def _on_form_started(self, observation: Observation) -> None:
        self.live = LiveCoding(self.ops, observation)
        self.pages.addWidget(self.live)
        self.pages.setCurrentWidget(self.live)
        self.stop_button.setVisible(True)
        self.live.setFocus()
        self.live.start()

    def stop(self) -> None:
        if self.live is None:
            return
        self.live.stop()
        self.summary = SummaryView(self.ops, self.live.observation.id)
        self.pages.addWidget(self.summary)
        self.pages.setCurrentWidget(self.summary)
        self.stop_button.setVisible(False)
