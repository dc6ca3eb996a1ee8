"""Keeping Media… in the window: the reminder bar a week before, the rule set in the dialog, and removal."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from portfolio_app.core.changes import Changes
from portfolio_app.services import appearances, retention, roster
from portfolio_app.services.evidence import import_files
from portfolio_app.services.portfolios import create_portfolio
from tests import mediagen as gen


def test_reminder_and_removal(window, library, tmp_path, monkeypatch):
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Earned").value
    group = roster.create_class(library, "7A").value
    maya = roster.add_student(library, group.id, "Maya").value
    appearances.set_portfolio_class(library, portfolio.id, group.id)
    photo = import_files(library, portfolio.id, [gen.make_jpeg(tmp_path / "class.jpg")]).value.imported[0]
    appearances.set_students(library, photo.id, True, [maya.id])
    library.db.execute("UPDATE portfolios SET status = 'passed' WHERE id = ?", [portfolio.id])
    retention.set_policy(library, 5, "earned")
    window.ops.announce(Changes(privacy=True))
    reminder = window.retention_reminder
    assert reminder.isVisible() and "1 photo" in reminder.label.text()

    dialog = window.open_retention()
    assert dialog.limit.isChecked() and dialog.days.value() == 5 and dialog.items.count() == 1
    assert not dialog.remove_button.isEnabled()  # due in five days, not now
    dialog.days.setValue(0)
    dialog.save()
    assert retention.get_policy(library).days == 0 and dialog.remove_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    assert not library.store.has(photo.blob)
    assert [r.evidence_id for r in retention.removed_media(library)] == [photo.id]
    assert dialog.items.count() == 0 and not reminder.isVisible()
    dialog.close()
