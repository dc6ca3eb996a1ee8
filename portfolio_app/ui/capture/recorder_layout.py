"""The recorder's layout: preview, status row, big controls, devices and marked moments.

Built on the dialog by name (the dialog and the tests use the widgets as its attributes); kept
apart so the dialog's module holds what it does, not how it is laid out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.ui import palette

RED = palette.WARNING  # the recording colour

if TYPE_CHECKING:
    from portfolio_app.ui.capture.recorder import RecorderDialog


def build(self: RecorderDialog) -> None:
    """Lay out the recorder's preview, status row, controls, devices and marked moments on `self`."""
    self.preview = QVideoWidget()
    self.preview.setAccessibleName(self.tr("Camera preview"))
    self.preview.setMinimumSize(480, 270)
    self.preview_message = QLabel()
    self.preview_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
    self.preview_message.setWordWrap(True)
    self.preview_message.setMargin(32)
    self.preview_message.setStyleSheet(
        f"background: {palette.PREVIEW_BACKGROUND}; color: {palette.PREVIEW_TEXT}; font-size: 15px;"
    )
    self.preview_message.setAccessibleName(self.tr("Camera status"))
    self.preview_stack = QStackedWidget()
    self.preview_stack.addWidget(self.preview)
    self.preview_stack.addWidget(self.preview_message)

    self.status_badge = QLabel()
    self.status_badge.setAccessibleName(self.tr("Recording status"))
    self.status_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
    self.status_badge.setMinimumWidth(100)  # the row does not jump when REC turns to PAUSED
    self.elapsed_label = QLabel("00:00")
    self.elapsed_label.setAccessibleName(self.tr("Time recorded"))
    clock_font = QFont(self.font())
    clock_font.setPointSizeF(clock_font.pointSizeF() * 1.8)
    clock_font.setStyleHint(QFont.StyleHint.Monospace)
    clock_font.setFamily("monospace")
    self.elapsed_label.setFont(clock_font)
    self.level_meter = QProgressBar()
    self.level_meter.setRange(0, 100)
    self.level_meter.setTextVisible(False)
    self.level_meter.setFixedHeight(10)
    self.level_meter.setAccessibleName(self.tr("Microphone level"))
    self.level_meter.setToolTip(self.tr("How loud the microphone hears the room"))
    self.level_meter.setStyleSheet(palette.level_meter_style())
    self.photo_button = button(
        self.tr("Take &Photo"), self.tr("Take photo"), self.tr("Photograph student work held up to the camera"), 0
    )
    meter_box = QVBoxLayout()
    meter_box.setSpacing(2)
    sound = QLabel(self.tr("Sound"))
    sound.setEnabled(False)
    meter_box.addWidget(sound)
    meter_box.addWidget(self.level_meter)
    status_row = QHBoxLayout()
    status_row.addWidget(self.status_badge)
    status_row.addWidget(self.elapsed_label)
    status_row.addSpacing(16)
    status_row.addLayout(meter_box, 1)
    status_row.addSpacing(16)
    status_row.addWidget(self.photo_button)

    self.start_button = button(
        self.tr("●  Start Recording"), self.tr("Start recording"), self.tr("Start recording (Ctrl+R)")
    )
    self.start_button.setStyleSheet(palette.big_button_style(RED, palette.RECORD_DISABLED))
    self.stop_button = button(
        self.tr("■  Stop and Save"), self.tr("Stop and save the recording"), self.tr("Stop and save (Ctrl+R)")
    )
    self.stop_button.setStyleSheet(palette.big_button_style(palette.DARK_BUTTON))
    self.pause_button = button(
        self.tr("Pause"),
        self.tr("Pause or resume the recording"),
        self.tr("Pause or resume (Ctrl+P): paused time is not recorded"),
    )
    self.mark_button = button(
        self.tr("Mark Moment"), self.tr("Mark this moment"), self.tr("Mark this moment of the recording (M)")
    )
    self.close_button = button(self.tr("Close"), self.tr("Close the recorder"), "", 0)
    controls = QHBoxLayout()
    controls.addWidget(self.start_button)
    controls.addWidget(self.stop_button)
    controls.addWidget(self.pause_button)
    controls.addWidget(self.mark_button)
    controls.addStretch(1)
    controls.addWidget(self.close_button)

    self.error_label = QLabel()
    self.error_label.setWordWrap(True)
    self.error_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
    self.error_label.setAccessibleName(self.tr("Problem"))
    self.error_label.hide()
    self.status_label = QLabel()
    self.status_label.setWordWrap(True)
    self.status_label.setAccessibleName(self.tr("Recorder messages"))

    self.header = QLabel()
    self.header.setWordWrap(True)
    self.header.setAccessibleName(self.tr("Where recordings go"))
    left = QVBoxLayout()
    left.addWidget(self.header)
    left.addWidget(self.preview_stack, 1)
    left.addLayout(status_row)
    left.addWidget(self.error_label)
    left.addWidget(self.status_label)

    self.camera_combo = QComboBox()
    self.camera_combo.setAccessibleName(self.tr("Camera"))
    self.microphone_combo = QComboBox()
    self.microphone_combo.setAccessibleName(self.tr("Microphone"))
    self.audio_only_check = QCheckBox(self.tr("&Sound only (no video)"))
    self.audio_only_check.setAccessibleName(self.tr("Record sound only"))
    self.device_notice = QLabel()
    self.device_notice.setWordWrap(True)
    self.device_notice.setAccessibleName(self.tr("Device notice"))
    self.device_notice.hide()
    devices = QGroupBox(self.tr("Devices"))
    form = QFormLayout(devices)
    form.addRow(self.tr("&Camera:"), self.camera_combo)
    form.addRow(self.tr("&Microphone:"), self.microphone_combo)
    form.addRow(self.audio_only_check)
    form.addRow(self.device_notice)

    self.marker_table = QTableWidget(0, 2)
    self.marker_table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Label")])
    self.marker_table.setAccessibleName(self.tr("Marked moments"))
    self.marker_table.verticalHeader().hide()
    self.marker_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    self.marker_table.horizontalHeader().setStretchLastSection(True)
    self.marker_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    hint = QLabel(self.tr("Press M while recording to mark a moment to come back to. Double-click it to label it."))
    hint.setWordWrap(True)
    hint.setEnabled(False)
    markers = QGroupBox(self.tr("Marked Moments"))
    marker_layout = QVBoxLayout(markers)
    marker_layout.addWidget(self.marker_table, 1)
    marker_layout.addWidget(hint)

    right = QVBoxLayout()
    right.addWidget(devices)
    right.addWidget(markers, 1)
    side = QWidget()
    side.setLayout(right)
    side.setFixedWidth(290)

    body = QHBoxLayout()
    body.addLayout(left, 1)
    body.addWidget(side)
    layout = QVBoxLayout(self)
    layout.addLayout(body, 1)
    layout.addLayout(controls)

    self.record_shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
    self.pause_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
    self.mark_shortcut = QShortcut(QKeySequence(Qt.Key.Key_M), self)


def button(text: str, accessible: str, tip: str, height: int = 44) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.setToolTip(tip)
    button.setAutoDefault(False)  # Return belongs to the marker label being typed
    button.setMinimumHeight(height)
    return button
