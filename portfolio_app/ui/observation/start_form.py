"""Start an observation: scheme, title, teacher, lesson, class roster, mode, and its clock (a timer, a
recording the app makes meanwhile, or a recording file coded afterwards)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from portfolio_app.core.observation import Clock, Mode, Observation
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


class StartForm(QWidget):
    started = Signal(object)  # the new Observation

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.scheme = QComboBox()
        self.scheme.setAccessibleName(self.tr("Coding scheme"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Period 3, fractions"))
        self.title.returnPressed.connect(self.start)  # from the keyboard: type the title, Enter starts
        self.teacher = QLineEdit()
        self.lesson = QLineEdit()
        self.klass = QComboBox()
        self.klass.setAccessibleName(self.tr("Class roster"))
        self.klass.addItem(self.tr("No class"), None)
        self.portfolio = QComboBox()
        self.portfolio.setAccessibleName(self.tr("Portfolio the observation is for"))
        self.portfolio.setToolTip(self.tr("Optional: its credential's rubric is what you may rate"))
        self.portfolio.addItem(self.tr("None"), None)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("As the scheme says"), None)
        self.mode.addItem(self.tr("Continuous"), Mode.CONTINUOUS)
        self.mode.addItem(self.tr("Per interval"), Mode.INTERVAL)
        self.record = QComboBox()
        self.record.setAccessibleName(self.tr("Record while observing"))
        self.record.addItem(self.tr("Nothing: a timer is the clock"), None)
        self.record.addItem(self.tr("Sound (the recording is the clock)"), "audio")
        self.record.addItem(self.tr("Video and sound (the recording is the clock)"), "video")
        self.precheck: Callable[[], str | None] = lambda: None  # the window's word on devices before starting
        self.video = QLineEdit()
        self.video.setPlaceholderText(self.tr("A lesson recording to code afterwards (its position is the clock)"))
        self.video.setAccessibleName(self.tr("Recording to code"))
        self.choose_video = QPushButton(self.tr("Choose…"))
        self.choose_video.clicked.connect(self._on_choose_video_clicked)
        video_row = QHBoxLayout()
        video_row.addWidget(self.video, 1)
        video_row.addWidget(self.choose_video)
        self.error = QLabel()
        self.start_button = QPushButton(self.tr("Start Observing"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        layout = QFormLayout(self)
        layout.addRow(self.tr("&Scheme:"), self.scheme)
        layout.addRow(self.tr("&Title:"), self.title)
        layout.addRow(self.tr("T&eacher:"), self.teacher)
        layout.addRow(self.tr("&Lesson:"), self.lesson)
        layout.addRow(self.tr("&Class:"), self.klass)
        layout.addRow(self.tr("&Portfolio:"), self.portfolio)
        layout.addRow(self.tr("&Mode:"), self.mode)
        layout.addRow(self.tr("Recor&d:"), self.record)
        file_label = QLabel(self.tr("Or code a &file:"))
        file_label.setBuddy(self.video)  # the field is a row of two: the label needs its buddy named
        layout.addRow(file_label, video_row)
        layout.addRow(self.error)
        layout.addRow(self.start_button)
        self._schemes_stale = False
        ops_observation.list_schemes().success(self._on_schemes_loaded).run(ops, initiator=self)
        ops_observation.list_classes().success(self._on_classes_loaded).run(ops, initiator=self)
        ops_observation.list_portfolios().success(self._on_portfolios_loaded).run(ops, initiator=self)
        ops.changed.connect(self._on_ops_changed)

    def _on_ops_changed(self, changes, initiator) -> None:
        # An imported scheme appears here; coding (which also changes observations) must not reload
        # the schemes per key press, so a hidden form only notes it.
        if changes.observations:
            if self.isVisible():
                ops_observation.list_schemes().success(self._on_schemes_loaded).run(self.ops, initiator=self)
            else:
                self._schemes_stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._schemes_stale:
            self._schemes_stale = False
            ops_observation.list_schemes().success(self._on_schemes_loaded).run(self.ops, initiator=self)

    def _on_schemes_loaded(self, entries) -> None:
        chosen = self.scheme.currentData()
        self.scheme.clear()
        for entry in entries:
            self.scheme.addItem(entry.scheme.title, entry.scheme.id)
        if chosen is not None and self.scheme.findData(chosen) >= 0:
            self.scheme.setCurrentIndex(self.scheme.findData(chosen))

    def _on_portfolios_loaded(self, summaries) -> None:
        for summary in summaries:
            self.portfolio.addItem(f"{summary.portfolio.title} — {summary.credential_title}", summary.portfolio.id)

    def _on_classes_loaded(self, classes) -> None:
        for summary in classes:
            self.klass.addItem(summary.group.name, summary.group.name)

    def _on_choose_video_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Recording to Code"),
            "",
            self.tr("Recordings (*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.m4a *.mp3 *.wav)"),
        )
        if chosen:
            self.video.setText(chosen)

    def video_path(self) -> Path | None:
        """The recording whose position is the clock, if the coach chose one."""
        text = self.video.text().strip()
        return Path(text) if text else None

    def recording_choice(self) -> str | None:
        """ "audio" or "video" when the app records the lesson while the coach codes it."""
        return self.record.currentData()

    def start(self) -> None:
        video = self.video_path()
        if video is not None and not video.is_file():
            self.error.setText(self.tr("%s is not a file that can be played.") % video.name)
            return
        if video is not None and self.recording_choice():
            self.error.setText(self.tr("Record the lesson or code a file afterwards: not both at once."))
            return
        problem = self.precheck()
        if problem:
            self.error.setText(problem)
            return
        ops_observation.start(
            self.scheme.currentData(),
            self.title.text(),
            mode=self.mode.currentData(),
            teacher=self.teacher.text(),
            lesson=self.lesson.text(),
            class_name=self.klass.currentData(),
            clock=Clock.RECORDING if video is not None or self.recording_choice() else Clock.TIMER,
            portfolio_id=self.portfolio.currentData(),
        ).success(self._on_started).failure(lambda error: self.error.setText(str(error))).run(self.ops, initiator=self)

    def _on_started(self, outcome) -> None:
        observation: Observation = outcome.value
        self.error.clear()
        self.started.emit(observation)
