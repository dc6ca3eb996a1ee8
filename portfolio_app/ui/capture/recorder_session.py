"""What feeds a recording and what records it: the capture logic behind the recorder dialog.

A *source* decides what goes into the QMediaCaptureSession: the computer's camera and
microphone (`DeviceSource`), or generated pictures and a tone (`SyntheticSource`, used by the
tests and by anyone checking the recorder on a machine without a camera). Everything after
that — preview, recorder, photos, markers, the temp file — is one path, `CaptureController`,
whatever the source is. Nothing here touches a widget or the library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QByteArray,
    QCameraPermission,
    QCoreApplication,
    QElapsedTimer,
    QIODevice,
    QMicrophonePermission,
    QObject,
    QPointF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QImageWriter, QLinearGradient, QPainter
from PySide6.QtMultimedia import (
    QAudioBuffer,
    QAudioBufferInput,
    QAudioDevice,
    QAudioFormat,
    QAudioInput,
    QAudioSource,
    QCamera,
    QCameraDevice,
    QImageCapture,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaFormat,
    QMediaRecorder,
    QVideoFrame,
    QVideoFrameFormat,
    QVideoFrameInput,
)

# Codecs in the order we want them, among those Qt can encode into MP4 here: H.264 where the
# platform has an encoder (Windows, macOS, Linux with VAAPI), MPEG-4 Part 2 on plain Linux.
# Export makes H.264 with PyAV whatever was recorded.
VIDEO_CODEC_PREFERENCE = (
    QMediaFormat.VideoCodec.H264,
    QMediaFormat.VideoCodec.MPEG4,
    QMediaFormat.VideoCodec.VP8,
    QMediaFormat.VideoCodec.VP9,
    QMediaFormat.VideoCodec.AV1,
)
LOW_DISK_BYTES = 200 * 1024 * 1024  # about three minutes of 720p video: too little to start a lesson


@dataclass(frozen=True)
class Device:
    key: str  # stable while the device is plugged in
    name: str


def choose_media_format(audio_only: bool) -> QMediaFormat:
    """MP4 with AAC sound; for video, the first codec of VIDEO_CODEC_PREFERENCE that Qt can encode."""
    encode = QMediaFormat.ConversionMode.Encode
    if audio_only:
        m4a = QMediaFormat(QMediaFormat.FileFormat.Mpeg4Audio)
        media_format = m4a if QMediaFormat.AudioCodec.AAC in m4a.supportedAudioCodecs(encode) else None
        media_format = media_format or QMediaFormat(QMediaFormat.FileFormat.MPEG4)
        media_format.setVideoCodec(QMediaFormat.VideoCodec.Unspecified)
    else:
        media_format = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
        offered = media_format.supportedVideoCodecs(encode)
        # None offered (a build missing Qt's FFmpeg plugin): the recorder then reports a format error.
        fallback = offered[0] if offered else QMediaFormat.VideoCodec.Unspecified
        media_format.setVideoCodec(next((c for c in VIDEO_CODEC_PREFERENCE if c in offered), fallback))
    media_format.setAudioCodec(QMediaFormat.AudioCodec.AAC)
    return media_format


def recording_name(started: datetime, audio_only: bool) -> str:
    return f"Recording {started:%Y-%m-%d %H-%M}{'.m4a' if audio_only else '.mp4'}"


def photo_name(taken: datetime) -> str:
    return f"Photo {taken:%Y-%m-%d %H-%M-%S}.jpg"


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


class SyntheticSource(CaptureSource):
    """A test pattern and a tone, fed through QVideoFrameInput and QAudioBufferInput.

    Paced by the clock like a real camera (`fps` pictures a second, sound in 20 ms buffers),
    with timestamps from that clock, so pausing, markers and durations behave as they do with
    real devices. What the session cannot take (sound while nothing records, a full encoder
    queue) is dropped, as a camera drops it.
    """

    SAMPLE_RATE = 48_000
    TONE_HZ = 400  # 120 samples a period at 48 kHz: the tone repeats exactly

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        camera: bool = True,
        microphone: bool = True,
        size: tuple[int, int] = (640, 360),
        fps: int = 25,
    ):
        super().__init__(parent)
        self._has_camera = camera
        self._has_microphone = microphone
        self._size = QSize(*size)
        self._fps = fps
        # No formats given on purpose: with a format, Qt 6.11 builds the encoder at record()
        # and never says it is ready for frames (it re-checks only when a frame arrives), so
        # nothing is recorded. Without one, the first frame and buffer set the formats.
        self.video_input = QVideoFrameInput(self)
        self.audio_input = QAudioBufferInput(self)
        self.audio_format = QAudioFormat()
        self.audio_format.setSampleRate(self.SAMPLE_RATE)
        self.audio_format.setChannelCount(1)
        self.audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self.frames_made = 0  # the source's clock, in frames: it runs on while recording is paused
        self.frames_sent = 0
        self.samples_sent = 0
        self._pending_frame: QVideoFrame | None = None
        self._session: QMediaCaptureSession | None = None
        self._clock = QElapsedTimer()
        self._samples_made = 0
        self._feeding_video = self._feeding_audio = False
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1000 // (2 * fps))  # twice a frame: late ticks do not skip frames
        self._timer.timeout.connect(self._on_timer_timeout)
        self.video_input.readyToSendVideoFrame.connect(self._on_video_input_ready_to_send)

    def set_devices(self, *, camera: bool, microphone: bool) -> None:
        """Plug the pretend camera or microphone in or out, as QMediaDevices would report it."""
        self._has_camera, self._has_microphone = camera, microphone
        self.devices_changed.emit()

    def cameras(self) -> list[Device]:
        return [Device("synthetic-camera", self.tr("Test pattern"))] if self._has_camera else []

    def microphones(self) -> list[Device]:
        return [Device("synthetic-microphone", self.tr("Test tone"))] if self._has_microphone else []

    def attach(self, session: QMediaCaptureSession, camera: str | None, microphone: str | None) -> None:
        self._feeding_video = camera is not None and self._has_camera
        self._feeding_audio = microphone is not None and self._has_microphone
        self._session = session
        session.setVideoFrameInput(self.video_input if self._feeding_video else None)
        session.setAudioBufferInput(self.audio_input if self._feeding_audio else None)
        if not self._clock.isValid():
            self._clock.start()
        if not self._timer.isActive():
            self._timer.start()

    def detach(self, session: QMediaCaptureSession) -> None:
        session.setVideoFrameInput(None)
        session.setAudioBufferInput(None)
        self._feeding_video = self._feeding_audio = False
        self._pending_frame = self._session = None
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        elapsed_us = self._clock.nsecsElapsed() // 1000
        if self._feeding_video:
            due = elapsed_us * self._fps // 1_000_000
            if due >= self.frames_made:
                self.frames_made = due + 1
                self._pending_frame = self._frame(due / self._fps)  # a newer picture replaces one not taken
                sink = self._session.videoSink() if self._session is not None else None
                if not self._send_pending_frame() and sink is not None:
                    sink.setVideoFrame(self._pending_frame)  # the preview stays live while recording pauses
        wanted = elapsed_us * self.SAMPLE_RATE // 1_000_000
        if wanted - self._samples_made >= self.SAMPLE_RATE // 50:  # 20 ms buffers
            samples = self._tone(self._samples_made, wanted - self._samples_made)
            self._samples_made = wanted
            if self._feeding_audio:
                self.level_changed.emit(float(np.abs(samples).max()) / 32767)
                buffer = QAudioBuffer(QByteArray(samples.tobytes()), self.audio_format)
                if self.audio_input.sendAudioBuffer(buffer):
                    self.samples_sent += len(samples)

    def _on_video_input_ready_to_send(self) -> None:
        self._send_pending_frame()

    def _send_pending_frame(self) -> bool:
        # Pictures are timed by the pictures the session took, as sound is by the samples it
        # took: what it refused (paused, busy) leaves no gap. Qt closes the gap of a pause only
        # for frames that arrive during it, and a frame input gets none in: without this, a
        # paused minute would be a frozen minute in the file.
        frame = self._pending_frame
        if frame is None:
            return False
        frame.setStartTime(self.frames_sent * 1_000_000 // self._fps)
        frame.setEndTime((self.frames_sent + 1) * 1_000_000 // self._fps)
        if not self.video_input.sendVideoFrame(frame):
            return False
        self._pending_frame = None
        self.frames_sent += 1
        return True

    def _frame(self, seconds: float) -> QVideoFrame:
        width, height = self._size.width(), self._size.height()
        image = QImage(self._size, QImage.Format.Format_RGBX8888)
        painter = QPainter(image)
        sky = QLinearGradient(0, 0, 0, height)
        sky.setColorAt(0, QColor("#1d3557"))
        sky.setColorAt(1, QColor("#457b9d"))
        painter.fillRect(image.rect(), sky)
        for i, colour in enumerate(("#e63946", "#f1c453", "#2a9d8f", "#f4a261", "#a8dadc", "#6d597a")):
            painter.fillRect(i * width // 6, height - height // 8, width // 6 + 1, height // 8, QColor(colour))
        x = (math.sin(seconds * 1.3) * 0.4 + 0.5) * width
        y = (math.cos(seconds * 0.9) * 0.25 + 0.42) * height
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#f1faee"))
        painter.drawEllipse(QPointF(x, y), height / 10, height / 10)
        painter.setPen(QColor("#f1faee"))
        font = QFont()
        font.setPixelSize(max(12, height // 18))
        painter.setFont(font)
        painter.drawText(16, 16 + font.pixelSize(), f"Test pattern  {int(seconds) // 60:02d}:{seconds % 60:05.2f}")
        painter.end()
        frame = QVideoFrame(image)
        frame.setStreamFrameRate(self._fps)  # else Qt warns and guesses 30
        return frame

    def _tone(self, start: int, count: int) -> np.ndarray:
        t = (np.arange(count) + start) / self.SAMPLE_RATE
        loudness = 0.45 + 0.35 * np.sin(2 * np.pi * 0.4 * t)  # rises and falls, like a voice across a room
        return (np.sin(2 * np.pi * self.TONE_HZ * t) * loudness * 32767).astype(np.int16)


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


@dataclass
class Marker:
    at_s: float
    label: str = ""


@dataclass
class Take:
    """One recording from Start to Stop: where it goes and the moments marked in it."""

    path: Path
    started: datetime
    audio_only: bool
    markers: list[Marker] = field(default_factory=list)

    @property
    def name(self) -> str:
        return recording_name(self.started, self.audio_only)


class CaptureController(QObject):
    """One capture session and its recorder; records takes into temp files and takes photos.

    A finished take arrives by `take_finished(Take)`; a failed or discarded one has its temp
    file removed before `take_failed(str)` / `take_discarded()`.
    """

    state_changed = Signal(object)  # QMediaRecorder.RecorderState
    duration_changed = Signal(int)  # milliseconds recorded
    take_finished = Signal(object)  # Take
    take_failed = Signal(str)
    take_discarded = Signal()
    photo_saved = Signal(object)  # Path of a JPEG in the temp folder
    photo_failed = Signal(str)
    device_failed = Signal(str)

    def __init__(self, source: CaptureSource, preview: QObject | None, parent: QObject | None = None):
        """`preview` is a QVideoWidget or QVideoSink that shows what the source sends."""
        super().__init__(parent)
        self.source = source
        self.session = QMediaCaptureSession(self)
        self.recorder = QMediaRecorder(self)
        self.session.setRecorder(self.recorder)
        self.image_capture = QImageCapture(self)
        self.image_capture.setFileFormat(QImageCapture.FileFormat.JPEG)
        self.session.setImageCapture(self.image_capture)
        if preview is not None:
            self.session.setVideoOutput(preview)
        self.take: Take | None = None
        self._keep = True
        self._error = ""
        self._recorded_ms = 0
        self._photos: dict[int, Path] = {}
        self.recorder.recorderStateChanged.connect(self._on_recorder_state_changed)
        self.recorder.durationChanged.connect(self._on_recorder_duration_changed)
        self.recorder.errorOccurred.connect(self._on_recorder_error_occurred)
        self.image_capture.imageSaved.connect(self._on_image_capture_image_saved)
        self.image_capture.errorOccurred.connect(self._on_image_capture_error_occurred)
        source.failed.connect(self.device_failed)

    # -- devices -------------------------------------------------------------------------------

    def use_devices(self, camera: str | None, microphone: str | None) -> None:
        self.source.attach(self.session, camera, microphone)

    def release_devices(self) -> None:
        self.source.detach(self.session)

    # -- recording -------------------------------------------------------------------------

    @property
    def state(self) -> QMediaRecorder.RecorderState:
        return self.recorder.recorderState()

    def duration_s(self) -> float:
        return self.recorder.duration() / 1000

    def start(self, path: Path, *, audio_only: bool) -> None:
        if self.state != QMediaRecorder.RecorderState.StoppedState:
            return
        self.take = Take(path, datetime.now(), audio_only)
        self._keep = True
        self._error = ""
        self._recorded_ms = 0
        self.recorder.setMediaFormat(choose_media_format(audio_only))
        self.recorder.setQuality(QMediaRecorder.Quality.NormalQuality)
        self.recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
        self.recorder.record()

    def pause(self) -> None:
        self.recorder.pause()

    def resume(self) -> None:
        if self.state == QMediaRecorder.RecorderState.PausedState:
            self.recorder.record()

    def stop(self, *, keep: bool = True) -> None:
        """Finish the take; it arrives by `take_finished` once the file is closed, or is deleted."""
        self._keep = self._keep and keep
        self.recorder.stop()

    def mark(self) -> Marker | None:
        """A marker at the current point of the recording (None when nothing is recording)."""
        if self.take is None or self.state == QMediaRecorder.RecorderState.StoppedState:
            return None
        marker = Marker(round(self.duration_s(), 3))
        self.take.markers.append(marker)
        return marker

    def _on_recorder_state_changed(self, state: QMediaRecorder.RecorderState) -> None:
        self.state_changed.emit(state)
        if state != QMediaRecorder.RecorderState.StoppedState or self.take is None:
            return
        take, self.take = self.take, None
        written = Path(self.recorder.actualLocation().toLocalFile() or take.path)
        if self._error or not self._keep or not self._recorded_ms or not written.is_file():
            for path in {written, take.path}:
                path.unlink(missing_ok=True)
            if self._error:
                self.take_failed.emit(self._error)
            elif not self._keep:
                self.take_discarded.emit()
            else:
                self.take_failed.emit(
                    self.tr("Nothing was recorded: it stopped before the first picture or sound arrived.")
                )
            return
        take.path = written
        self.take_finished.emit(take)

    def _on_recorder_duration_changed(self, milliseconds: int) -> None:
        self._recorded_ms = max(self._recorded_ms, milliseconds)
        self.duration_changed.emit(milliseconds)

    def _on_recorder_error_occurred(self, error: QMediaRecorder.Error, text: str) -> None:
        if error == QMediaRecorder.Error.NoError:
            return
        reasons = {
            QMediaRecorder.Error.OutOfSpaceError: self.tr("the disk is full"),
            QMediaRecorder.Error.LocationNotWritable: self.tr("the library folder cannot be written to"),
            QMediaRecorder.Error.FormatError: self.tr("this computer cannot encode the recording format"),
        }
        reason = reasons.get(error, text or self.tr("the recorder stopped"))
        self._error = self.tr("The recording failed: {reason}. Nothing was kept; please try again.").format(
            reason=reason
        )
        if self.state != QMediaRecorder.RecorderState.StoppedState:
            self.recorder.stop()
        elif self.take is not None:  # failed before it started: no state change will come
            self._on_recorder_state_changed(QMediaRecorder.RecorderState.StoppedState)

    # -- photos ----------------------------------------------------------------------------

    def can_take_photo(self) -> bool:
        return self.image_capture.isReadyForCapture() or self._preview_frame().isValid()

    def take_photo(self, path: Path) -> None:
        """Save what the camera shows as a JPEG at `path`; `photo_saved` or `photo_failed` follows."""
        if self.image_capture.isReadyForCapture():
            request = self.image_capture.captureToFile(str(path))
            if request >= 0:
                self._photos[request] = path
                return
        # Qt's QImageCapture only takes pictures from a camera; for other sources (frame
        # inputs) the picture in the preview is the same picture.
        frame = self._preview_frame()
        image = frame.toImage() if frame.isValid() else QImage()
        writer = QImageWriter(str(path), b"jpeg")
        writer.setQuality(90)
        if image.isNull() or not writer.write(image):
            path.unlink(missing_ok=True)
            self.photo_failed.emit(self.tr("No picture to take: the camera is not showing anything yet."))
            return
        self.photo_saved.emit(path)

    def _preview_frame(self) -> QVideoFrame:
        sink = self.session.videoSink()
        return sink.videoFrame() if sink is not None else QVideoFrame()

    def _on_image_capture_image_saved(self, request: int, file_name: str) -> None:
        asked_for = self._photos.pop(request, None)
        self.photo_saved.emit(Path(file_name) if file_name else asked_for)

    def _on_image_capture_error_occurred(self, request: int, error: QImageCapture.Error, text: str) -> None:
        path = self._photos.pop(request, None)
        if path is not None:
            path.unlink(missing_ok=True)
        self.photo_failed.emit(self.tr("The photo could not be taken: {reason}").format(reason=text))
