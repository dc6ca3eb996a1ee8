"""Talk Time… for a recording kept with the coach's observation: the recording played above its talk
panel, and a choice of recording when the observation keeps several."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from portfolio_app.core.observation_talk import ObservedRecording
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as observation_ops
from portfolio_app.ui.operations import observation_talk as recording_ops
from portfolio_app.ui.talk.recording_talk_panel import RecordingTalkPanel
from portfolio_app.ui.viewers.media_player import MediaPlayerView


class ObservationTalkWindow(QDialog):
    def __init__(self, ops: Operations, observation_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.observation_id = observation_id
        self.setWindowTitle(self.tr("Talk Time"))
        self.resize(820, 760)
        self.recordings = QComboBox()
        self.recordings.setAccessibleName(self.tr("Recording"))
        self.recordings.hide()  # shown when the observation keeps more than one
        self.recordings.activated.connect(lambda index: self._open(index + 1))
        self.player = MediaPlayerView()
        self.panel = RecordingTalkPanel(ops, position=self.player.position_s, marked_range=self.player.marked_range)
        self.panel.seek_requested.connect(lambda seconds: self.player.seek_to(round(seconds * 1000)))
        self.player.addAction(self.panel.question_action)  # Q marks a question while the player has the keys
        self.player.player.positionChanged.connect(lambda ms: self.panel.set_position(ms / 1000))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.recordings)
        layout.addWidget(self.player, 1)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        observation_ops.recordings(observation_id).success(self._on_recordings_listed).failure(self._on_failed).run(
            ops, self
        )

    def _on_recordings_listed(self, found) -> None:
        self.recordings.clear()
        for number, (recording, _path) in enumerate(found, start=1):
            self.recordings.addItem(self.tr("Recording {n}: {name}").format(n=number, name=recording.name))
        self.recordings.setVisible(len(found) > 1)
        self._open(1)

    def _open(self, number: int) -> None:
        recording_ops.open_recording(self.observation_id, number).success(self._on_opened).failure(self._on_failed).run(
            self.ops, self
        )

    def _on_opened(self, observed: ObservedRecording) -> None:
        self.setWindowTitle(
            self.tr("Talk Time — {title}, {name}").format(
                title=observed.observation.title, name=observed.recording.name
            )
        )
        self.player.load(observed.path, has_picture=observed.recording.media_type.startswith("video/"))
        self.panel.set_recording(observed)

    def _on_failed(self, error: BaseException) -> None:
        self.panel.message.setText(str(error))

    def done(self, result: int) -> None:
        self.player.clear()  # let go of the file before the window goes
        super().done(result)
