"""Recording evidence in the app, fed by the synthetic source (this machine has no camera or microphone).

The synthetic source runs at the pace of a real camera (25 pictures a second, sound in 20 ms
buffers), so durations, pauses and markers are real time: these tests take a few seconds each.
"""

import os
from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtMultimedia import QAudioFormat, QMediaDevices, QMediaFormat, QMediaRecorder
from PySide6.QtWidgets import QApplication, QLineEdit

from portfolio_app.services.evidence import list_evidence, list_markers, media_path
from portfolio_app.ui.capture.recorder import RecorderDialog, SyntheticSource
from portfolio_app.ui.capture.recorder_session import VIDEO_CODEC_PREFERENCE, choose_media_format
from portfolio_app.ui.capture.sources import peak_level
from portfolio_app.ui.operations import Operations

State = QMediaRecorder.RecorderState
# Qt Multimedia describes the machine it runs on, as warnings: no VA-API (GPU video), no RHI
# for QVideoWidget offscreen (frames are converted on the CPU), no PulseAudio server.


@pytest.fixture
def make_dialog(qtbot, library, portfolio, ops):
    def make(source=None, *, task_ops=None) -> RecorderDialog:
        dialog = RecorderDialog(task_ops or ops, portfolio.id, source=source)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts (M, Ctrl+R) need the active window
        return dialog

    return make


def temp_files(library) -> list[Path]:
    return list(library.store.staging.iterdir())


def recorded_ms(dialog) -> int:
    return dialog.controller.recorder.duration()


def record_until(qtbot, dialog, milliseconds: int) -> None:
    qtbot.waitUntil(lambda: recorded_ms(dialog) >= milliseconds, timeout=milliseconds + 10_000)


def screenshot(dialog):
    """The dialog as a screen shows it. QVideoWidget draws into a window of its own, which
    grab() cannot see, so the frame the preview holds is painted where that window is."""
    shot = dialog.grab()
    frame = dialog.preview.videoSink().videoFrame().toImage()
    area = QRect(dialog.preview.mapTo(dialog, QPoint(0, 0)), dialog.preview.size())
    picture = frame.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    painter = QPainter(shot)
    painter.fillRect(area, Qt.GlobalColor.black)
    painter.drawImage(area.center() - picture.rect().center(), picture)
    painter.end()
    return shot


def stream_seconds(path: Path) -> dict[str, float]:
    """How long each stream of a file really is, by decoding it to the end."""
    seconds = {}
    with av.open(str(path)) as container:
        for stream in container.streams:
            last = max(
                (float(f.time + (f.duration or 0) * f.time_base) for f in container.decode(stream)),
                default=0.0,
            )
            seconds[stream.type] = last
            container.seek(0)
    return seconds


def test_video_with_markers_lands_in_the_portfolio(qtbot, make_dialog, library, portfolio, tmp_path):
    ops = Operations(library)  # the real threaded runner: staging off the GUI thread, then one write
    source = SyntheticSource()
    dialog = make_dialog(source, task_ops=ops)
    assert dialog.preview_stack.currentWidget() is dialog.preview
    assert not dialog.audio_only_check.isChecked() and dialog.start_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.preview.videoSink().videoFrame().isValid())

    with qtbot.waitSignal(dialog.controller.state_changed, check_params_cb=lambda s: s == State.RecordingState):
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status_badge.text() == "● REC" and not dialog.camera_combo.isEnabled()
    pressed = []
    for at_ms in (500, 1500):
        record_until(qtbot, dialog, at_ms)
        pressed.append(recorded_ms(dialog) / 1000)
        qtbot.keyClick(dialog, Qt.Key.Key_M)
    dialog.marker_table.editItem(dialog.marker_table.item(0, 1))  # label it in place, as a double-click does
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "  Students   summarize the claim ")  # an "m" typed here is text, not a marker
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert dialog.marker_table.rowCount() == 2
    record_until(qtbot, dialog, 2000)
    assert dialog.elapsed_label.text() == "00:02"
    shot = tmp_path / "recorder.png"  # RECORDER_SCREENSHOT=/tmp/recorder.png keeps a copy to look at
    assert screenshot(dialog).save(os.environ.get("RECORDER_SCREENSHOT", str(shot)))

    dialog.marker_table.editItem(dialog.marker_table.item(1, 1))
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Wrap-up")
    with qtbot.waitSignal(dialog.recording_added, timeout=15_000) as added:
        qtbot.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # stops with the label still open
    ops.wait()

    [evidence] = list_evidence(library, portfolio.id)
    assert added.args == [evidence.id]
    assert evidence.kind == "video" and evidence.original_name.startswith("Recording ")
    assert evidence.original_name.endswith(".mp4") and evidence.title == evidence.original_name[:-4]
    # The file is as long as what the source fed it, however busy the machine was: on a loaded
    # machine fewer pictures are taken in 2 s of wall time (each is stamped by count, not clock),
    # and the sound, fed by the clock, is what sets the length
    audio_s, video_s = source.samples_sent / SyntheticSource.SAMPLE_RATE, source.frames_sent / source._fps
    assert audio_s >= 1.9 and audio_s - 0.15 <= evidence.duration_s <= max(audio_s, video_s) + 0.15
    assert (evidence.width, evidence.height) == (640, 360)
    video_codec, audio_codec = evidence.codecs.split("/")
    assert video_codec in ("h264", "mpeg4", "vp9", "av1") and audio_codec == "aac"
    assert evidence.thumbnail is not None
    streams = stream_seconds(media_path(library, evidence))  # the stored file decodes to its end
    assert streams["audio"] == pytest.approx(source.samples_sent / SyntheticSource.SAMPLE_RATE, abs=0.1)
    # the encoder may drop pictures of a busy machine, never add any: at most what was fed
    assert 0.5 <= streams["video"] <= source.frames_sent / source._fps + 0.1

    markers = list_markers(library, evidence.id)
    assert [m.label for m in markers] == ["Students summarize the claim", "Wrap-up"]
    for marker, expected, seen in zip(markers, (0.5, 1.5), pressed, strict=True):
        # where M was pressed, which is after the moment waited for (later on a busy machine)
        assert seen >= expected and marker.at_s == pytest.approx(seen, abs=0.05)
    assert temp_files(library) == []
    assert dialog.isVisible() and dialog.start_button.isEnabled()  # ready for another take
    assert "Saved" in dialog.status_label.text()


