"""Plays a video or an audio recording from the library: seek, frame steps, speed, markers.

Keys while the player has focus: Space or K play/pause; Left/Right 5 s back/forward; J/L 10 s;
comma/period one frame back/forward (pausing first); M mute; I and O mark the start and end of
a range to tag (Shift+drag on the timeline does too), T tags it. QMediaPlayer has no frame step,
so a step is a seek by one frame's duration, from the file's frame rate (30 fps when unknown).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaMetaData, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.portfolio import Marker
from portfolio_app.core.text import clock as moment
from portfolio_app.ui import palette
from portfolio_app.ui.viewers.evidence_text import clock, kind_icon
from portfolio_app.ui.viewers.timeline import Timeline

DEFAULT_FPS = 30.0
SEEK_MS = 5000
JUMP_MS = 10000
SPEEDS = (0.5, 1.0, 1.5, 2.0)
_MARKER_ROLE = Qt.ItemDataRole.UserRole


def _settle_python_overrides(*objects) -> None:
    """Let PySide find out now, on this thread, that these objects' connect/disconnect
    notifications have no Python override.

    Qt Multimedia's playback threads connect to the player and its audio output, and
    disconnect when they stop. For an object made from Python, PySide's first notification
    takes the GIL to look for a Python override; if a playback thread asks while the GUI thread
    holds the GIL and waits on that thread inside stop(), both wait for ever. Once the answer
    is known (cached per object), the notifications never take the GIL again.
    """
    for obj in objects:
        obj.destroyed.connect(_no_op)
        obj.destroyed.disconnect(_no_op)


def _no_op(*_args) -> None:
    pass


class MediaPlayerView(QWidget):
    tag_requested = Signal(float, float)  # seconds: the marked range, or the moments around the playhead

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._poster_pending = False  # the file just loaded has not shown its first frame yet
        self._stop_at_ms: int | None = None  # playing a tagged range pauses at its end
        self._seek_when_open: int | None = None  # Qt drops a position set while the file opens: set it after
        self._mark_in: float | None = None
        self._mark_out: float | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        _settle_python_overrides(self.player, self.audio)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._attach_audio)
        self._attach_audio()
        self.video = QVideoWidget()
        self.video.setAccessibleName(self.tr("Video"))
        self.video.setMinimumHeight(160)
        self.player.setVideoOutput(self.video)
        self.audio_face = QLabel()  # shown instead of the picture for audio recordings
        self.audio_face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.audio_face.setPixmap(kind_icon("audio").pixmap(96, 96))
        self.audio_face.setAccessibleName(self.tr("Audio recording"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(palette.text_style(palette.WARNING))
        self.message.hide()

        self._build_actions()
        self.play_button = self._tool_button(self.play_action)
        self.back_frame_button = self._tool_button(self.frame_back_action)
        self.forward_frame_button = self._tool_button(self.frame_forward_action)
        self.position_slider = Timeline()
        self.position_slider.setAccessibleName(self.tr("Position"))
        self.position_slider.setToolTip(self.tr("Drag to move; Shift+drag to mark a range to tag"))
        self.position_slider.range_marked.connect(self._on_position_slider_range_marked)
        self.position_slider.setRange(0, 0)
        self.position_slider.setSingleStep(1000)
        self.position_slider.setPageStep(SEEK_MS)
        self.position_slider.valueChanged.connect(self._on_position_slider_value_changed)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setAccessibleName(self.tr("Time"))
        self.speed = QComboBox()
        self.speed.setAccessibleName(self.tr("Playback speed"))
        self.speed.setToolTip(self.tr("Playback speed"))
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._on_speed_current_index_changed)
        self.mute_button = self._tool_button(self.mute_action)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(90)
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        self.audio.setVolume(0.8)
        self.markers = QListWidget()
        self.markers.setAccessibleName(self.tr("Markers"))
        self.markers.setToolTip(self.tr("Moments marked while recording: choose one to jump to it"))
        self.markers.itemActivated.connect(self._on_markers_item_activated)
        self.markers.itemClicked.connect(self._on_markers_item_activated)

        controls = QHBoxLayout()
        self.mark_in_button = self._tool_button(self.mark_in_action)
        self.mark_in_button.setText("[")
        self.mark_out_button = self._tool_button(self.mark_out_action)
        self.mark_out_button.setText("]")
        for widget in (self.play_button, self.back_frame_button, self.forward_frame_button, self.mark_in_button):
            controls.addWidget(widget)
        controls.addWidget(self.position_slider, 1)
        controls.addWidget(self.mark_out_button)
        controls.addWidget(self.time_label)
        controls.addWidget(self.speed)
        controls.addWidget(self.mute_button)
        controls.addWidget(self.volume)
        picture = QWidget()
        picture_layout = QVBoxLayout(picture)
        picture_layout.setContentsMargins(0, 0, 0, 0)
        picture_layout.addWidget(self.video, 1)
        picture_layout.addWidget(self.audio_face, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(picture)
        self.splitter.addWidget(self.markers)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(controls)

        self.player.durationChanged.connect(self._on_player_duration_changed)
        self.player.positionChanged.connect(self._on_player_position_changed)
        self.player.playbackStateChanged.connect(self._on_player_playback_state_changed)
        self.player.errorOccurred.connect(self._on_player_error_occurred)
        self.player.mediaStatusChanged.connect(self._on_player_media_status_changed)
        self.audio.mutedChanged.connect(self._on_audio_muted_changed)
        self.set_markers([])

    def _build_actions(self) -> None:
        style = self.style()

        def action(text: str, keys: list, slot, icon: QStyle.StandardPixmap | None = None) -> QAction:
            made = QAction(text, self)
            made.setShortcuts(keys)
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if icon is not None:
                made.setIcon(style.standardIcon(icon))
            made.setToolTip(f"{text} ({made.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        pixmap = QStyle.StandardPixmap
        self.play_action = action(self.tr("Play"), ["Space", "K"], self.toggle_play, pixmap.SP_MediaPlay)
        self.frame_back_action = action(
            self.tr("Previous frame"), [","], lambda: self.step_frames(-1), pixmap.SP_MediaSeekBackward
        )
        self.frame_forward_action = action(
            self.tr("Next frame"), ["."], lambda: self.step_frames(1), pixmap.SP_MediaSeekForward
        )
        self.mute_action = action(self.tr("Mute"), ["M"], self._on_mute_triggered, pixmap.SP_MediaVolume)
        self.mute_action.setCheckable(True)
        action(self.tr("Back 5 seconds"), ["Left"], lambda: self.seek_by(-SEEK_MS))
        action(self.tr("Forward 5 seconds"), ["Right"], lambda: self.seek_by(SEEK_MS))
        action(self.tr("Back 10 seconds"), ["J"], lambda: self.seek_by(-JUMP_MS))
        action(self.tr("Forward 10 seconds"), ["L"], lambda: self.seek_by(JUMP_MS))
        self.mark_in_action = action(self.tr("Mark Start"), ["I"], self.mark_in)
        self.mark_out_action = action(self.tr("Mark End"), ["O"], self.mark_out)
        self.tag_action = action(self.tr("Tag This Moment…"), ["T"], self.request_tag)

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(action.text())
        button.setAutoRaise(True)
        return button

    # -- what to play -----------------------------------------------------------------------

    def load(self, path: Path, *, has_picture: bool) -> None:
        self.message.hide()
        self.video.setVisible(has_picture)
        self.audio_face.setVisible(not has_picture)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self._poster_pending = True
        self._seek_when_open = None
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.set_markers([])
        self.set_tag_ranges([])
        self.clear_marks()

    def _attach_audio(self) -> None:
        # Only when the laptop has somewhere to play sound (headphones plugged in later are picked
        # up). Without a device, Qt's audio thread would warn once per play; a warning from that
        # thread while the window waits inside stop() deadlocks with a Python message handler.
        outputs = QMediaDevices.audioOutputs()
        if outputs:
            self.audio.setDevice(QMediaDevices.defaultAudioOutput())
        self.player.setAudioOutput(self.audio if outputs else None)

    def clear(self) -> None:
        """Stop and let go of the file."""
        self._poster_pending = False
        self.player.stop()
        self.player.setSource(QUrl())

    def set_markers(self, markers: list[Marker]) -> None:
        self.markers.clear()
        for marker in sorted(markers, key=lambda m: m.at_s):
            item = QListWidgetItem(f"{moment(marker.at_s)}  {marker.label or self.tr('Marker')}")
            item.setData(_MARKER_ROLE, marker.at_s)
            self.markers.addItem(item)
        self.markers.setVisible(bool(markers))

    def set_tag_ranges(self, ranges: list[tuple[float, float]]) -> None:
        """Draw the item's tagged ranges (seconds) along the timeline."""
        self.position_slider.set_tag_ranges(ranges)

    # -- ranges to tag ----------------------------------------------------------------------

    def position_s(self) -> float:
        return self.player.position() / 1000

    def mark_in(self) -> None:
        self._mark_in = self.position_s()
        if self._mark_out is not None and self._mark_out <= self._mark_in:
            self._mark_out = None
        self.position_slider.set_marked(self._mark_in, self._mark_out)

    def mark_out(self) -> None:
        self._mark_out = self.position_s()
        if self._mark_in is not None and self._mark_in >= self._mark_out:
            self._mark_in = None
        self.position_slider.set_marked(self._mark_in, self._mark_out)

    def clear_marks(self) -> None:
        self._mark_in = self._mark_out = None
        self.position_slider.set_marked(None, None)

    def marked_range(self) -> tuple[float, float] | None:
        if self._mark_in is not None and self._mark_out is not None and self._mark_out > self._mark_in:
            return self._mark_in, self._mark_out
        return None

    def request_tag(self) -> None:
        """Ask for a tag on the marked range; without one, on the moments around the playhead."""
        self.player.pause()
        marked = self.marked_range()
        if marked is None:
            here = self.position_s()
            length = self.player.duration() / 1000 or here + 15
            start = self._mark_in if self._mark_in is not None else max(0.0, here - 5)
            marked = (start, min(length, max(start + 1, here + 10)))
        self.tag_requested.emit(*marked)

    def play_range(self, start_s: float, end_s: float) -> None:
        """Play a tagged moment: from its start, pausing at its end."""
        self.seek_to(round(start_s * 1000))
        self._stop_at_ms = round(end_s * 1000)
        self.player.play()

    def _on_position_slider_range_marked(self, start: float, end: float) -> None:
        self._mark_in, self._mark_out = start, end

    # -- controls ---------------------------------------------------------------------------

    def toggle_play(self) -> None:
        self._stop_at_ms = None
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def seek_by(self, delta_ms: int) -> None:
        self.seek_to(self.player.position() + delta_ms)

    def seek_to(self, position_ms: int) -> None:
        if self.player.mediaStatus() == QMediaPlayer.MediaStatus.LoadingMedia:
            self._seek_when_open = position_ms  # a moment asked for just after load(): there once it opens
            return
        duration = self.player.duration()
        self.player.setPosition(max(0, min(position_ms, duration) if duration > 0 else position_ms))

    def frame_rate(self) -> float:
        rate = self.player.metaData().value(QMediaMetaData.Key.VideoFrameRate)
        try:
            rate = float(rate)
        except (TypeError, ValueError):
            return DEFAULT_FPS
        return rate if rate > 0 else DEFAULT_FPS

    def step_frames(self, count: int) -> None:
        self.player.pause()
        fps = self.frame_rate()
        frame = round(self.player.position() * fps / 1000) + count
        self.seek_to(round(max(0, frame) * 1000 / fps))

    def _on_mute_triggered(self, checked: bool) -> None:
        self.audio.setMuted(checked)

    def _on_audio_muted_changed(self, muted: bool) -> None:
        self.mute_action.setChecked(muted)
        icon = QStyle.StandardPixmap.SP_MediaVolumeMuted if muted else QStyle.StandardPixmap.SP_MediaVolume
        self.mute_action.setIcon(self.style().standardIcon(icon))

    def _on_speed_current_index_changed(self, _index: int) -> None:
        self.player.setPlaybackRate(float(self.speed.currentData()))

    def _on_markers_item_activated(self, item: QListWidgetItem) -> None:
        self.seek_to(round(float(item.data(_MARKER_ROLE)) * 1000))

    def _on_position_slider_value_changed(self, value: int) -> None:
        if value != self.player.position():
            self.player.setPosition(value)

    # -- the player's news ------------------------------------------------------------------

    def _on_player_duration_changed(self, duration: int) -> None:
        blocked = self.position_slider.blockSignals(True)
        self.position_slider.setRange(0, max(0, duration))
        self.position_slider.blockSignals(blocked)
        self._show_time(self.player.position(), duration)

    def _on_player_position_changed(self, position: int) -> None:
        if self._stop_at_ms is not None and position >= self._stop_at_ms:
            self._stop_at_ms = None
            self.player.pause()
        if not self.position_slider.isSliderDown():
            blocked = self.position_slider.blockSignals(True)
            self.position_slider.setValue(position)
            self.position_slider.blockSignals(blocked)
        self._show_time(position, self.player.duration())

    def _show_time(self, position: int, duration: int) -> None:
        self.time_label.setText(f"{clock(position / 1000)} / {clock(duration / 1000)}")

    def _on_player_playback_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_action.setText(self.tr("Pause") if playing else self.tr("Play"))
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_action.setIcon(self.style().standardIcon(icon))

    def _on_player_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        opened = status in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
        if opened and self._seek_when_open is not None:
            position, self._seek_when_open = self._seek_when_open, None
            self._poster_pending = False  # the moment asked for is the picture, not the first frame
            self.seek_to(position)
        if status != QMediaPlayer.MediaStatus.LoadedMedia or not self._poster_pending:
            return
        self._poster_pending = False  # once per file: a stop later on stays stopped
        if self.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState and self.video.isVisibleTo(self):
            self.player.pause()  # paused at 0:00 shows the first frame as a poster (stopped is black)

    def _on_player_error_occurred(self, _error: QMediaPlayer.Error, text: str) -> None:
        self.message.setText(self.tr("This recording cannot be played here: {reason}").format(reason=text))
        self.message.show()

    def hideEvent(self, event) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()  # nobody listens to a hidden player
        super().hideEvent(event)
