"""Choosing the camera and microphone in the recorder: lists that follow what is plugged in,
sound only when there is no camera, and what the preview says instead of a picture."""

from __future__ import annotations


class RecorderDevices:
    """The recorder dialog's device handling (mixed into RecorderDialog, which owns the widgets)."""

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