def test_paused_time_is_not_in_the_file(qtbot, make_dialog, library, portfolio):
    source = SyntheticSource()
    dialog = make_dialog(source)
    dialog.start_button.click()
    record_until(qtbot, dialog, 1000)
    with qtbot.waitSignal(dialog.controller.state_changed, check_params_cb=lambda s: s == State.PausedState):
        dialog.pause_button.click()
    at_pause, frames_at_pause = recorded_ms(dialog), source.frames_made
    assert dialog.pause_button.text() == "Resume" and dialog.status_badge.text() == "❚❚ PAUSED"
    qtbot.waitUntil(lambda: source.frames_made >= frames_at_pause + 25, timeout=5000)  # a second of camera goes by
    assert recorded_ms(dialog) <= at_pause + 100
    dialog.pause_button.click()
    record_until(qtbot, dialog, 2000)
    with qtbot.waitSignal(dialog.recording_added, timeout=15_000):
        dialog.stop_button.click()

    [evidence] = list_evidence(library, portfolio.id)
    assert evidence.duration_s == pytest.approx(2.0, abs=0.3)  # not 3 s: the paused second is left out
    streams = stream_seconds(media_path(library, evidence))
    assert streams["video"] == pytest.approx(2.0, abs=0.3) and streams["audio"] == pytest.approx(2.0, abs=0.3)


def test_sound_only_recording_is_audio_evidence(qtbot, make_dialog, library, portfolio):
    dialog = make_dialog(SyntheticSource())
    dialog.audio_only_check.setChecked(True)
    assert dialog.preview_stack.currentWidget() is dialog.preview_message
    assert not dialog.photo_button.isEnabled() and not dialog.camera_combo.isEnabled()
    dialog.start_button.click()
    record_until(qtbot, dialog, 1500)
    assert dialog.level_meter.value() > 0  # the meter shows the tone
    with qtbot.waitSignal(dialog.recording_added, timeout=15_000):
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)

    [evidence] = list_evidence(library, portfolio.id)
    assert evidence.kind == "audio" and evidence.original_name.endswith(".m4a")
    assert evidence.media_type == "audio/mp4" and evidence.codecs == "aac"
    assert evidence.duration_s == pytest.approx(1.5, abs=0.3) and evidence.width is None
    assert temp_files(library) == []


def test_photo_becomes_image_evidence(qtbot, make_dialog, library, portfolio):
    dialog = make_dialog(SyntheticSource())
    qtbot.waitUntil(dialog.controller.can_take_photo)
    with qtbot.waitSignal(dialog.photo_added, timeout=10_000) as added:
        dialog.photo_button.click()

    [evidence] = list_evidence(library, portfolio.id)
    assert added.args == [evidence.id]
    assert (evidence.kind, evidence.media_type, evidence.width, evidence.height) == ("image", "image/jpeg", 640, 360)
    assert evidence.original_name.startswith("Photo ") and evidence.original_name.endswith(".jpg")
    assert media_path(library, evidence).read_bytes()[:3] == b"\xff\xd8\xff"
    assert temp_files(library) == []


def test_no_camera_and_no_microphone_says_so(qtbot, make_dialog):
    if QMediaDevices.videoInputs() or QMediaDevices.audioInputs():
        pytest.skip("this machine has a camera or a microphone")
    dialog = make_dialog()  # the computer's real devices: none here
    assert dialog.camera_combo.count() == 0 and dialog.microphone_combo.count() == 0
    assert dialog.preview_stack.currentWidget() is dialog.preview_message
    assert dialog.preview_message.text().startswith("No camera or microphone found.")
    assert dialog.device_notice.isVisible() and "No camera or microphone found" in dialog.device_notice.text()
    assert not dialog.start_button.isEnabled() and not dialog.photo_button.isEnabled()
    assert dialog.audio_only_check.isChecked() and not dialog.audio_only_check.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dialog.controller.state == State.StoppedState and dialog.controller.take is None


