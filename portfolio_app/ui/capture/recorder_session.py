"""What feeds a recording and what records it: the capture logic behind the recorder dialog.

A *source* decides what goes into the QMediaCaptureSession: the computer's camera and
microphone (`DeviceSource`), or generated pictures and a tone (`SyntheticSource`, used by the
tests and by anyone checking the recorder on a machine without a camera). Everything after
that — preview, recorder, photos, markers, the temp file — is one path, `CaptureController`,
whatever the source is. Nothing here touches a widget or the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QUrl,
    Signal,
)
from PySide6.QtGui import QImage, QImageWriter
from PySide6.QtMultimedia import (
    QImageCapture,
    QMediaCaptureSession,
    QMediaFormat,
    QMediaRecorder,
    QVideoFrame,
)

from portfolio_app.ui.capture.sources import CaptureSource

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


def crash_safe_format(audio_only: bool) -> QMediaFormat:
    """Matroska, whose file is readable up to where a killed recorder stopped writing (an MP4 is not:
    its index comes last); video in the first codec of VIDEO_CODEC_PREFERENCE offered, AAC sound."""
    media_format = QMediaFormat(QMediaFormat.FileFormat.Matroska)
    offered = media_format.supportedVideoCodecs(QMediaFormat.ConversionMode.Encode)
    if audio_only or not offered:
        media_format.setVideoCodec(QMediaFormat.VideoCodec.Unspecified)
    else:
        media_format.setVideoCodec(next((c for c in VIDEO_CODEC_PREFERENCE if c in offered), offered[0]))
    media_format.setAudioCodec(QMediaFormat.AudioCodec.AAC)
    return media_format


def recording_name(started: datetime, audio_only: bool) -> str:
    return f"Recording {started:%Y-%m-%d %H-%M}{'.m4a' if audio_only else '.mp4'}"


def photo_name(taken: datetime) -> str:
    return f"Photo {taken:%Y-%m-%d %H-%M-%S}.jpg"


# -- sources ---------------------------------------------------------------------------------


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

    def start(self, path: Path, *, audio_only: bool, media_format: QMediaFormat | None = None) -> None:
        """Record a take into `path` (MP4 unless `media_format` says otherwise)."""
        if self.state != QMediaRecorder.RecorderState.StoppedState:
            return
        self.take = Take(path, datetime.now(), audio_only)
        self._keep = True
        self._error = ""
        self._recorded_ms = 0
        self.recorder.setMediaFormat(media_format or choose_media_format(audio_only))
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
