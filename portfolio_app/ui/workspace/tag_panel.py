"""Under the viewer: which requirement the item fulfils, and its tags.

Tags are made here ("Tag…", T in the player, Ctrl+T), edited, deleted (all undoable) and
activated: a recording plays the tagged moment, a photo or page outlines the tagged region.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.portfolio import MARKER_LEAD_S, MARKER_TAIL_S, Evidence, Marker, Tag, TimeRange
from portfolio_app.core.text import clock
from portfolio_app.ui.operations import Failure, Operations
from portfolio_app.ui.operations import tag as tag_ops
from portfolio_app.ui.workspace.tag_dialog import TagDialog, criterion_label

_TAG_ROLE = Qt.ItemDataRole.UserRole


def tag_place(tag: Tag, paged: bool = False) -> str:
    """Where a tag points, in a few words: "1:05–1:32", "region", "region, page 2", "whole item"."""
    if tag.span is not None:
        return f"{clock(tag.span.start_s)}–{clock(tag.span.end_s)}"
    if tag.region is not None:
        return _tr("region, page {page}").format(page=tag.region.page + 1) if paged else _tr("region")
    return _tr("whole item")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TagPanel", text)


class TagPanel(QWidget):
    tag_activated = Signal(object)  # Tag
    tags_loaded = Signal(object)  # list[Tag] of the item shown

    def __init__(
        self,
        ops: Operations,
        undo_stack: QUndoStack,
        on_error: Failure,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self.undo_stack = undo_stack
        ops.changed.connect(self._on_ops_changed)
        self.on_error = on_error
        self.credential: Credential | None = None
        self.evidence: Evidence | None = None
        self.markers: list[Marker] = []
        self.tags: list[Tag] = []
        self.current_page: Callable[[], int] = lambda: 0
        self._pending_tag: str | None = None  # to show once the item's tags are loaded

        self.requirement = QComboBox()
        self.requirement.setAccessibleName(self.tr("Part 2 requirement this evidence fulfils"))
        self.requirement.setToolTip(self.tr("Only evidence linked to a requirement goes into the submission"))
        self.requirement.activated.connect(self._on_requirement_activated)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Tags of this evidence"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMaximumHeight(130)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.currentItemChanged.connect(lambda *_: self._update_actions())
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)

        self.add_action = self._action(
            self.tr("Tag…"), ["Ctrl+T"], self.add_tag, self.tr("Tag this evidence for a criterion")
        )
        # Ctrl+E is the window's Export; Edit takes Ctrl+Shift+E so that neither key is ambiguous
        self.edit_action = self._action(self.tr("Edit…"), ["Ctrl+Shift+E"], self.edit_tag)
        self.delete_action = self._action(self.tr("Delete Tag"), [], self.delete_tag)
        self.markers_action = self._action(
            self.tr("Tag Markers…"), [], self.tag_markers, self.tr("Turn the markers made while recording into tags")
        )
        self.list.addAction(self.delete_action)
        self.delete_action.setShortcuts([QKeySequence.StandardKey.Delete])
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Submitted as:")))
        top.addWidget(self.requirement, 1)
        buttons = QHBoxLayout()
        label = QLabel(self.tr("<b>Tags</b>"))
        buttons.addWidget(label)
        buttons.addStretch(1)
        for action in (self.add_action, self.edit_action, self.delete_action, self.markers_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(action.text())
            buttons.addWidget(button)
        self.markers_button = button  # shown only for recordings with markers
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.show_evidence(None)

    def _action(self, text: str, keys: list, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def eventFilter(self, watched, event) -> bool:
        overriding = watched is self.list and event.type() == QEvent.Type.ShortcutOverride
        if overriding and event.matches(QKeySequence.StandardKey.Delete):
            event.accept()  # Delete here deletes the tag, not the evidence or the portfolio
            return True
        return super().eventFilter(watched, event)

    # -- what is shown ----------------------------------------------------------------------

    def set_credential(self, credential: Credential) -> None:
        self.credential = credential
        self.show_evidence(self.evidence)

    def show_evidence(self, evidence: Evidence | None) -> None:
        self.evidence = evidence
        self.setVisible(evidence is not None)
        self._fill_requirements()
        self.reload()

    def reload(self) -> None:
        evidence = self.evidence
        if evidence is None:
            self._show_tags([])
            return

        def loaded(found) -> None:
            if self.evidence is not None and self.evidence.id == evidence.id:
                self._show_tags(found)

        tag_ops.tags_for_evidence(evidence.id).success(loaded).failure(lambda _exc: None).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.tags and self.evidence is not None:
            self.reload()

    def set_markers(self, markers: list[Marker]) -> None:
        self.markers = markers
        self._update_actions()

    def _fill_requirements(self) -> None:
        self.requirement.clear()
        self.requirement.addItem(self.tr("Not in the submission"), None)
        if self.credential is not None:
            for requirement in self.credential.work_examples.requirements:
                self.requirement.addItem(requirement.title, requirement.id)
        if self.evidence is not None:
            self.requirement.setCurrentIndex(max(0, self.requirement.findData(self.evidence.requirement_id)))

    def _show_tags(self, found: list[Tag]) -> None:
        selected = self.selected_tag()
        self.tags = found
        self.list.clear()
        for tag in found:
            title = criterion_label(self.credential, tag.criterion_id) if self.credential else tag.criterion_id
            paged = self.evidence is not None and self.evidence.kind == EvidenceKind.DOCUMENT
            text = f"{title} — {tag_place(tag, paged)}" + (f" · {tag.note}" if tag.note else "")
            item = QListWidgetItem(text)
            item.setToolTip(tag.note or title)
            item.setData(_TAG_ROLE, tag)
            self.list.addItem(item)
            if selected is not None and tag.id == selected.id:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(found))
        timed = self.evidence is not None and self.evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO)
        if timed:
            hint = self.tr("No tags yet. Mark a moment with I and O (or Shift+drag the timeline), then press T.")
        elif self.evidence is not None and self.evidence.kind == EvidenceKind.OBSERVATION:
            hint = self.tr("No tags yet. Click the lanes at a moment, then choose Tag This Moment….")
        elif self.evidence is not None and self.evidence.kind == EvidenceKind.NOTE:
            hint = self.tr("No tags yet. Choose Tag… to offer this note as evidence of a criterion.")
        else:
            hint = self.tr("No tags yet. Choose Tag… and drag across the part that shows a criterion.")
        self.empty.setText(hint)
        self.empty.setVisible(not found and self.evidence is not None)
        self._update_actions()
        self.tags_loaded.emit(found)
        pending, self._pending_tag = self._pending_tag, None
        if pending is not None and any(t.id == pending for t in found):
            self.reveal(pending)

    def reveal(self, tag_id: str) -> None:
        """Select a tag and show what it points at, now or once the item's tags are loaded."""
        for tag in self.tags:
            if tag.id == tag_id and self.evidence is not None and tag.evidence_id == self.evidence.id:
                self.select_tag(tag_id)
                self.tag_activated.emit(tag)
                return
        self._pending_tag = tag_id

    def selected_tag(self) -> Tag | None:
        item = self.list.currentItem()
        return item.data(_TAG_ROLE) if item is not None else None

    def select_tag(self, tag_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_TAG_ROLE).id == tag_id:
                self.list.setCurrentRow(row)
                return

    def _update_actions(self) -> None:
        usable = self.evidence is not None and self.credential is not None
        self.add_action.setEnabled(usable)
        self.edit_action.setEnabled(usable and self.selected_tag() is not None)
        self.delete_action.setEnabled(self.selected_tag() is not None)
        self.markers_action.setEnabled(bool(self.markers))
        self.markers_button.setVisible(bool(self.markers))

    # -- making and changing tags -----------------------------------------------------------

    def add_tag(self, span: TimeRange | None = None) -> None:
        evidence, credential = self.evidence, self.credential
        if evidence is None or credential is None or not self.add_action.isEnabled():
            return
        dialog = TagDialog(evidence, credential, self._path(), span=span, page=self.current_page(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.undo_stack.push(
            tag_ops.add_tag_command(
                self.ops,
                evidence.id,
                dialog.criterion_id(),
                span=dialog.span(),
                region=dialog.region(),
                note=dialog.note_text(),
                criterion_title=criterion_label(credential, dialog.criterion_id()),
                on_error=self.on_error,
            )
        )

    def edit_tag(self) -> None:
        tag, evidence, credential = self.selected_tag(), self.evidence, self.credential
        if tag is None or evidence is None or credential is None:
            return
        dialog = TagDialog(evidence, credential, self._path(), existing=tag, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new = Tag(
            tag.id,
            tag.evidence_id,
            dialog.criterion_id(),
            tag.created_at,
            dialog.span(),
            dialog.region(),
            dialog.note_text(),
        )
        if new != tag:
            self.undo_stack.push(tag_ops.edit_tag_command(self.ops, tag, new, self.on_error))

    def delete_tag(self) -> None:
        tag = self.selected_tag()
        if tag is not None:
            self.undo_stack.push(tag_ops.delete_tag_command(self.ops, tag.id, self.on_error))

    def tag_markers(self) -> None:
        evidence, credential = self.evidence, self.credential
        if evidence is None or credential is None or not self.markers:
            return
        dialog = MarkersDialog(self.markers, credential, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            self.undo_stack.push(
                tag_ops.tag_markers_command(
                    self.ops, evidence.id, dialog.criterion_id(), dialog.chosen(), self.on_error
                )
            )

    def _path(self):
        # a note is tagged as a whole: the dialog shows no picture to draw a region on
        if self.evidence is None or self.evidence.kind == EvidenceKind.NOTE:
            return None
        return self.ops.media_path(self.evidence)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.tag_activated.emit(item.data(_TAG_ROLE))

    def _on_requirement_activated(self, _index: int) -> None:
        evidence = self.evidence
        if evidence is None:
            return
        chosen = self.requirement.currentData()
        if chosen == evidence.requirement_id:
            return
        text = (
            self.tr("Submit “{title}” as {requirement}").format(
                title=evidence.title, requirement=self.requirement.currentText()
            )
            if chosen
            else self.tr("Leave “{title}” out of the submission").format(title=evidence.title)
        )
        self.undo_stack.push(tag_ops.link_requirement_command(self.ops, [evidence.id], chosen, text, self.on_error))


class MarkersDialog(QDialog):
    """Choose markers and the criterion they show; each becomes a tag around its moment."""

    def __init__(self, markers: list[Marker], credential: Credential, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tag Markers"))
        self.criterion = QComboBox()
        self.criterion.setAccessibleName(self.tr("Rubric criterion"))
        for criterion in credential.criteria:
            self.criterion.addItem(criterion.title, criterion.id)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Markers"))
        for marker in markers:
            item = QListWidgetItem(f"{clock(marker.at_s)}  {marker.label or self.tr('Marker')}")
            item.setData(_TAG_ROLE, marker.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        hint = QLabel(
            self.tr("Each marker becomes a tag from {lead} s before it to {tail} s after it; adjust any later.").format(
                lead=round(MARKER_LEAD_S), tail=round(MARKER_TAIL_S)
            )
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Make Tags"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Criterion:")))
        layout.addWidget(self.criterion)
        layout.addWidget(self.list)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def criterion_id(self) -> str:
        return self.criterion.currentData()

    def chosen(self) -> list[str]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [item.data(_TAG_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked]
