"""The viewer beside the evidence list: the right viewer for the selected item's kind.

Each viewer is built, and its Qt module (Multimedia, Pdf) imported, the first time an item of
its kind is shown: opening a portfolio pays for none of them. The stored file is read in place
(read-only); nothing here writes to the library.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.portfolio import Evidence, Tag, TimeRange
from portfolio_app.ui.operations import Failure, Operations
from portfolio_app.ui.operations.evidence import list_markers
from portfolio_app.ui.operations.notes import EditNote
from portfolio_app.ui.privacy.students_dialog import StudentsLine
from portfolio_app.ui.talk.talk_strip import TalkStrip
from portfolio_app.ui.viewers import have_pdf
from portfolio_app.ui.viewers.background_reader import BackgroundReader
from portfolio_app.ui.viewers.evidence_text import description
from portfolio_app.ui.workspace.note_editor import NoteEditor
from portfolio_app.ui.workspace.tag_panel import TagPanel

if TYPE_CHECKING:
    from portfolio_app.ui.observation.observation_evidence import ObservationEvidenceView
    from portfolio_app.ui.viewers.document_viewer import FileInfoView, PdfViewer, SystemViewerOpener
    from portfolio_app.ui.viewers.image_viewer import ImageViewer
    from portfolio_app.ui.viewers.media_player import MediaPlayerView


class EvidenceViewer(QWidget):
    def __init__(
        self,
        ops: Operations,
        on_error: Failure,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self.undo_stack = undo_stack or QUndoStack(self)
        self.reader = BackgroundReader(self)
        self._on_error = on_error
        self._opener: SystemViewerOpener | None = None
        self.evidence: Evidence | None = None
        self._player: MediaPlayerView | None = None
        self._image: ImageViewer | None = None
        self._pdf: PdfViewer | None = None
        self._file_info: FileInfoView | None = None
        self._note: QTextBrowser | None = None
        self._note_editor: NoteEditor | None = None
        self._observation: ObservationEvidenceView | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder = QLabel(self.tr("Choose evidence on the left to see it here."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.students = StudentsLine(ops)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.students)
        layout.addWidget(self.stack, 1)
        self.talk = TalkStrip(ops)  # the talk timeline of a measured recording, under its player
        self.talk.seek_requested.connect(lambda seconds: self.player.seek_to(round(seconds * 1000)))
        layout.addWidget(self.talk)
        self.tags = TagPanel(ops, self.undo_stack, on_error)
        self.tags.tag_activated.connect(self.activate_tag)
        self.tags.tags_loaded.connect(self._on_tags_loaded)
        self.tags.current_page = lambda: self._pdf.current_page() if self._pdf is not None else 0
        layout.addWidget(self.tags)
        ops.changed.connect(self._on_ops_changed)
        self.show_evidence(None)

    def set_credential(self, credential: Credential) -> None:
        self.tags.set_credential(credential)

    # -- the viewers, built on first use ----------------------------------------------------

    @property
    def opener(self) -> SystemViewerOpener:
        if self._opener is None:
            from portfolio_app.ui.viewers.document_viewer import SystemViewerOpener

            self._opener = SystemViewerOpener(self.reader, self._on_error, self)
        return self._opener

    @property
    def player(self) -> MediaPlayerView:
        if self._player is None:
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self._player = MediaPlayerView()
            self._player.tag_requested.connect(lambda start, end: self.tags.add_tag(TimeRange(start, end)))
            self._player.player.positionChanged.connect(lambda ms: self.talk.set_position(ms / 1000))
            self.stack.addWidget(self._player)
        return self._player

    @property
    def image(self) -> ImageViewer:
        if self._image is None:
            from portfolio_app.ui.viewers.image_viewer import ImageViewer

            self._image = ImageViewer(self.reader)
            self.stack.addWidget(self._image)
        return self._image

    @property
    def pdf(self) -> PdfViewer:
        if self._pdf is None:
            from portfolio_app.ui.viewers.document_viewer import PdfViewer

            self._pdf = PdfViewer(self.opener)
            self.stack.addWidget(self._pdf)
        return self._pdf

    @property
    def observation(self) -> ObservationEvidenceView:
        if self._observation is None:
            from portfolio_app.ui.observation.observation_evidence import ObservationEvidenceView

            self._observation = ObservationEvidenceView(self.ops, self.opener)
            self._observation.tag_requested.connect(lambda start, end: self.tags.add_tag(TimeRange(start, end)))
            self._observation.failed.connect(self._on_error)
            self.stack.addWidget(self._observation)
        return self._observation

    @property
    def file_info(self) -> FileInfoView:
        if self._file_info is None:
            from portfolio_app.ui.viewers.document_viewer import FileInfoView

            self._file_info = FileInfoView(self.opener)
            self.stack.addWidget(self._file_info)
        return self._file_info

    @property
    def note(self) -> QTextBrowser:
        if self._note is None:
            self._note = QTextBrowser()
            self._note.setAccessibleName(self.tr("Note"))
            self.stack.addWidget(self._note)
        return self._note

    @property
    def note_editor(self) -> NoteEditor:
        if self._note_editor is None:
            self._note_editor = NoteEditor()
            self._note_editor.save_due.connect(self._on_note_editor_save_due)
            self.stack.addWidget(self._note_editor)
        return self._note_editor

    # -- notes ------------------------------------------------------------------------------

    def apply_note(self, evidence_id: str, text: str) -> None:
        """Show a note's text that undo or redo put back (if that note is shown)."""
        if self._note_editor is not None and self._note_editor.evidence_id == evidence_id:
            self._note_editor.apply(text)

    def _on_note_editor_save_due(self, evidence_id: str, old: str, new: str) -> None:
        def failed(exc: BaseException) -> None:
            if self._note_editor is not None:
                self._note_editor.show_saved(False)
            self._on_error(exc)

        self.undo_stack.push(EditNote(self, self.ops, evidence_id, old, new, self.note_editor.burst, failed))

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.evidence and self._note_editor is not None and self.stack.currentWidget() is self._note_editor:
            self._note_editor.show_saved(True)

    # -- showing ----------------------------------------------------------------------------

    def show_evidence(self, evidence: Evidence | None) -> None:
        """Show `evidence` (None: the placeholder). The same item again keeps its place."""
        if evidence is not None and self.evidence is not None and evidence.id == self.evidence.id:
            self.evidence = evidence
            self._show_heading(evidence)
            self.students.show_evidence(evidence)
            self.tags.show_evidence(evidence)
            if self.stack.currentWidget() is self._player:
                self._load_markers(evidence.id)  # markers may have been added
            if self._note_editor is not None and self._note_editor.evidence_id == evidence.id:
                self._note_editor.apply(evidence.note)  # changed elsewhere (a name replaced from the checklist)
            return
        self._let_go()
        self.evidence = evidence
        self.talk.show_evidence(evidence)
        self.tags.set_markers([])
        self.tags.show_evidence(evidence)
        self.students.show_evidence(evidence)
        if evidence is None:
            self.heading.clear()
            self.stack.setCurrentWidget(self.placeholder)
            return
        self._show_heading(evidence)
        if evidence.kind == EvidenceKind.NOTE:  # written here: its text is in the row too
            self.note_editor.load(evidence.id, evidence.note)
            self.stack.setCurrentWidget(self.note_editor)
            return
        path = self.ops.media_path(evidence)
        if path is not None and not path.exists():
            self._show_message(self.tr("The file of this evidence is missing from the library folder."))
            return
        if path is None:
            self.note.setPlainText(evidence.note)
            self.stack.setCurrentWidget(self.note)
        elif evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO):
            self._show_recording(evidence, path)
        elif evidence.kind == EvidenceKind.IMAGE:
            self.image.load(path, self.ops.thumbnail_path(evidence))
            self.stack.setCurrentWidget(self.image)
        elif evidence.kind == EvidenceKind.OBSERVATION:
            self._show_observation(evidence)
        elif evidence.media_type == "application/pdf" and have_pdf():
            self.pdf.load(path, evidence.original_name or f"{evidence.title}.pdf")
            self.stack.setCurrentWidget(self.pdf)
        else:
            self.file_info.show_file(evidence, path)
            self.stack.setCurrentWidget(self.file_info)

    def _show_observation(self, evidence: Evidence) -> None:
        """A coach's signed observation: its coded timeline (with the recording made while observing),
        the summary PDF it carried on a tab of its own."""
        self.observation.show_evidence(evidence)
        self.stack.setCurrentWidget(self.observation)

    def _show_recording(self, evidence: Evidence, path: Path) -> None:
        player = self.player
        player.load(path, has_picture=evidence.kind == EvidenceKind.VIDEO)
        self.stack.setCurrentWidget(player)
        self._load_markers(evidence.id)

    def _load_markers(self, evidence_id: str) -> None:
        player = self.player

        def show_markers(markers) -> None:
            if self.evidence is not None and self.evidence.id == evidence_id:
                player.set_markers(markers)
                self.tags.set_markers(markers)

        # A failure leaves the list empty: the recording itself still plays.
        list_markers(evidence_id).success(show_markers).failure(lambda _exc: None).run(self.ops, initiator=self)

    # -- tags -------------------------------------------------------------------------------

    def activate_tag(self, tag: Tag) -> None:
        """Show exactly what a tag points at: play its moment, or outline its region."""
        if self.evidence is None or tag.evidence_id != self.evidence.id:
            return
        self.tags.select_tag(tag.id)
        if tag.span is not None and self._observation is not None and self.stack.currentWidget() is self._observation:
            self._observation.play_range(tag.span.start_s, tag.span.end_s)
        elif tag.span is not None and self._player is not None:
            self._player.play_range(tag.span.start_s, tag.span.end_s)
        elif tag.region is not None:
            box = (tag.region.x, tag.region.y, tag.region.w, tag.region.h)
            if self.stack.currentWidget() is self._image and self._image is not None:
                self._image.show_region(box)
            elif self.stack.currentWidget() is self._pdf and self._pdf is not None:
                self._pdf.go_to(tag.region.page)
                from portfolio_app.ui.workspace.tag_dialog import RegionPreview

                RegionPreview.show_for(self, self.ops.media_path(self.evidence), self.evidence, tag)

    def _on_tags_loaded(self, found: list[Tag]) -> None:
        if self._player is not None and self.stack.currentWidget() is self._player:
            self._player.set_tag_ranges([(t.span.start_s, t.span.end_s) for t in found if t.span])
        if self._observation is not None and self.stack.currentWidget() is self._observation:
            self._observation.set_tag_ranges([(t.span.start_s, t.span.end_s) for t in found if t.span])
        if self._image is not None and self.stack.currentWidget() is self._image:
            self._image.set_regions([(t.region.x, t.region.y, t.region.w, t.region.h) for t in found if t.region])

    def _show_heading(self, evidence: Evidence) -> None:
        self.heading.setText(f"<b>{escape(evidence.title)}</b><br><small>{escape(description(evidence))}</small>")

    def _show_message(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    def _let_go(self) -> None:
        """Stop playback and close files of the item shown before; save a note's last words."""
        if self._note_editor is not None:
            self._note_editor.flush()
        self.placeholder.setText(self.tr("Choose evidence on the left to see it here."))
        if self._player is not None:
            self._player.clear()
        if self._image is not None:
            self._image.clear()
        if self._pdf is not None:
            self._pdf.clear()
        if self._observation is not None:
            self._observation.clear()
