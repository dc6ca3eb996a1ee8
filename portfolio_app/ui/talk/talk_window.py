"""Talk Time…: one recording played above its talk panel, in a window of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import talk as talk_ops
from portfolio_app.ui.talk.talk_panel import TalkPanel
from portfolio_app.ui.viewers.media_player import MediaPlayerView


class TalkWindow(QDialog):
    def __init__(self, ops: Operations, evidence_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Talk Time"))
        self.resize(820, 760)
        self.player = MediaPlayerView()
        self.panel = TalkPanel(ops, position=self.player.position_s, marked_range=self.player.marked_range)
        self.panel.seek_requested.connect(self._on_panel_seek_requested)
        self.player.addAction(self.panel.question_action)  # Q marks a question while the player has the keys
        self.player.player.positionChanged.connect(lambda ms: self.panel.set_position(ms / 1000))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.player, 1)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        talk_ops.open_recording(evidence_id).success(self._on_opened).failure(self._on_failed).run(ops, self)

    def _on_opened(self, opened: tuple[Evidence, Credential, Path]) -> None:
        evidence, credential, path = opened
        self.setWindowTitle(self.tr("Talk Time — {title}").format(title=evidence.title))
        self.player.load(path, has_picture=evidence.kind == EvidenceKind.VIDEO)
        self.panel.set_evidence(evidence, credential)

    def _on_failed(self, error: BaseException) -> None:
        self.panel.message.setText(str(error))

    def _on_panel_seek_requested(self, seconds: float) -> None:
        self.player.seek_to(round(seconds * 1000))

    def done(self, result: int) -> None:
        self.player.clear()  # let go of the file before the window goes
        super().done(result)
