"""Show a file in the system's file manager, or open it in the system's browser or viewer; where
none can be started, say so and show the path (selectable, to copy) instead of failing silently."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Folders", text)


def show_in_folder(path: Path, parent: QWidget | None = None) -> bool:
    """Open the folder holding `path` (Explorer and Finder select the file too); False, after
    telling the user where it is, when no file manager could be started."""
    if sys.platform == "win32":
        started = _started(QProcess.startDetached("explorer.exe", [f"/select,{path}"]))
    elif sys.platform == "darwin":
        started = _started(QProcess.startDetached("open", ["-R", str(path)]))
    else:  # file managers on Linux differ in how to select; the folder is what all can show
        started = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
    if not started:
        say_where(parent, _tr("No file manager could be opened on this computer. The file is here:"), path)
    return bool(started)


def open_in_browser(path: Path, parent: QWidget | None = None) -> bool:
    """Open a local file (an index.html) in the system's browser; False, after telling the user
    where it is, when none could be started."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    say_where(parent, _tr("No web browser could be opened on this computer. Open this file in one:"), path)
    return False


def say_where(parent: QWidget | None, text: str, path: Path) -> QMessageBox:
    """A message naming `path`, which can be selected and copied; it does not block the window."""
    box = QMessageBox(QMessageBox.Icon.Information, _tr("Could Not Open"), f"{text}\n\n{path}", parent=parent)
    box.setObjectName("couldNotOpen")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _started(result) -> bool:
    # PySide6's static QProcess.startDetached returns (started, pid)
    return bool(result[0] if isinstance(result, tuple) else result)


def open_file(path: Path, parent: QWidget | None = None) -> bool:
    """Open a file in the program the system has for it; False, after telling the user where it
    is, when none could be started."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    say_where(parent, _tr("No program could open this file on this computer. It is here:"), path)
    return False
