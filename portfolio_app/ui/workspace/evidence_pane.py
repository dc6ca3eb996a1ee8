"""The Evidence tab: the portfolio's evidence as a list of thumbnails, the selected item beside it.

Evidence comes in by Import… (files or a folder), by dropping files or folders here, or by
recording. Rename and delete go on the window's undo stack.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import evidence as evidence_ops
from portfolio_app.ui.operations.importing import EvidenceImport
from portfolio_app.ui.operations.notes import new_note_command
from portfolio_app.ui.privacy.students_dialog import SHOWS_PEOPLE, EvidenceStudents
from portfolio_app.ui.workspace.evidence_edits import EvidenceEdits
from portfolio_app.ui.workspace.evidence_importing import EvidenceImporting
from portfolio_app.ui.workspace.evidence_model import THUMBNAIL_SIZE, EvidenceListModel
from portfolio_app.ui.workspace.evidence_viewer import EvidenceViewer
from portfolio_app.ui.workspace.import_progress import ImportProgressPanel, ImportSummaryDialog

FLUSH_MS = 150  # imported rows reach the list at most this often


class EvidenceListView(QListView):
    """The list; Delete here deletes the selected evidence (not the portfolio, as elsewhere)."""

    delete_pressed = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Delete):
            event.accept()  # take the key from the window's Delete Portfolio shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class EvidencePane(EvidenceImporting, QWidget):
    status_reported = Signal(str)
    failed = Signal(object)  # an error to show
    import_finished = Signal(object)  # ImportSummary

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.undo_stack = undo_stack
        self.portfolio_id: str | None = None
        self.importer: EvidenceImport | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        self._queued_imports: list[tuple[str, list[Path]]] = []
        self._arrived: list[Evidence] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush_arrived)
        self.setAcceptDrops(True)

        self.model = EvidenceListModel(ops.thumbnail_path, self)
        self.list = EvidenceListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Evidence"))
        self.list.setIconSize(THUMBNAIL_SIZE)
        self.list.setUniformItemSizes(True)  # 1,000 rows lay out without measuring each
        self.list.setSpacing(2)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu_requested)
        self.list.delete_pressed.connect(self.delete_selected)
        self.list.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self.model.modelReset.connect(self._update_empty_state)
        self.model.rowsInserted.connect(self._update_empty_state)

        self._select_after_reload: str | None = None
        self._write_after_reload: str | None = None
        self._build_actions()
        self.edits = EvidenceEdits(ops, self, self.selected, self._on_edit_made, self.failed.emit, undo_stack)
        self.edits.menu.addSeparator()
        self.edits.menu.addAction(self.students_action)
        self.people = EvidenceStudents(ops, undo_stack, self, self.failed.emit)
        self.empty_state = QLabel(
            self.tr(
                "<p><b>No evidence yet.</b></p><p>Import files, drop them here, or record.</p>"
                "<p>Videos, audio, photos, PDFs and office documents can all be evidence.</p>"
            )
        )
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.empty_state.setAccessibleName(self.tr("No evidence yet"))
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.empty_state)
        self.list_stack.addWidget(self.list)
        self.progress = ImportProgressPanel()
        self.progress.cancel_requested.connect(self._on_progress_cancel_requested)
        self.progress.hide()
        self.viewer = EvidenceViewer(ops, self.failed.emit, undo_stack)
        self.viewer.students.edit_requested.connect(self.students_action.trigger)
        # Tag… (Ctrl+T) is live wherever an item is in front of the teacher: the list, the photo,
        # the page, the player, not only the tag panel
        self.addAction(self.viewer.tags.add_action)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tool_actions = (self.import_action, self.record_action, self.new_note_action, self.rename_action)
        for action in (*tool_actions, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            if action is self.import_action:
                button.setMenu(self.import_menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
                self.import_button = button
            tools.addWidget(button)
        edit_button = QToolButton()
        edit_button.setText(self.tr("Edit"))
        edit_button.setAccessibleName(self.tr("Edit"))
        edit_button.setMenu(self.edits.menu)
        edit_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tools.addWidget(edit_button)
        tools.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.list_stack, 1)
        self.splitter = QSplitter()
        self.splitter.setObjectName("evidenceSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.viewer)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.splitter)
        self._update_empty_state()
        self._update_actions()
        ops.changed.connect(self._on_ops_changed)

    def _build_actions(self) -> None:
        def action(text: str, slot, tip: str = "") -> QAction:
            made = QAction(text, self)
            made.setToolTip(tip or text.replace("&", ""))
            made.triggered.connect(slot)
            return made

        self.import_action = action(
            self.tr("&Import…"), self.choose_files, self.tr("Add videos, audio, photos or documents")
        )
        self.import_folder_action = action(
            self.tr("Import &Folder…"), self.choose_folder, self.tr("Add every usable file in a folder")
        )
        self.import_menu = QMenu(self)
        self.import_menu.addActions([self.import_action, self.import_folder_action])
        self.record_action = action(
            self.tr("&Record…"), self._on_record_triggered, self.tr("Record video or sound, or photograph student work")
        )
        self.new_note_action = action(
            self.tr("New &Note…"), self.new_note, self.tr("Write a note as evidence: a plan, a reflection, a log")
        )
        self.rename_action = action(self.tr("Re&name…"), self.rename_selected, self.tr("Rename the selected evidence"))
        self.delete_action = action(
            self.tr("&Delete"), self.delete_selected, self.tr("Take the selected evidence out (Undo brings it back)")
        )
        self.open_externally_action = action(self.tr("Open with the System &Viewer"), self._on_open_externally)
        self.students_action = action(
            self.tr("&Students…"), self.edit_students, self.tr("Say which students appear in the selected evidence")
        )

    # -- which portfolio --------------------------------------------------------------------

    def show_portfolio(self, portfolio_id: str) -> None:
        if portfolio_id == self.portfolio_id:
            return
        self.portfolio_id = portfolio_id
        self._arrived.clear()
        self.model.set_evidence([])
        self.viewer.show_evidence(None)
        self.reload()

    def reload(self) -> None:
        """Read the portfolio's evidence again (after a delete, rename or restore)."""
        portfolio_id = self.portfolio_id
        if portfolio_id is None:
            return

        def show(items: list[Evidence]) -> None:
            if portfolio_id == self.portfolio_id:
                self._show_evidence(items)

        evidence_ops.list_evidence(portfolio_id).success(show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, initiator: object) -> None:
        # An import adds its rows as they arrive; anything else that touched evidence reloads the list.
        if changes.evidence and not isinstance(initiator, EvidenceImport):
            self.reload()

    def _show_evidence(self, items: list[Evidence]) -> None:
        current = self.selected()
        row = self.list.currentIndex().row()
        self.model.set_evidence(items)
        wanted, self._select_after_reload = self._select_after_reload, None
        if wanted is not None and self.model.index_of(wanted).isValid():
            self.select(wanted)
            if self._write_after_reload == wanted:  # a new note: the cursor goes where its text is typed
                self.viewer.note_editor.text.setFocus(Qt.FocusReason.OtherFocusReason)
        elif current is not None and self.model.index_of(current.id).isValid():
            self.select(current.id)
        elif items and row >= 0:  # the selected item went: its neighbour takes its place
            self.select(items[min(row, len(items) - 1)].id)
        else:
            self.viewer.show_evidence(None)
        self._update_actions()

    def selected(self) -> Evidence | None:
        index = self.list.currentIndex()
        return self.model.evidence(index.row()) if index.isValid() else None

    def reveal(self, evidence_id: str, tag_id: str | None = None) -> None:
        """Select evidence (once the list has it) and, given a tag, show what the tag points at."""
        if tag_id is not None:
            self.viewer.tags.reveal(tag_id)
        if self.model.index_of(evidence_id).isValid():
            self.select(evidence_id)
            self.list.setFocus()
        else:
            self._select_after_reload = evidence_id

    def reveal_requirement(self, requirement_id: str) -> None:
        """Select the first item linked to a requirement; with none, offer to import."""
        for row in range(self.model.rowCount()):
            if self.model.evidence(row).requirement_id == requirement_id:
                self.select(self.model.evidence(row).id)
                return
        self.status_reported.emit(self.tr("Import or record the evidence, then choose it under “Submitted as”."))

    def select(self, evidence_id: str) -> None:
        index = self.model.index_of(evidence_id)
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.list.selectionModel().setCurrentIndex(index, flags)
            self.list.scrollTo(index)
            self.viewer.show_evidence(self.model.evidence(index.row()))

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.viewer.show_evidence(self.model.evidence(current.row()) if current.isValid() else None)
        self._update_actions()

    def _update_empty_state(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.list_stack.setCurrentWidget(self.list if has_rows else self.empty_state)

    def _update_actions(self) -> None:
        has = self.selected() is not None
        for action in (self.rename_action, self.delete_action):
            action.setEnabled(has)
        # a note is read and written here; the system's viewer is for files made elsewhere
        self.open_externally_action.setEnabled(has and self.selected().kind != EvidenceKind.NOTE)
        self.students_action.setEnabled(has and self.selected().kind in SHOWS_PEOPLE)
        for action in (self.import_action, self.import_folder_action, self.record_action, self.new_note_action):
            action.setEnabled(self.portfolio_id is not None)
        self.edits.update_actions()

    # -- recording --------------------------------------------------------------------------

    def _on_record_triggered(self) -> None:
        from portfolio_app.ui.capture.recorder import RecorderDialog

        if self.portfolio_id is None:
            return
        dialog = RecorderDialog(self.ops, self.portfolio_id, self)
        dialog.recording_added.connect(self._on_edit_made)
        dialog.photo_added.connect(self._on_edit_made)
        dialog.exec()

    def _on_edit_made(self, evidence_id: str) -> None:
        """New evidence from an edit or a recording: show it once the list has reloaded."""
        self._select_after_reload = evidence_id
        self.reload()

    # -- rename, delete ---------------------------------------------------------------------

    def rename_selected(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        evidence = self.selected()
        if evidence is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Rename Evidence"), self.tr("New title:"), text=evidence.title)
        if not ok or title.strip() == evidence.title:
            return
        if not title.strip():
            self.failed.emit(PortfolioError(self.tr("Evidence needs a title, e.g. “Lesson video, 12 March”.")))
            return
        self.undo_stack.push(
            evidence_ops.rename_evidence_command(self.ops, evidence.id, evidence.title, title, self.failed.emit)
        )

    def new_note(self) -> None:
        """New Note…: ask its title, add it (undoable), show it with the cursor in its text."""
        from PySide6.QtWidgets import QInputDialog

        portfolio_id = self.portfolio_id
        if portfolio_id is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("New Note"), self.tr("Title of the note (e.g. “Reflection after the reteach lesson”):")
        )
        if not ok:
            return
        if not title.strip():
            self.failed.emit(PortfolioError(self.tr("A note needs a title, e.g. “Reflection after the lesson”.")))
            return

        def made(note: Evidence) -> None:
            self._select_after_reload = self._write_after_reload = note.id

        self.undo_stack.push(new_note_command(self.ops, portfolio_id, title, made, self.failed.emit))

    def delete_selected(self) -> None:
        evidence = self.selected()
        if evidence is None:
            return
        self.undo_stack.push(
            evidence_ops.delete_evidence_command(self.ops, evidence.id, evidence.title, self.failed.emit)
        )
        self.status_reported.emit(self.tr("“{title}” was deleted. Undo brings it back.").format(title=evidence.title))

    def edit_students(self) -> None:
        """The Students… dialog of the selected item."""
        evidence = self.selected()
        if evidence is not None:
            self.people.edit(evidence)

    def _on_open_externally(self) -> None:
        evidence = self.selected()
        if evidence is not None and evidence.blob:
            stored = self.ops.media_path(evidence)
            self.viewer.opener.open(stored, evidence.original_name or evidence.title)

    def _on_list_context_menu_requested(self, pos) -> None:
        index = self.list.indexAt(pos)
        if index.isValid():
            self.list.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addActions([self.rename_action, self.delete_action])
        menu.addSeparator()
        menu.addActions([self.students_action, self.open_externally_action])
        menu.addMenu(self.edits.menu)
        menu.addSeparator()
        menu.addActions([self.import_action, self.import_folder_action, self.record_action])
        menu.popup(self.list.viewport().mapToGlobal(pos))
