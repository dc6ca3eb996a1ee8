"""Record evidence in the app: camera and microphone, markers while recording, photos of student work.

The dialog is the face of `CaptureController` (recorder_session.py; sources.py feeds it): it picks devices, shows
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
from PySide6.QtMultimedia import QMediaRecorder
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui import palette
from portfolio_app.ui.capture import recorder_layout
from portfolio_app.ui.capture.recorder_devices import RecorderDevices
from portfolio_app.ui.capture.recorder_layout import RED
from portfolio_app.ui.capture.recorder_session import LOW_DISK_BYTES, CaptureController, Take, photo_name
from portfolio_app.ui.capture.sources import CaptureSource, DeviceSource
from portfolio_app.ui.capture.synthetic_source import SyntheticSource
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.evidence import adopt_recording, portfolio_title

__all__ = ["RecorderDialog", "SyntheticSource"]

State = QMediaRecorder.RecorderState
MAX_LABEL = 80

LABEL_EDITING = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.SelectedClicked
)


def clock_text(milliseconds: int) -> str:
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class RecorderDialog(RecorderDevices, QDialog):
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
        recorder_layout.build(self)
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
            badge, colour = self.tr("❚❚ PAUSED"), palette.PAUSED
        elif self._take is not None or self._saving:
            badge, colour = self.tr("SAVING"), palette.CHOSEN
        else:
            badge, colour = self.tr("READY"), palette.MUTED
        self.status_badge.setText(badge)
        self.status_badge.setStyleSheet(
            f"background: {colour}; color: white; font-weight: bold; border-radius: 4px; padding: 3px 8px;"
        )
        frame = colour if active else palette.PREVIEW_FRAME  # a red frame round the picture: no doubt it is recording
        self.preview_stack.setStyleSheet(
            f"QStackedWidget {{ background: {palette.PREVIEW_FRAME}; border: 3px solid {frame}; }}"
        )

    def _show_destination(self, title: str) -> None:
        where = self.tr("into “{title}”").format(title=escape(title)) if title else self.tr("into this portfolio")
        self.header.setText(
            self.tr(
                "<b>Recording {where}.</b> Recordings and photos go straight into the portfolio "
                "and stay on this computer until you export a submission."
            ).format(where=where)
        )

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
