"""A coach's signed observation in the teacher's portfolio: the coded timeline, the recording made while
observing (a click on the lanes plays it from that moment), a moment tagged to a criterion, and the
summary PDF the coach signed with it, on a tab of its own.

Times are the observation's: a recording that started 90 s into the observation plays its own second
0 at 1:30, and a range marked on its player is tagged as the observation's moment, not the file's.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from portfolio_app.core.carried_observation import LinkedRecording, ObservationToShow
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.observation import clock_text
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.observation.observation_view import ObservationView
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.observation import observation_to_show
from portfolio_app.ui.viewers import have_pdf

if TYPE_CHECKING:
    from portfolio_app.ui.viewers.document_viewer import PdfViewer, SystemViewerOpener
    from portfolio_app.ui.viewers.media_player import MediaPlayerView


class ObservationEvidenceView(QTabWidget):
    tag_requested = Signal(float, float)  # seconds into the observation
    failed = Signal(object)

    def __init__(self, ops: Operations, opener: SystemViewerOpener, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self._opener = opener
        self.shown: ObservationToShow | None = None
        self._evidence_id: str | None = None
        self._tagged: list[tuple[float, float]] = []
        self._moment: float | None = None
        self._playing: LinkedRecording | None = None
        self._player: MediaPlayerView | None = None
        self._pdf: PdfViewer | None = None
        self.timeline = ObservationView()
        self.timeline.moment_clicked.connect(self._on_moment_clicked)
        self.recording_line = QLabel()
        self.recording_line.setWordWrap(True)
        self.tag_button = QPushButton(self.tr("Tag This Moment…"))
        self.tag_button.setToolTip(self.tr("Tag the coded moment you clicked on the lanes for a criterion"))
        self.tag_button.setEnabled(False)
        self.tag_button.clicked.connect(self.tag_moment)
        row = QHBoxLayout()
        row.addWidget(self.recording_line, 1)
        row.addWidget(self.tag_button)
        self.timeline.below.addLayout(row)
        self.addTab(self.timeline, self.tr("Timeline"))
        self.setAccessibleName(self.tr("The coach's observation"))

    # -- what is shown ------------------------------------------------------------------------

    def show_evidence(self, evidence: Evidence) -> None:
        """Read the signed observation behind `evidence` and show it (the summary on its own tab)."""
        self.clear()
        self._evidence_id = evidence.id
        self.recording_line.setText(self.tr("Reading the coach's signed observation…"))
        op = observation_to_show(evidence.id).success(self._show)
        op.failure(self.failed.emit).run(self.ops, initiator=self)

    def _show(self, shown: ObservationToShow | None) -> None:
        if shown is None or shown.evidence.id != self._evidence_id:
            return
        self.shown = shown
        self.timeline.show_observation(shown.observation, self._tagged)
        self.recording_line.setText(self._recordings_text(shown))
        if shown.recordings:
            self.player.setVisible(True)
        if shown.summary is not None and have_pdf():
            self.pdf.load(shown.summary, f"{shown.evidence.title}.pdf")
            if self.indexOf(self.pdf) < 0:
                self.addTab(self.pdf, self.tr("Summary (PDF)"))
        elif self._pdf is not None:
            self.removeTab(self.indexOf(self._pdf))
        self.setCurrentWidget(self.timeline)

    def set_tag_ranges(self, ranges: list[tuple[float, float]]) -> None:
        """The evidence's tagged moments, shaded on the lanes (and on the recording's own bar)."""
        self._tagged = list(ranges)
        if self.shown is not None:
            self.timeline.set_tagged(self._tagged)
        self._shade_recording()

    def clear(self) -> None:
        """Stop playing and forget the observation shown."""
        self.shown = None
        self._evidence_id = None
        self._moment = None
        self._playing = None
        self.tag_button.setEnabled(False)
        if self._player is not None:
            self._player.clear()
            self._player.setVisible(False)
        if self._pdf is not None:
            self._pdf.clear()

    # -- a moment -----------------------------------------------------------------------------

    def play_range(self, start_s: float, end_s: float) -> None:
        """Play a tagged moment from the recording made while observing, where one covers it."""
        self._moment = start_s
        self.tag_button.setEnabled(self.shown is not None)
        recording = self._load_recording_at(start_s)
        if recording is not None:
            self._play(start_s - recording.starts_at_s, end_s - recording.starts_at_s)

    def tag_moment(self) -> None:
        """Ask for a tag on the coded span around the moment clicked (or on the seconds around it)."""
        if self.shown is None or self._moment is None:
            return
        start, end = self.shown.observation.span_around(self._moment)
        self.tag_requested.emit(start, end)

    def _on_moment_clicked(self, seconds: float) -> None:
        self._moment = seconds
        self.tag_button.setEnabled(True)
        recording = self._load_recording_at(seconds)
        if recording is not None:
            self._play(seconds - recording.starts_at_s, None)

    def _play(self, start_s: float, end_s: float | None) -> None:
        """Play the loaded recording from `start_s` (its own time), pausing at `end_s` if given."""
        if end_s is not None:
            self.player.play_range(start_s, end_s)
        else:
            self.player.seek_to(round(start_s * 1000))
            self.player.player.play()

    def _load_recording_at(self, seconds: float) -> LinkedRecording | None:
        recording = self.shown.recording_at(seconds) if self.shown is not None else None
        if recording is None:
            if self.shown is not None and self.shown.recordings:
                self.recording_line.setText(
                    self.tr("Nothing was recorded at {time}. {recordings}").format(
                        time=clock_text(seconds), recordings=self._recordings_text(self.shown)
                    )
                )
            return None
        if recording is not self._playing:
            self._playing = recording
            self.player.load(recording.path, has_picture=recording.evidence.kind == EvidenceKind.VIDEO)
            self._shade_recording()
        self.recording_line.setText(self._recordings_text(self.shown, recording))
        return recording

    def _shade_recording(self) -> None:
        if self._player is not None and self._playing is not None:
            offset = self._playing.starts_at_s
            self._player.set_tag_ranges([(start - offset, end - offset) for start, end in self._tagged])

    def _recordings_text(self, shown: ObservationToShow, playing: LinkedRecording | None = None) -> str:
        if not shown.recordings:
            return self.tr("No recording made while observing is in this portfolio: the lanes are the record.")
        each = self.tr("<i>{title}</i> from {start}")
        names = ", ".join(
            ("▶ " if r is playing else "")
            + each.format(title=escape(r.evidence.title), start=clock_text(r.starts_at_s))
            for r in shown.recordings
        )
        return self.tr("Click the lanes to play the recording at that moment: {names}.").format(names=names)

    # -- parts made on first use --------------------------------------------------------------

    @property
    def player(self) -> MediaPlayerView:
        if self._player is None:
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self._player = MediaPlayerView()
            self._player.tag_requested.connect(self._on_player_tag_requested)
            self._player.setMinimumHeight(220)
            self.timeline.below.insertWidget(0, self._player)
        return self._player

    @property
    def pdf(self) -> PdfViewer:
        if self._pdf is None:
            from portfolio_app.ui.viewers.document_viewer import PdfViewer

            self._pdf = PdfViewer(self._opener)
        return self._pdf

    def _on_player_tag_requested(self, start: float, end: float) -> None:
        """A range marked on the recording's own bar, tagged as the observation's moment."""
        if self._playing is not None:
            offset = self._playing.starts_at_s
            self.tag_requested.emit(start + offset, end + offset)
