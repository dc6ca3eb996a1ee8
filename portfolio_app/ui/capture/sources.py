"""Where a recording comes from: the computer's camera and microphone (`DeviceSource`), or any
`CaptureSource` the tests and demos supply; and the sound level of what the microphone hears."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import (
    QByteArray,
    QCameraPermission,
    QCoreApplication,
    QIODevice,
    QMicrophonePermission,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioFormat,
    QAudioInput,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrameFormat,
)


@dataclass(frozen=True)
class Device:
    key: str  # stable while the device is plugged in
    name: str


# -- sources ---------------------------------------------------------------------------------


class CaptureSource(QObject):
    """What can feed a capture session. Subclasses plug their inputs into the session."""

    devices_changed = Signal()
    level_changed = Signal(float)  # loudness of the microphone, 0..1
    failed = Signal(str)  # a device stopped working; the text is for the teacher

    def cameras(self) -> list[Device]:
        raise NotImplementedError

    def microphones(self) -> list[Device]:
        raise NotImplementedError

    def attach(self, session: QMediaCaptureSession, camera: str | None, microphone: str | None) -> None:
        """Feed `session` from the named devices (None: no pictures, or no sound)."""
        raise NotImplementedError

    def detach(self, session: QMediaCaptureSession) -> None:
        raise NotImplementedError


class DeviceSource(CaptureSource):
    """The computer's cameras and microphones, as Qt Multimedia lists them (updated live)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self.devices_changed)
        self._devices.audioInputsChanged.connect(self.devices_changed)
        self._camera: QCamera | None = None
        self._audio_input: QAudioInput | None = None
        self._meter: QAudioSource | None = None
        self._meter_io: QIODevice | None = None

    def cameras(self) -> list[Device]:
        return _with_default_first(
            [Device(_key(d.id()), d.description()) for d in QMediaDevices.videoInputs()],
            _key(QMediaDevices.defaultVideoInput().id()),
        )

    def microphones(self) -> list[Device]:
        return _with_default_first(
            [Device(_key(d.id()), d.description()) for d in QMediaDevices.audioInputs()],
            _key(QMediaDevices.defaultAudioInput().id()),
        )

    def attach(self, session: QMediaCaptureSession, camera: str | None, microphone: str | None) -> None:
        self.detach(session)
        camera_device = next((d for d in QMediaDevices.videoInputs() if _key(d.id()) == camera), None)
        if camera_device is not None and self._permitted(
            QCameraPermission(), self.tr("The app may not use the camera: allow it in the system's privacy settings.")
        ):
            self._camera = QCamera(camera_device, self)
            fmt = _lesson_format(camera_device)
            if fmt is not None:
                self._camera.setCameraFormat(fmt)
            self._camera.errorOccurred.connect(self._on_camera_error_occurred)
            session.setCamera(self._camera)
            self._camera.start()
        audio_device = next((d for d in QMediaDevices.audioInputs() if _key(d.id()) == microphone), None)
        if audio_device is not None and self._permitted(
            QMicrophonePermission(),
            self.tr("The app may not use the microphone: allow it in the system's privacy settings."),
        ):
            self._audio_input = QAudioInput(audio_device, self)
            session.setAudioInput(self._audio_input)
            self._start_meter(audio_device)

    def detach(self, session: QMediaCaptureSession) -> None:
        session.setCamera(None)
        session.setAudioInput(None)
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
            self._camera = None
        if self._audio_input is not None:
            self._audio_input.deleteLater()
            self._audio_input = None
        if self._meter is not None:
            self._meter.stop()
            self._meter.deleteLater()
            self._meter = self._meter_io = None

    def _permitted(self, permission: QCameraPermission | QMicrophonePermission, denied: str) -> bool:
        """Whether the system lets the app use a device (macOS asks the user once; others allow)."""
        app = QCoreApplication.instance()
        status = app.checkPermission(permission)
        if status == Qt.PermissionStatus.Undetermined:
            # The answer comes later: attach again then, by listing the devices again.
            app.requestPermission(permission, self, lambda _answer: self.devices_changed.emit())
            return False
        if status == Qt.PermissionStatus.Denied:
            self.failed.emit(denied)
            return False
        return True

    def _start_meter(self, device: QAudioDevice) -> None:
        # QAudioInput tells nothing about loudness; a second, shared reader of the same
        # microphone does (every desktop audio system lets two readers share a device).
        self._meter = QAudioSource(device, device.preferredFormat(), self)
        self._meter_io = self._meter.start()
        if self._meter_io is not None:
            self._meter_io.readyRead.connect(self._on_meter_ready_read)

    def _on_meter_ready_read(self) -> None:
        if self._meter is None or self._meter_io is None:
            return
        data = bytes(self._meter_io.readAll().data())
        if data:
            self.level_changed.emit(peak_level(data, self._meter.format()))

    def _on_camera_error_occurred(self, error: QCamera.Error, text: str) -> None:
        if error != QCamera.Error.NoError:
            self.failed.emit(self.tr("The camera stopped working: {reason}").format(reason=text or error.name))


def peak_level(data: bytes, audio_format: QAudioFormat) -> float:
    """Loudest sample of raw audio, 0..1, whatever the device's sample format."""
    kinds = {
        QAudioFormat.SampleFormat.UInt8: (np.uint8, 128, 128),
        QAudioFormat.SampleFormat.Int16: (np.int16, 0, 32768),
        QAudioFormat.SampleFormat.Int32: (np.int32, 0, 2**31),
        QAudioFormat.SampleFormat.Float: (np.float32, 0, 1),
    }
    dtype, offset, scale = kinds.get(audio_format.sampleFormat(), (np.int16, 0, 32768))
    samples = np.frombuffer(data[: len(data) - len(data) % np.dtype(dtype).itemsize], dtype=dtype)
    if samples.size == 0:
        return 0.0
    return min(1.0, float(np.abs(samples.astype(np.float64) - offset).max()) / scale)


def _key(device_id: QByteArray) -> str:
    return bytes(device_id.data()).decode("utf-8", "replace")


def _with_default_first(devices: list[Device], default_key: str) -> list[Device]:
    return sorted(devices, key=lambda d: d.key != default_key)


def _lesson_format(device: QCameraDevice):
    """The camera mode closest to 720p at classroom frame rates: sharp enough, files not huge."""

    def cost(fmt) -> tuple:
        size = fmt.resolution()
        return (
            fmt.maxFrameRate() < 24,
            abs(size.width() * size.height() - 1280 * 720),
            fmt.pixelFormat() == QVideoFrameFormat.PixelFormat.Format_Jpeg,  # decoding MJPEG costs CPU
            -fmt.maxFrameRate(),
        )

    formats = device.videoFormats()
    return min(formats, key=cost) if formats else None


# -- recording -------------------------------------------------------------------------------
