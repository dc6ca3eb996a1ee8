"""The save dialog of Issue Badge… (the review window) and Issue a Badge… (the issuer's dialog): the forms a
badge is written in, the feedback with its badge first, and a name without an extension takes the chosen one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def save_badge_as(parent: QWidget, default: Path) -> Path | None:
    """Ask where to save the issued badge; None when the issuer cancels."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("SaveBadgeAs", text)

    forms = {  # the first is the one to send the teacher
        ".zip": tr("Feedback with its badge, for the teacher (*.zip)"),
        ".png": tr("Badge image (*.png)"),
        ".svg": tr("Badge image (*.svg)"),
        ".json": tr("Credential (*.json)"),
    }
    name, chosen = QFileDialog.getSaveFileName(
        parent, tr("Save the Feedback with Its Badge"), str(default), ";;".join(forms.values())
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in forms:  # the form the chosen filter names
        path = path.with_name(path.name + next((s for s, f in forms.items() if f == chosen), ".zip"))
    return path
