"""After an observation: the share of intervals (or bins) per collapsed category and per code as
bar charts, participation per student, and the notes in order."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QListWidget, QSizePolicy, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from portfolio_app.core.observation import ObservationRecord, clock_text
from portfolio_app.core.observation_summary import summarize
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
            painter.fillRect(QRectF(LABEL_W, y + 3, bar_w, ROW_H - 6), QColor("#eef1f5"))
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
        self.heading = QLabel()
        self.categories = ShareBars("#1e7a46")
        self.codes = ShareBars("#2f6db5")
        self.participation = QTableWidget(0, 3)
        self.participation.setHorizontalHeaderLabels([self.tr("Student"), self.tr("Times"), self.tr("Codes")])
        self.participation.setAccessibleName(self.tr("Participation per student"))
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("Notes in order"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.categories_title = QLabel(self.tr("<b>Collapsed categories</b>"))
        layout.addWidget(self.categories_title)
        layout.addWidget(self.categories)
        self.codes_title = QLabel()
        layout.addWidget(self.codes_title)
        layout.addWidget(self.codes)
        layout.addWidget(QLabel(self.tr("<b>Participation</b>")))
        layout.addWidget(self.participation)
        layout.addWidget(QLabel(self.tr("<b>Notes</b>")))
        layout.addWidget(self.notes)
        ops.changed.connect(self._on_ops_changed)
        self.reload()

    def reload(self) -> None:
        ops_observation.load(self.observation_id).success(self.show_record).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes, initiator) -> None:
        if changes.observations and initiator is not self:
            self.reload()

    def show_record(self, record: ObservationRecord) -> None:
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
