"""The evidence a reviewer is looking at, beside the criterion it was offered for, from a verified copy
of the bundle's file: a recording plays the tagged moment; a photo or a PDF page shows with the tagged
region outlined (the teacher's own viewers); a coach's observation shows its timeline with the tagged
moment shaded; anything else can be opened in the system's viewer."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from portfolio_app.core.carried_observation import CarriedObservation
from portfolio_app.core.text import clock
from portfolio_app.ui.viewers import have_pdf
from portfolio_app.ui.viewers.background_reader import BackgroundReader

if TYPE_CHECKING:
    from portfolio_app.ui.observation.observation_view import ObservationView
    from portfolio_app.ui.viewers.document_viewer import PdfViewer, SystemViewerOpener
    from portfolio_app.ui.viewers.image_viewer import ImageViewer
    from portfolio_app.ui.viewers.media_player import MediaPlayerView

TIMED = ("video", "audio")
Box = tuple[float, float, float, float]


def _box(tag: dict[str, Any]) -> Box:
    region = tag["region"]
    return (region["x"], region["y"], region["w"], region["h"])


class EvidencePreview(QWidget):
    """Viewers are made on first use: Qt Multimedia and Qt PDF load only when something needs them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.reader = BackgroundReader(self)
        self.player: MediaPlayerView | None = None
        self.image: ImageViewer | None = None
        self.pdf: PdfViewer | None = None
        self.observation: ObservationView | None = None
        self._opener: SystemViewerOpener | None = None
        self._file: tuple[Path, str] | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName(self.tr("What the teacher tagged"))
        self.placeholder = QLabel(self.tr("Choose a piece of evidence and press Play / Open to see it here."))
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.open_button = QPushButton(self.tr("Open with the System Viewer"))
        self.open_button.setToolTip(self.tr("Opens a read-only copy in another program"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.open_button.hide()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

    # -- showing ----------------------------------------------------------------------------

    def show_evidence(
        self, path: Path, item: dict[str, Any], tag: dict[str, Any] | None, tags: list[dict[str, Any]], criterion: str
    ) -> None:
        """Show `item` (an evidence entry of submission.json) from its verified copy at `path`.

        `tag` is the tag chosen (None: the whole item); `tags` every tag on the item, all drawn.
        """
        self._let_go()
        kind, media_type = item.get("kind"), item.get("media_type")
        self.title.setText(f"<b>{escape(item.get('title', ''))}</b>")
        self.caption.setText(self._caption(tag, criterion, kind == "image"))
        self._file = (path, Path(item.get("file", "")).name)
        self.open_button.setVisible(kind not in TIMED and kind != "observation")
        if kind in TIMED:
            self._show_recording(path, kind, tag, tags)
        elif kind == "image":
            self._show_picture(None, path, tag, [t for t in tags if t.get("region")])
        elif kind == "document" and media_type == "application/pdf" and have_pdf():
            if tag is not None and tag.get("region"):
                page = tag["region"]["page"]
                on_page = [t for t in tags if t.get("region") and t["region"]["page"] == page]
                self._show_picture(page, path, tag, on_page)
            else:
                self._show_pdf(path)
        elif kind == "observation":
            self._show_message(self.tr("Reading the coach's signed observation…"))
        else:
            self._show_message(self.tr("This kind of file is not shown here: open it with the system viewer."))

    def show_observation(self, observation: CarriedObservation, tags: list[dict[str, Any]]) -> None:
        """The timeline of a coach's observation, read from its verified record (after `show_evidence`)."""
        if self.observation is None:
            from portfolio_app.ui.observation.observation_view import ObservationView

            self.observation = ObservationView()
            self.stack.addWidget(self.observation)
        spans = [(t["start_s"], t["end_s"]) for t in tags if t.get("start_s") is not None]
        self.observation.show_observation(observation, spans)
        self.stack.setCurrentWidget(self.observation)

    def show_problem(self, text: str) -> None:
        self._show_message(text)

    def _caption(self, tag: dict[str, Any] | None, criterion: str, photo: bool) -> str:
        if tag is None:
            return self.tr("The whole item.")
        if tag.get("start_s") is not None:
            where = f"{clock(tag['start_s'])}–{clock(tag['end_s'])}"
        elif tag.get("region") and photo:
            where = self.tr("the outlined region")
        elif tag.get("region"):
            where = self.tr("the outlined region of page {page}").format(page=tag["region"]["page"] + 1)
        else:
            where = self.tr("the whole item")
        text = self.tr("Tagged for <b>{criterion}</b>: {where}").format(criterion=escape(criterion), where=where)
        return text + (f" — “{escape(tag['note'])}”" if tag.get("note") else "")

    def _show_recording(self, path: Path, kind: str, tag: dict[str, Any] | None, tags: list[dict[str, Any]]) -> None:
        if self.player is None:
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self.player = MediaPlayerView()
            self.stack.addWidget(self.player)
        self.stack.setCurrentWidget(self.player)
        self.player.load(path, has_picture=kind == "video")
        self.player.set_tag_ranges([(t["start_s"], t["end_s"]) for t in tags if t.get("start_s") is not None])
        if tag is not None and tag.get("start_s") is not None:
            self.player.play_range(tag["start_s"], tag["end_s"])

    def _show_picture(self, page: int | None, path: Path, tag: dict[str, Any] | None, tags: list[dict]) -> None:
        """A photo (page None) or one PDF page, every region on it outlined and the chosen one strongest."""
        if self.image is None:
            from portfolio_app.ui.viewers.image_viewer import ImageViewer

            self.image = ImageViewer(self.reader)
            self.image.view.setAccessibleName(self.tr("Evidence with the tagged region outlined"))
            self.stack.addWidget(self.image)
        self.stack.setCurrentWidget(self.image)
        if page is None:
            self.image.load(path)
        else:
            from portfolio_app.ui.viewers.document_viewer import render_page

            self.image.load_picture(lambda: render_page(path, page))
        boxes = [_box(t) for t in tags]
        chosen = _box(tag) if tag is not None and tag.get("region") else None
        self.image.set_regions(boxes, boxes.index(chosen) if chosen in boxes else None)

    def _show_pdf(self, path: Path) -> None:
        if self.pdf is None:
            from portfolio_app.ui.viewers.document_viewer import PdfViewer

            self.pdf = PdfViewer(self.opener)
            self.stack.addWidget(self.pdf)
        self.stack.setCurrentWidget(self.pdf)
        self.pdf.load(path, self._file[1] if self._file else path.name)

    def _show_message(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    @property
    def opener(self) -> SystemViewerOpener:
        if self._opener is None:
            from portfolio_app.ui.viewers.document_viewer import SystemViewerOpener

            self._opener = SystemViewerOpener(self.reader, lambda exc: self._show_message(str(exc)), self)
        return self._opener

    def _on_open_clicked(self) -> None:
        if self._file is not None:
            self.opener.open(*self._file)

    def _let_go(self) -> None:
        """Stop playback and close the file of the item shown before."""
        if self.player is not None:
            self.player.clear()
        if self.image is not None:
            self.image.clear()
        if self.pdf is not None:
            self.pdf.clear()

    def clear(self) -> None:
        self._let_go()
        self.reader.wait()
