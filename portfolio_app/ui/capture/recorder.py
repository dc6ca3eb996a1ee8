"""Record evidence in the app: camera and microphone, markers while recording, photos of student work.

The dialog is the face of `CaptureController` (recorder_session.py): it picks devices, shows
the preview and the sound level, and turns a finished take or a photo into evidence through
one media op — staging off the GUI thread, then one write. A take is never lost silently:
closing while recording asks whether to keep it, and a failed take leaves no temp file.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtMultimedia import QMediaRecorder
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.capture.recorder_session import (
    LOW_DISK_BYTES,
    CaptureController,
    CaptureSource,
    DeviceSource,
    SyntheticSource,
    Take,
    photo_name,
)
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.evidence import adopt_recording, portfolio_title

__all__ = ["RecorderDialog", "SyntheticSource"]

State = QMediaRecorder.RecorderState
MAX_LABEL = 80
RED = "#b3261e"
LABEL_EDITING = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.SelectedClicked
)


def clock_text(milliseconds: int) -> str:
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class RecorderDialog(QDialog):
    """Records video or sound (and takes photos) straight into a portfolio."""

    recording_added = Signal(str)  # evidence id
    photo_added = Signal(str)  # evidence id

    def __init__(
        self,
        ops: Operations,
        portfolio_id: str,
        parent: QWidget | None = None,
        *,
        source: CaptureSource | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self.portfolio_id = portfolio_id
        self.source = source if source is not None else DeviceSource(self)
        self.setWindowTitle(self.tr("Record Evidence"))
        self.setMinimumSize(900, 560)
        self._build()
        self.controller = CaptureController(self.source, self.preview, self)
        self.close_question: QMessageBox | None = None
        self._take: Take | None = None
        self._saving = 0  # takes and photos on their way into the library
        self._close_when_done = False
        self._added_any = False
        self._devices_stale = False
        self._sound_only_forced = False
        self.keep_button = self.discard_button = self.continue_button = None
        self._connect()
        self._on_source_devices_changed()
        self._show_destination("")
        portfolio_title(portfolio_id).success(self._show_destination).run(ops, initiator=self)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.preview = QVideoWidget()
        self.preview.setAccessibleName(self.tr("Camera preview"))
        self.preview.setMinimumSize(480, 270)
        self.preview_message = QLabel()
        self.preview_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_message.setWordWrap(True)
        self.preview_message.setMargin(32)
        self.preview_message.setStyleSheet("background: #20252b; color: #e8eaed; font-size: 15px;")
        self.preview_message.setAccessibleName(self.tr("Camera status"))
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.preview)
        self.preview_stack.addWidget(self.preview_message)

        self.status_badge = QLabel()
        self.status_badge.setAccessibleName(self.tr("Recording status"))
        self.status_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_badge.setMinimumWidth(100)  # the row does not jump when REC turns to PAUSED
        self.elapsed_label = QLabel("00:00")
        self.elapsed_label.setAccessibleName(self.tr("Time recorded"))
        clock_font = QFont(self.font())
        clock_font.setPointSizeF(clock_font.pointSizeF() * 1.8)
        clock_font.setStyleHint(QFont.StyleHint.Monospace)
        clock_font.setFamily("monospace")
        self.elapsed_label.setFont(clock_font)
        self.level_meter = QProgressBar()
        self.level_meter.setRange(0, 100)
        self.level_meter.setTextVisible(False)
        self.level_meter.setFixedHeight(10)
        self.level_meter.setAccessibleName(self.tr("Microphone level"))
        self.level_meter.setToolTip(self.tr("How loud the microphone hears the room"))
        self.level_meter.setStyleSheet(
            "QProgressBar { border: 1px solid #9aa0a6; border-radius: 4px; background: #f1f3f4; }"
            "QProgressBar::chunk { border-radius: 3px; background: qlineargradient(x1:0, y1:0, x2:1, y2:0,"
            " stop:0 #34a853, stop:0.7 #fbbc04, stop:1 #ea4335); }"
        )
        self.photo_button = self._button(
            self.tr("Take &Photo"), self.tr("Take photo"), self.tr("Photograph student work held up to the camera"), 0
        )
        meter_box = QVBoxLayout()
        meter_box.setSpacing(2)
        sound = QLabel(self.tr("Sound"))
        sound.setEnabled(False)
        meter_box.addWidget(sound)
        meter_box.addWidget(self.level_meter)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_badge)
        status_row.addWidget(self.elapsed_label)
        status_row.addSpacing(16)
        status_row.addLayout(meter_box, 1)
        status_row.addSpacing(16)
        status_row.addWidget(self.photo_button)

        self.start_button = self._button(
            self.tr("●  Start Recording"), self.tr("Start recording"), self.tr("Start recording (Ctrl+R)")
        )
        self.start_button.setStyleSheet(
            f"QPushButton {{ background: {RED}; color: white; font-weight: bold; font-size: 15px;"
            " border-radius: 6px; padding: 6px 22px; }"
            "QPushButton:disabled { background: #d7a9a5; }"
        )
        self.stop_button = self._button(
            self.tr("■  Stop and Save"), self.tr("Stop and save the recording"), self.tr("Stop and save (Ctrl+R)")
        )
        self.stop_button.setStyleSheet(
            "QPushButton { background: #3c4043; color: white; font-weight: bold; font-size: 15px;"
            " border-radius: 6px; padding: 6px 22px; }"
        )
        self.pause_button = self._button(
            self.tr("Pause"),
            self.tr("Pause or resume the recording"),
            self.tr("Pause or resume (Ctrl+P): paused time is not recorded"),
        )
        self.mark_button = self._button(
            self.tr("Mark Moment"), self.tr("Mark this moment"), self.tr("Mark this moment of the recording (M)")
        )
        self.close_button = self._button(self.tr("Close"), self.tr("Close the recorder"), "", 0)
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.stop_button)
        controls.addWidget(self.pause_button)
        controls.addWidget(self.mark_button)
        controls.addStretch(1)
        controls.addWidget(self.close_button)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.error_label.setAccessibleName(self.tr("Problem"))
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Recorder messages"))

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setAccessibleName(self.tr("Where recordings go"))
        left = QVBoxLayout()
        left.addWidget(self.header)
        left.addWidget(self.preview_stack, 1)
        left.addLayout(status_row)
        left.addWidget(self.error_label)
        left.addWidget(self.status_label)

        self.camera_combo = QComboBox()
        self.camera_combo.setAccessibleName(self.tr("Camera"))
        self.microphone_combo = QComboBox()
        self.microphone_combo.setAccessibleName(self.tr("Microphone"))
        self.audio_only_check = QCheckBox(self.tr("&Sound only (no video)"))
        self.audio_only_check.setAccessibleName(self.tr("Record sound only"))
        self.device_notice = QLabel()
        self.device_notice.setWordWrap(True)
        self.device_notice.setAccessibleName(self.tr("Device notice"))
        self.device_notice.hide()
        devices = QGroupBox(self.tr("Devices"))
        form = QFormLayout(devices)
        form.addRow(self.tr("&Camera:"), self.camera_combo)
        form.addRow(self.tr("&Microphone:"), self.microphone_combo)
        form.addRow(self.audio_only_check)
        form.addRow(self.device_notice)

        self.marker_table = QTableWidget(0, 2)
        self.marker_table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Label")])
        self.marker_table.setAccessibleName(self.tr("Marked moments"))
        self.marker_table.verticalHeader().hide()
        self.marker_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.marker_table.horizontalHeader().setStretchLastSection(True)
        self.marker_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hint = QLabel(self.tr("Press M while recording to mark a moment to come back to. Double-click it to label it."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        markers = QGroupBox(self.tr("Marked Moments"))
        marker_layout = QVBoxLayout(markers)
        marker_layout.addWidget(self.marker_table, 1)
        marker_layout.addWidget(hint)

        right = QVBoxLayout()
        right.addWidget(devices)
        right.addWidget(markers, 1)
        side = QWidget()
        side.setLayout(right)
        side.setFixedWidth(290)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(side)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(controls)

        self.record_shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        self.pause_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        self.mark_shortcut = QShortcut(QKeySequence(Qt.Key.Key_M), self)

    def _button(self, text: str, accessible: str, tip: str, height: int = 44) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setToolTip(tip)
        button.setAutoDefault(False)  # Return belongs to the marker label being typed
        button.setMinimumHeight(height)
        return button

    def _connect(self) -> None:
        self.source.devices_changed.connect(self._on_source_devices_changed)
        self.source.level_changed.connect(self._on_source_level_changed)
        self.controller.state_changed.connect(self._on_controller_state_changed)
        self.controller.duration_changed.connect(self._on_controller_duration_changed)
        self.controller.take_finished.connect(self._on_controller_take_finished)
        self.controller.take_failed.connect(self._on_controller_take_failed)
        self.controller.take_discarded.connect(self._on_controller_take_discarded)
        self.controller.photo_saved.connect(self._on_controller_photo_saved)
        self.controller.photo_failed.connect(self.show_error)
        self.controller.device_failed.connect(self.show_error)
        self.camera_combo.currentIndexChanged.connect(self._on_device_combo_changed)
        self.microphone_combo.currentIndexChanged.connect(self._on_device_combo_changed)
        self.audio_only_check.toggled.connect(self._on_audio_only_check_toggled)
        self.start_button.clicked.connect(self.start_recording)
        self.stop_button.clicked.connect(self.stop_recording)
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self.mark_button.clicked.connect(self.mark_moment)
        self.photo_button.clicked.connect(self.take_photo)
        self.close_button.clicked.connect(self.reject)
        self.record_shortcut.activated.connect(self._on_record_shortcut_activated)
        self.pause_shortcut.activated.connect(self._on_pause_button_clicked)
        self.mark_shortcut.activated.connect(self.mark_moment)
        self.marker_table.itemChanged.connect(self._on_marker_table_item_changed)

    # -- state -----------------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return self.controller.state in (State.RecordingState, State.PausedState)

    def _idle(self) -> bool:
        return self.controller.state == State.StoppedState and self._take is None

    def _camera_key(self) -> str | None:
        return None if self.audio_only_check.isChecked() else self.camera_combo.currentData()

    def _update_controls(self) -> None:
        state = self.controller.state
        idle = self._idle()
        active = state in (State.RecordingState, State.PausedState)
        has_camera = self.camera_combo.count() > 0
        has_microphone = self.microphone_combo.count() > 0
        self.camera_combo.setEnabled(idle and has_camera and not self.audio_only_check.isChecked())
        self.microphone_combo.setEnabled(idle and has_microphone)
        self.audio_only_check.setEnabled(idle and has_camera)
        self.start_button.setVisible(not active)
        self.start_button.setEnabled(idle and has_microphone and (has_camera or self.audio_only_check.isChecked()))
        self.stop_button.setVisible(active)
        self.pause_button.setEnabled(active)
        self.pause_button.setText(self.tr("Resume") if state == State.PausedState else self.tr("Pause"))
        self.mark_button.setEnabled(active)
        # Labels go with the take when it stops: after that, an edit would be lost, so none is offered.
        self.marker_table.setEditTriggers(LABEL_EDITING if active else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.photo_button.setEnabled(self._camera_key() is not None)
        if state == State.RecordingState:
            badge, colour = self.tr("● REC"), RED
        elif state == State.PausedState:
            badge, colour = self.tr("❚❚ PAUSED"), "#b06000"
        elif self._take is not None or self._saving:
            badge, colour = self.tr("SAVING"), "#1a73e8"
        else:
            badge, colour = self.tr("READY"), "#5f6368"
        self.status_badge.setText(badge)
        self.status_badge.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; border-radius: 4px; padding: 3px 8px;"
        )
        frame = colour if active else "#000"  # a red frame round the picture: no doubt it is recording
        self.preview_stack.setStyleSheet(f"QStackedWidget {{ background: #000; border: 3px solid {frame}; }}")

    def _show_destination(self, title: str) -> None:
        where = self.tr("into “{title}”").format(title=escape(title)) if title else self.tr("into this portfolio")
        self.header.setText(
            self.tr(
                "<b>Recording {where}.</b> Recordings and photos go straight into the portfolio "
                "and stay on this computer until you export a submission."
            ).format(where=where)
        )

    # -- devices ---------------------------------------------------------------------------

    def _on_source_devices_changed(self) -> None:
        if not self._idle():
            self._devices_stale = True  # never switch devices under a running take
            return
        self._devices_stale = False
        for combo, devices in (
            (self.camera_combo, self.source.cameras()),
            (self.microphone_combo, self.source.microphones()),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for device in devices:
                combo.addItem(device.name, device.key)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)
        has_camera, has_microphone = self.camera_combo.count() > 0, self.microphone_combo.count() > 0
        if not has_camera or self._sound_only_forced:  # a camera plugged in ends what its absence forced
            self._sound_only_forced = not has_camera
            self.audio_only_check.blockSignals(True)
            self.audio_only_check.setChecked(not has_camera)
            self.audio_only_check.blockSignals(False)
        if not has_camera and not has_microphone:
            notice = self.tr(
                "No camera or microphone found. Connect a webcam or a headset to record; "
                "this window notices when you plug one in."
            )
        elif not has_microphone:
            notice = self.tr("No microphone found. Connect one (a headset works) to record; you can still take photos.")
        elif not has_camera:
            notice = self.tr("No camera found: recording sound only.")
        else:
            notice = ""
        self.device_notice.setText(notice)
        self.device_notice.setVisible(bool(notice))
        self._attach_devices()

    def _attach_devices(self) -> None:
        camera = self._camera_key()
        self.controller.use_devices(camera, self.microphone_combo.currentData())
        if camera is not None:
            self.preview_stack.setCurrentWidget(self.preview)
        else:
            self.preview_message.setText(self._no_picture_text())
            self.preview_stack.setCurrentWidget(self.preview_message)
        if self.microphone_combo.count() == 0:
            self.level_meter.setValue(0)
        self._update_controls()

    def _no_picture_text(self) -> str:
        if self.camera_combo.count() == 0 and self.microphone_combo.count() == 0:
            return self.tr("No camera or microphone found.\n\nConnect a webcam or a headset to record evidence here.")
        if self.camera_combo.count() == 0:
            return self.tr(
                "No camera found. You can still record sound only: the bar below shows "
                "what the microphone hears.\n\nConnect a camera to record video."
            )
        return self.tr("Recording sound only.\n\nThe bar below shows what the microphone hears.")

    def _on_device_combo_changed(self, _index: int) -> None:
        if self._idle():
            self._attach_devices()

    def _on_audio_only_check_toggled(self, _checked: bool) -> None:
        if self._idle():
            self._attach_devices()

    def _on_source_level_changed(self, level: float) -> None:
        self.level_meter.setValue(round(level * 100))

    # -- recording -------------------------------------------------------------------------

    def start_recording(self) -> None:
        if not self._idle() or not self.start_button.isEnabled():
            return
        audio_only = self._camera_key() is None
        path = self.ops.temp_path(".m4a" if audio_only else ".mp4")
        try:
            free = shutil.disk_usage(path.parent).free
        except OSError:
            free = LOW_DISK_BYTES
        if free < LOW_DISK_BYTES:
            self.show_error(
                self.tr("The disk is almost full ({free} MB free): free some space before recording.").format(
                    free=free // (1024 * 1024)
                )
            )
            return
        self.clear_error()
        self.marker_table.setRowCount(0)
        self.elapsed_label.setText("00:00")
        self.status_label.clear()
        self.controller.start(path, audio_only=audio_only)
        self._take = self.controller.take
        self._update_controls()

    def stop_recording(self) -> None:
        if self.recording:
            self.controller.stop()

    def mark_moment(self) -> None:
        marker = self.controller.mark()
        if marker is None:
            return
        row = self.marker_table.rowCount()
        self.marker_table.blockSignals(True)
        self.marker_table.insertRow(row)
        time_item = QTableWidgetItem(clock_text(round(marker.at_s * 1000)))
        time_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        time_item.setToolTip(self.tr("{seconds:.1f} s into the recording").format(seconds=marker.at_s))
        self.marker_table.setItem(row, 0, time_item)
        self.marker_table.setItem(row, 1, QTableWidgetItem())
        self.marker_table.blockSignals(False)
        self.marker_table.scrollToBottom()
        self.marker_table.selectRow(row)

    def _on_marker_table_item_changed(self, item: QTableWidgetItem) -> None:
        if self._take is None or item.column() != 1 or item.row() >= len(self._take.markers):
            return
        label = " ".join(item.text().split())[:MAX_LABEL]
        self._take.markers[item.row()].label = label
        if label != item.text():
            self.marker_table.blockSignals(True)
            item.setText(label)
            self.marker_table.blockSignals(False)

    def _on_record_shortcut_activated(self) -> None:
        if self.recording:
            self.stop_recording()
        else:
            self.start_recording()

    def _on_pause_button_clicked(self) -> None:
        if self.controller.state == State.RecordingState:
            self.controller.pause()
        elif self.controller.state == State.PausedState:
            self.controller.resume()

    def _on_controller_state_changed(self, state: State) -> None:
        if state == State.PausedState:
            self.status_label.setText(self.tr("Paused: nothing is recorded until you resume."))
        elif state == State.RecordingState:
            self.status_label.clear()
        self._update_controls()

    def _on_controller_duration_changed(self, milliseconds: int) -> None:
        self.elapsed_label.setText(clock_text(milliseconds))

    def _on_controller_take_finished(self, take: Take) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.marker_table.isAncestorOf(focus):
            self.marker_table.setFocus()  # the label being typed is committed as the editor loses focus
        self._saving += 1
        self.status_label.setText(self.tr("Saving the recording to the portfolio…"))
        self._update_controls()
        markers = [(m.at_s, m.label) for m in take.markers]
        (
            adopt_recording(self.portfolio_id, take.path, take.name, markers)
            .success(lambda outcome: self._on_take_recorded(outcome.value, len(markers)))
            .failure(lambda exc: self._on_save_failed(take.path, exc, take=True))
            .run(self.ops, initiator=self)
        )

    def _on_take_recorded(self, evidence: Evidence, marker_count: int) -> None:
        self._take = None
        self._saving -= 1
        self._added_any = True
        if marker_count == 0:
            moments = self.tr("no marked moments")
        elif marker_count == 1:
            moments = self.tr("1 marked moment")
        else:
            moments = self.tr("{count} marked moments").format(count=marker_count)
        self.status_label.setText(
            self.tr("Saved “{title}” ({length}, {moments}) to the portfolio.").format(
                title=evidence.title, length=clock_text(round((evidence.duration_s or 0) * 1000)), moments=moments
            )
        )
        self.recording_added.emit(str(evidence.id))
        self._after_work()

    def _on_controller_take_failed(self, message: str) -> None:
        self._take = None
        self.show_error(message)
        self._after_work()

    def _on_controller_take_discarded(self) -> None:
        self._take = None
        self.marker_table.setRowCount(0)
        self.elapsed_label.setText("00:00")
        self.status_label.setText(self.tr("The recording was discarded."))
        self._after_work()

    def _on_save_failed(self, path: Path, exc: BaseException, *, take: bool) -> None:
        # The media op removed what it had put in the store; a file the store refused is still
        # in the temp folder, and goes too.
        path.unlink(missing_ok=True)
        self._saving -= 1
        if take:
            self._take = None
            self.show_error(self._message(exc, self.tr("The recording could not be saved")))
        else:
            self.show_error(self._message(exc, self.tr("The photo could not be saved")))
        self._after_work()

    def _after_work(self) -> None:
        """Once a take or photo is in (or out): apply device changes, close if asked to."""
        self._update_controls()
        if not self._idle() or self._saving:
            return
        if self._close_when_done:
            self.done(QDialog.DialogCode.Accepted if self._added_any else QDialog.DialogCode.Rejected)
        elif self._devices_stale:
            self._on_source_devices_changed()

    # -- photos ----------------------------------------------------------------------------

    def take_photo(self) -> None:
        if self._camera_key() is None:
            return
        self.controller.take_photo(self.ops.temp_path(".jpg"))

    def _on_controller_photo_saved(self, path: Path) -> None:
        self._saving += 1
        self._update_controls()
        (
            adopt_recording(self.portfolio_id, path, photo_name(datetime.now()))
            .success(lambda outcome: self._on_photo_recorded(outcome.value))
            .failure(lambda exc: self._on_save_failed(path, exc, take=False))
            .run(self.ops, initiator=self)
        )

    def _on_photo_recorded(self, evidence: Evidence) -> None:
        self._saving -= 1
        self._added_any = True
        self.status_label.setText(self.tr("Photo “{title}” added to the portfolio.").format(title=evidence.title))
        self.photo_added.emit(str(evidence.id))
        self._after_work()

    # -- messages --------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _message(self, exc: BaseException, doing: str) -> str:
        if isinstance(exc, PortfolioError):
            return f"{doing}: {exc}"
        return self.tr("{doing}: an unexpected problem ({problem}).").format(doing=doing, problem=exc)

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:  # Esc, the Close button and the window's close box all come here
        if self.recording:
            self._ask_about_take()
        elif not self._idle() or self._saving:
            self._close_when_done = True
            self.status_label.setText(self.tr("Saving… this window closes when the recording is in the portfolio."))
        else:
            super().reject()

    def done(self, result: int) -> None:
        self.controller.release_devices()
        super().done(result)

    def _ask_about_take(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Still Recording"),
            self.tr("You are still recording. Save what you have recorded so far, or throw it away?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        self.keep_button = box.addButton(self.tr("Stop and Save"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = box.addButton(self.tr("Discard Recording"), QMessageBox.ButtonRole.DestructiveRole)
        self.continue_button = box.addButton(self.tr("Keep Recording"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.keep_button)
        box.setEscapeButton(self.continue_button)
        box.buttonClicked.connect(self._on_close_question_button_clicked)
        self.close_question = box
        box.open()

    def _on_close_question_button_clicked(self, button) -> None:
        self.close_question = None
        if button is self.continue_button or not self.recording:
            return
        self._close_when_done = True
        self.controller.stop(keep=button is self.keep_button)
