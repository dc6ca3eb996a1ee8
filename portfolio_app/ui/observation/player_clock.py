"""The observation's clock when the coach codes a recording: the player's position is the moment."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer

from portfolio_app.ui.viewers.media_player import MediaPlayerView


class PlayerClock:
    """Seconds into the recording; Space (pause) pauses the playback."""

    def __init__(self, view: MediaPlayerView):
        self.view = view

    @property
    def running(self) -> bool:
        return self.view.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def start(self) -> None:
        if not self.running:
            self.view.player.play()

    def pause(self) -> None:
        if self.running:
            self.view.player.pause()

    def seconds(self) -> float:
        return self.view.position_s()

    def seek(self, seconds: float) -> None:
        self.view.seek_to(int(seconds * 1000))
