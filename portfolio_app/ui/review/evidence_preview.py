"""The evidence a reviewer is looking at: a video or recording plays the tagged moment; a photo,
PDF or other file opens in the system's viewer (from a verified copy in the library folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from portfolio_app.ui.folders import open_file

TIMED = ("video", "audio")


class EvidencePreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.player = None  # made on first use: Qt Multimedia is loaded only when something plays
        self.opened: list[Path] = []  # files handed to the system's viewer

    def show_evidence(self, path: Path, kind: str, title: str, start_s: float | None, end_s: float | None) -> None:
        self.title.setText(title)
        if kind not in TIMED:
            self.opened.append(path)
            open_file(path, self)  # says where the file is when no program can open it
            return
        if self.player is None:
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self.player = MediaPlayerView(self)
            self.layout().addWidget(self.player)
        self.player.load(path, has_picture=kind == "video")
        if start_s is not None and end_s is not None:
            self.player.set_tag_ranges([(start_s, end_s)])
            self.player.play_range(start_s, end_s)

    def clear(self) -> None:
        if self.player is not None:
            self.player.clear()