def test_without_a_camera_sound_only_is_locked_until_one_is_plugged_in(qtbot, make_dialog):
    source = SyntheticSource(camera=False)
    dialog = make_dialog(source)
    assert dialog.preview_message.text().startswith("No camera found. You can still record sound only")
    assert dialog.audio_only_check.isChecked() and not dialog.audio_only_check.isEnabled()
    assert dialog.start_button.isEnabled() and not dialog.photo_button.isEnabled()

    source.set_devices(camera=True, microphone=True)  # a webcam is plugged in
    assert dialog.camera_combo.count() == 1 and dialog.audio_only_check.isEnabled()
    assert not dialog.audio_only_check.isChecked()  # sound only was forced, not chosen
    assert dialog.preview_stack.currentWidget() is dialog.preview and dialog.photo_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.preview.videoSink().videoFrame().isValid())

    source.set_devices(camera=True, microphone=False)  # the headset is unplugged
    assert not dialog.start_button.isEnabled() and "No microphone found" in dialog.device_notice.text()


def test_closing_while_recording_can_discard_the_take(qtbot, make_dialog, library, portfolio):
    dialog = make_dialog(SyntheticSource())
    dialog.start_button.click()
    record_until(qtbot, dialog, 500)
    qtbot.keyClick(dialog, Qt.Key.Key_M)
    assert temp_files(library) != []  # the take is being written

    dialog.close()
    assert dialog.isVisible() and dialog.close_question is not None  # asks, never drops the take silently
    dialog.continue_button.click()  # "Keep Recording": nothing changes
    assert dialog.isVisible() and dialog.recording

    dialog.close()
    dialog.discard_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert list_evidence(library, portfolio.id) == []
    assert temp_files(library) == []
    assert dialog.result() == dialog.DialogCode.Rejected


def test_closing_while_recording_can_keep_the_take(qtbot, make_dialog, library, portfolio):
    dialog = make_dialog(SyntheticSource())
    dialog.start_button.click()
    record_until(qtbot, dialog, 1000)
    dialog.reject()  # Esc
    with qtbot.waitSignal(dialog.recording_added, timeout=15_000):
        dialog.keep_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [evidence] = list_evidence(library, portfolio.id)
    assert evidence.kind == "video" and evidence.duration_s == pytest.approx(1.0, abs=0.3)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert temp_files(library) == []


def test_a_recorder_error_is_shown_and_leaves_nothing_behind(qtbot, make_dialog, library, portfolio, monkeypatch):
    dialog = make_dialog(SyntheticSource())
    unwritable = library.store.root / "no such folder" / "take.mp4.part"
    monkeypatch.setattr(library.store, "temp_path", lambda suffix="": unwritable)
    dialog.start_button.click()
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert "The recording failed" in dialog.error_label.text() and "cannot be written" in dialog.error_label.text()
    assert dialog.controller.state == State.StoppedState and dialog.start_button.isEnabled()
    assert list_evidence(library, portfolio.id) == [] and temp_files(library) == []


def test_recording_format_is_mp4_with_aac_and_the_best_video_codec_qt_offers():
    video = choose_media_format(audio_only=False)
    offered = QMediaFormat(QMediaFormat.FileFormat.MPEG4).supportedVideoCodecs(QMediaFormat.ConversionMode.Encode)
    assert video.fileFormat() == QMediaFormat.FileFormat.MPEG4 and video.audioCodec() == QMediaFormat.AudioCodec.AAC
    assert video.videoCodec() == next(c for c in VIDEO_CODEC_PREFERENCE if c in offered)
    sound = choose_media_format(audio_only=True)
    assert sound.fileFormat() in (QMediaFormat.FileFormat.Mpeg4Audio, QMediaFormat.FileFormat.MPEG4)
    assert sound.videoCodec() == QMediaFormat.VideoCodec.Unspecified


def test_microphone_level_reads_every_sample_format():
    def audio_format(sample_format):
        fmt = QAudioFormat()
        fmt.setSampleFormat(sample_format)
        return fmt

    half = np.array([0, 16384, -8192], dtype=np.int16).tobytes()
    assert peak_level(half, audio_format(QAudioFormat.SampleFormat.Int16)) == pytest.approx(0.5)
    floats = np.array([0.1, -0.8, 0.3], dtype=np.float32).tobytes()
    assert peak_level(floats, audio_format(QAudioFormat.SampleFormat.Float)) == pytest.approx(0.8)
    silence = bytes([128] * 64)
    assert peak_level(silence, audio_format(QAudioFormat.SampleFormat.UInt8)) == 0.0
    assert peak_level(b"\x01", audio_format(QAudioFormat.SampleFormat.Int16)) == 0.0  # half a sample
