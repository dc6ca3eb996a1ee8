"""After an observation: the share of intervals (or bins) per collapsed category and per code as
bar charts, participation per student, the notes in order, and every event and note in time order;
clicking one plays the recording made while observing at that moment."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.observation import ObservationRecord, clock_text
from portfolio_app.core.observation_summary import summarize
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation

ROW_H = 16
LABEL_W = 190


class ShareBars(QWidget):
    """Horizontal bars: a label, the share as a bar, and its percentage."""

    def __init__(self, colour: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.colour = QColor(colour)
        self.rows: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, float]]) -> None:
        self.rows = rows
        self.setMinimumHeight(ROW_H * len(rows) + 4)
        self.setAccessibleDescription("; ".join(f"{label}: {share * 100:.0f}%" for label, share in rows))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        bar_w = max(self.width() - LABEL_W - 50, 10)
        for index, (label, share) in enumerate(self.rows):
            y = 2 + index * ROW_H
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y, LABEL_W - 6, ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(QRectF(LABEL_W, y + 3, bar_w, ROW_H - 6), QColor(palette.BAR_TRACK))
            painter.fillRect(QRectF(LABEL_W, y + 3, bar_w * share, ROW_H - 6), self.colour)
            painter.drawText(
                QRectF(LABEL_W + bar_w + 4, y, 46, ROW_H), Qt.AlignmentFlag.AlignVCenter, f"{share * 100:.0f}%"
            )
        painter.end()


class SummaryView(QWidget):
    """The summary of one observation, loaded through the ops and refreshed when it changes."""

    def __init__(self, ops: Operations, observation_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.observation_id = observation_id
        self.record: ObservationRecord | None = None
        self.player = None  # a MediaPlayerView, made when the observation has a recording
        self._paths: dict[int, object] = {}  # recording id -> its file in the store
        self._stale = False
        self._loaded: int | None = None  # the recording in the player
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.categories = ShareBars(palette.CATEGORY_BAR)
        self.codes = ShareBars(palette.CODED)
        self.participation = QTableWidget(0, 3)
        self.participation.setHorizontalHeaderLabels([self.tr("Student"), self.tr("Times"), self.tr("Codes")])
        self.participation.setAccessibleName(self.tr("Participation per student"))
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("Notes in order"))
        self.moments = QListWidget()
        self.moments.setAccessibleName(self.tr("Events and notes in time order"))
        self.moments.setUniformItemSizes(True)  # an hour holds thousands: no measuring each row
        self._moment_times: list[float] = []
        self.moments.itemActivated.connect(self._on_moments_item_activated)
        self.moments.itemClicked.connect(self._on_moments_item_activated)
        self.recording_label = QLabel()
        self.recording_label.setWordWrap(True)
        self.talk_button = QPushButton(self.tr("Talk Time…"))
        self.talk_button.setToolTip(
            self.tr("Teacher talk, student talk, silence and the wait after your coded questions")
        )
        self.talk_button.clicked.connect(self._on_talk_button_clicked)
        self.talk_button.hide()  # shown when the observation keeps a recording
        self.talk_window = None  # the talk window open now (kept so it is not collected)
        charts = QVBoxLayout()
        charts.addWidget(self.heading)
        self.categories_title = QLabel(self.tr("<b>Collapsed categories</b>"))
        charts.addWidget(self.categories_title)
        charts.addWidget(self.categories)
        self.codes_title = QLabel()
        charts.addWidget(self.codes_title)
        charts.addWidget(self.codes)
        charts.addWidget(QLabel(self.tr("<b>Participation</b>")))
        charts.addWidget(self.participation)
        charts.addWidget(QLabel(self.tr("<b>Notes</b>")))
        charts.addWidget(self.notes)
        self.side = QVBoxLayout()
        self.side.addWidget(self.recording_label)
        self.side.addWidget(self.talk_button)
        self.side.addWidget(QLabel(self.tr("<b>Events and notes</b> (click one to play the recording there)")))
        self.side.addWidget(self.moments, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(charts, 3)
        layout.addLayout(self.side, 2)
        ops.changed.connect(self._on_ops_changed)
        self.reload()

    def reload(self) -> None:
        self._stale = False
        ops_observation.load(self.observation_id).success(self.show_record).run(self.ops, initiator=self)
        ops_observation.recordings(self.observation_id).success(self._on_recordings_loaded).run(
            self.ops, initiator=self
        )

    def _on_ops_changed(self, changes, initiator) -> None:
        if changes.observations and initiator is not self:
            if self.isVisible():
                self.reload()
            else:
                self._stale = True  # while hidden (coding goes on): read once when shown, not per key press

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def release(self) -> None:
        """Let go of the recording's file (before the view goes)."""
        if self.player is not None:
            self.player.clear()

    def show_record(self, record: ObservationRecord) -> None:
        self.record = record
        summary = summarize(record)
        unit = self.tr("intervals") if summary.units.kind == "interval" else self.tr("bins")
        self.heading.setText(
            self.tr("<b>%s</b> — %s; %s observed, %d events, %d notes")
            % (
                record.observation.title,
                record.scheme.title,
                clock_text(record.length_s()),
                len(record.events),
                len(record.notes),
            )
        )
        self.categories.set_rows([(f"{c.category.label} ({c.category.group})", c.share) for c in summary.categories])
        self.categories.setVisible(bool(summary.categories))
        self.categories_title.setVisible(bool(summary.categories))
        self.codes_title.setText(
            self.tr("<b>Share of %d %s of %g s per code</b>") % (summary.units.count, unit, summary.units.seconds)
        )
        self.codes.set_rows([(f"{c.code.id} {c.code.label}", c.share) for c in summary.codes])
        people = sorted(summary.participation.items(), key=lambda item: -sum(item[1].values()))
        self.participation.setRowCount(len(people))
        for row, (name, counts) in enumerate(people):
            kinds = ", ".join(f"{code} × {n}" for code, n in counts.most_common())
            for column, text in enumerate((name, str(sum(counts.values())), kinds)):
                self.participation.setItem(row, column, QTableWidgetItem(text))
        self.notes.clear()
        self.notes.addItems([f"{clock_text(n.at_s)}  {n.text}" for n in record.notes])
        self._show_moments(record)

    def _show_moments(self, record: ObservationRecord) -> None:
        labels = {c.id: c.label for c in record.scheme.codes}
        moments = [(e.start_s, f"{clock_text(e.start_s)}  {e.code_id}  {labels[e.code_id]}") for e in record.events]
        moments += [(n.at_s, f"{clock_text(n.at_s)}  ✎ {n.text}") for n in record.notes]
        moments.sort(key=lambda m: m[0])
        self.moments.clear()
        self._moment_times = [at for at, _text in moments]
        self.moments.addItems([text for _at, text in moments])

    def _on_recordings_loaded(self, found) -> None:
        self._paths = {recording.id: path for recording, path in found}
        self.talk_button.setVisible(bool(found))
        if not found:
            self.recording_label.setText(self.tr("No recording was made while observing."))
            return
        names = ", ".join(recording.name for recording, _path in found)
        self.recording_label.setText(self.tr("Recorded while observing: %s") % names)
        if self.player is None:
            from portfolio_app.ui.viewers.media_player import MediaPlayerView

            self.player = MediaPlayerView()
            self.player.setMinimumHeight(200)
            self.side.insertWidget(1, self.player, 2)

    def _on_talk_button_clicked(self) -> None:
        from portfolio_app.ui.talk.observation_talk_window import ObservationTalkWindow

        if self.player is not None:
            self.player.player.pause()  # one recording sounding at a time
        self.talk_window = ObservationTalkWindow(self.ops, self.observation_id, self)
        self.talk_window.show()

    def play_at(self, at_s: float) -> bool:
        """Play the recording that holds the moment `at_s` of the observation there; False if none does."""
        if self.record is None or self.player is None:
            return False
        found = self.record.recording_at(at_s)
        if found is None or found[0].id not in self._paths:
            return False
        recording, offset = found
        if self._loaded != recording.id:
            self.player.load(self._paths[recording.id], has_picture=recording.media_type.startswith("video/"))
            self._loaded = recording.id
        self.player.seek_to(int(offset * 1000))  # the player keeps it until a file still opening has opened
        self.player.player.play()
        return True

    def _on_moments_item_activated(self, item: QListWidgetItem) -> None:
        row = self.moments.row(item)
        if 0 <= row < len(self._moment_times):
            self.play_at(self._moment_times[row])
