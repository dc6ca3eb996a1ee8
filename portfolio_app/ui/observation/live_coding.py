"""Live coding from the keyboard: each code's key logs it at the clock's moment, in continuous or
interval mode; Enter starts a note (its time is fixed by the first letter typed; Enter saves it);
Backspace takes back the last event; Space pauses and resumes. Every event is saved as it is made.

A key press is drawn at once (as pending) and replaced by the stored event when the database
worker has committed it; a refusal takes it off again and says why.
"""

from __future__ import annotations

import itertools
from collections import Counter

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.observation import Event, Mode, Observation, ObservationRecord, clock_text
from portfolio_app.core.scheme import CodeKind
from portfolio_app.ui.observation.clock import PausableClock
from portfolio_app.ui.observation.seating_chart import SeatingChart
from portfolio_app.ui.observation.timeline_lanes import LaneItem, TimelineLanes
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation

_pending_keys = itertools.count(-1, -1)
SYNC_MS = 1000  # the most a power cut may take back of what was coded


class LiveCoding(QWidget):
    """The coding screen of one observation."""

    failed = Signal(str)
    event_stored = Signal(object)  # the Event as the library has it

    def __init__(
        self, ops: Operations, observation: Observation, clock=None, parent=None, *, player: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        self.observation = observation
        self.scheme = observation.scheme
        self.clock = clock or PausableClock()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Coding %s") % observation.title)
        self._events: dict[int, Event] = {}
        self._counts: Counter[str] = Counter()  # kept per event, never recounted: a press costs the same at 2,000
        self._ticks: dict[tuple[int, str], int] = {}  # (interval, code) -> the tick's event id
        self._note_at: float | None = None

        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Clock"))
        self.timeline = TimelineLanes(self.scheme)
        # The keys and what each has counted: a table, so that its columns line up whatever the labels.
        self.counts = QTableWidget(len(self.scheme.codes), 4)
        self.counts.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Code"), self.tr("What"), self.tr("Count")])
        self.counts.verticalHeader().hide()
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts.setAccessibleName(self.tr("Counts per code"))
        self._count_items: dict[str, QTableWidgetItem] = {}
        for row, code in enumerate(self.scheme.codes):
            for column, text in enumerate((code.key, code.id, code.label)):
                self.counts.setItem(row, column, QTableWidgetItem(text))
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, code.id)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(row, 3, item)
            self._count_items[code.id] = item
        self.counts.resizeColumnsToContents()
        self.counts.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.counts.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)  # a list's rows
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Enter: write a note (its time is when you start typing)"))
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.note_edit.textEdited.connect(self._on_note_edit_text_edited)
        self.note_edit.installEventFilter(self)  # Enter saves, Esc drops; neither reaches the coding keys
        self.message = QLabel()
        self.student: str | None = None  # tapped on the seating chart: the next code is theirs
        self.seating: SeatingChart | None = None
        if observation.class_id is not None:
            self.seating = SeatingChart(ops, observation.id)
            self.seating.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.seating.student_selected.connect(self._on_seating_student_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{observation.title}</b> — {self.scheme.title} ({observation.mode})"))
        if player is not None:  # coding a recording: its position is the clock; a click on the lanes seeks it
            player.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(player, 2)
            self.timeline.moment_clicked.connect(self._on_timeline_moment_clicked)
        layout.addWidget(self.status)
        layout.addWidget(self.timeline)
        layout.addWidget(self.note_edit)
        if self.seating is not None:
            layout.addWidget(self.seating, 1)
        layout.addWidget(self.counts, 1)
        layout.addWidget(self.message)

        # Key presses commit without waiting for the disk; one flush a second covers them all, so
        # a power cut loses at most the last second (a killed app loses nothing either way).
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(SYNC_MS)
        self._sync_timer.timeout.connect(self._sync)
        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        ops_observation.load(observation.id).success(self._on_record_loaded).failure(self._on_op_failed).run(
            ops, initiator=self
        )
        self._refresh_counts()
        self._on_ticker_timeout()

    # -- the clock ----------------------------------------------------------------------------

    def start(self) -> None:
        self.clock.start()
        self._ticker.start()
        self._on_ticker_timeout()

    def toggle_pause(self) -> None:
        if self.clock.running:
            self.clock.pause()
            self._ticker.stop()
        else:
            self.start()
        self._on_ticker_timeout()

    def stop(self) -> None:
        """End the observation: the clock stops and its length is saved."""
        self.clock.pause()
        self._ticker.stop()
        self._sync()
        ops_observation.finish(self.observation.id, self.clock.seconds()).failure(self._on_op_failed).run(
            self.ops, initiator=self
        )

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._ticker.stop()  # the clock runs on; only its display rests while nobody sees it
        if self._sync_timer.isActive():
            self._sync()  # closing or leaving the screen: what was coded goes to the disk now
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.clock.running:
            self._ticker.start()

    def _on_ticker_timeout(self) -> None:
        now = self.clock.seconds()
        text = clock_text(now) if self.clock.running else self.tr("Paused at %s (Space resumes)") % clock_text(now)
        length = self.scheme.interval_seconds
        if self.observation.mode is Mode.INTERVAL and length:
            index = int(now // length)
            left = (index + 1) * length - now
            text += self.tr(" · interval %d, %d s left") % (index + 1, int(left))
        self.status.setText(text)
        self.timeline.set_now(now)

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key == Qt.Key.Key_Space:
            self.toggle_pause()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.note_edit.setFocus()
        elif key == Qt.Key.Key_Backspace:
            self.take_back()
        elif Qt.Key.Key_F1 <= key <= Qt.Key.Key_F12:
            self.press(f"F{key - Qt.Key.Key_F1 + 1}")
        elif event.text() and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.press(event.text())
        else:
            super().keyPressEvent(event)

    def press(self, key: str) -> None:
        """Log the code on `key` at the clock's moment (a key no code has does nothing)."""
        code = self.scheme.by_key(key)
        if code is None:
            return
        at = self.clock.seconds()
        interval = self.observation.mode is Mode.INTERVAL and self.scheme.interval_seconds
        if interval:
            index = int(at // interval)
            ticked = self._ticks.get((index, code.id))
            if ticked is not None:  # pressed again in the same interval: the tick comes off
                self.timeline.remove(ticked)
                self._forget(ticked)
                ops_observation.untick(self.observation.id, code.id, index).failure(self._on_op_failed).run(
                    self.ops, initiator=self
                )
                return
            pending = LaneItem(next(_pending_keys), code.id, index * interval, (index + 1) * interval, True, True)
        else:
            pending = LaneItem(next(_pending_keys), code.id, at, None, code.kind is CodeKind.STATE, True)
        self.timeline.put(pending)  # drawn now, in this frame; replaced when stored
        student, self.student = self.student, None
        if student is not None and self.seating is not None:
            self.seating.select(None)
        ops_observation.code(self.observation.id, code.id, at, student).success(
            lambda outcome, key=pending.key: self._on_coded(key, outcome)
        ).failure(lambda error, key=pending.key: self._on_code_failed(key, error)).run(self.ops, initiator=self)

    def _on_timeline_moment_clicked(self, seconds: float) -> None:
        if hasattr(self.clock, "seek"):
            self.clock.seek(seconds)
            self._on_ticker_timeout()

    def _on_seating_student_selected(self, student_id: str | None) -> None:
        self.student = student_id
        self.setFocus()  # the code key comes next

    def take_back(self) -> None:
        ops_observation.take_back(self.observation.id).success(self._on_taken_back).failure(self._on_op_failed).run(
            self.ops, initiator=self
        )

    # -- notes --------------------------------------------------------------------------------

    def _on_note_edit_text_edited(self, text: str) -> None:
        if text and self._note_at is None:
            self._note_at = self.clock.seconds()
        elif not text:
            self._note_at = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.note_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._save_note()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.note_edit.clear()
                self._note_at = None
                self.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _save_note(self) -> None:
        text = self.note_edit.text().strip()
        at = self._note_at if self._note_at is not None else self.clock.seconds()
        self.note_edit.clear()
        self._note_at = None
        self.setFocus()
        if text:
            self.timeline.add_note(at)
            ops_observation.note(self.observation.id, at, text).failure(self._on_op_failed).run(
                self.ops, initiator=self
            )

    # -- results ------------------------------------------------------------------------------

    def _on_record_loaded(self, record: ObservationRecord) -> None:
        self._events, self._counts, self._ticks = {}, Counter(), {}
        for event in record.events:
            self._keep(event)
        self.timeline.set_items([self._item(e) for e in record.events], [n.at_s for n in record.notes])
        self._refresh_counts()
        if self.seating is not None:
            self.seating.set_counts(Counter(e.student_id for e in record.events if e.student_id))

    def _sync(self) -> None:
        self._sync_timer.stop()
        ops_observation.sync_codes().failure(self._on_op_failed).run(self.ops, initiator=self)

    def _on_coded(self, pending_key: int, outcome) -> None:
        if not self._sync_timer.isActive():
            self._sync_timer.start()
        coded = outcome.value
        self.timeline.remove(pending_key)
        for closed in (*coded.closed, coded.event):
            self._keep(closed)
            self.timeline.put(self._item(closed))
        if coded.created and coded.event.student_id and self.seating is not None:
            self.seating.count(coded.event.student_id)
        self.event_stored.emit(coded.event)

    def _on_code_failed(self, pending_key: int, error: BaseException) -> None:
        self.timeline.remove(pending_key)
        self._on_op_failed(error)

    def _on_taken_back(self, outcome) -> None:
        event = outcome.value
        if event is None:
            self.message.setText(self.tr("Nothing to take back."))
            return
        self._forget(event.id)
        self.timeline.remove(event.id)
        self.message.setText(self.tr("Took back %s at %s.") % (event.code_id, clock_text(event.start_s)))

    def _on_op_failed(self, error: BaseException) -> None:
        self.message.setText(str(error))
        self.failed.emit(str(error))

    def _item(self, event: Event) -> LaneItem:
        code = self.scheme.code(event.code_id)
        return LaneItem(event.id, event.code_id, event.start_s, event.end_s, code.kind is CodeKind.STATE)

    def _keep(self, event: Event) -> None:
        """Hold a stored event (new, or a state now closed) and update its code's count."""
        if event.id not in self._events:
            self._counts[event.code_id] += 1
            self._show_count(event.code_id)
        self._events[event.id] = event
        if event.interval_index is not None:
            self._ticks[(event.interval_index, event.code_id)] = event.id

    def _forget(self, event_id: int) -> None:
        event = self._events.pop(event_id, None)
        if event is None:
            return
        self._counts[event.code_id] -= 1
        self._show_count(event.code_id)
        if event.interval_index is not None:
            self._ticks.pop((event.interval_index, event.code_id), None)

    def _show_count(self, code_id: str) -> None:
        self._count_items[code_id].setText(str(self._counts[code_id]))

    def _refresh_counts(self) -> None:
        for code in self.scheme.codes:
            self._show_count(code.id)

    def count_of(self, code_id: str) -> int:
        """How many events of a code this screen holds (what its count shows)."""
        return self._counts[code_id]
