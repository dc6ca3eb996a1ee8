"""Show a file in the system's file manager, selected where the platform allows it."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices


def show_in_folder(path: Path) -> None:
    """Open the folder holding `path` (Explorer and Finder select the file too)."""
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", [f"/select,{path}"])
    elif sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    else:  # file managers on Linux differ in how to select; the folder is what all can show
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
