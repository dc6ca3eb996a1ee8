import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from portfolio_app.services.profile import check_profile, get_profile
from portfolio_app.ui.dialogs import ProfileDialog

REPO = Path(__file__).resolve().parents[2]


def test_welcome_asks_for_a_valid_name_and_email(qtbot):
    dialog = ProfileDialog(check_profile, None, first_run=True)
    qtbot.addWidget(dialog)
    assert "Welcome" in dialog.windowTitle()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.name, "Maria Alvarez")
    qtbot.keyClicks(dialog.email, "maria-at-school")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog) and "email" in dialog.error.text()
    dialog.email.setText("malvarez@district.org")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_first_run_saves_the_profile(make_window, monkeypatch, library):
    window = make_window()

    def fill(dialog):
        dialog.name.setText("Sam Lee")
        dialog.email.setText("slee@school.org")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ProfileDialog, "exec", fill)
    window.ask_profile(None, first_run=True)
    assert get_profile(library).name == "Sam Lee"


def test_portfolio_without_arguments_opens_the_window(tmp_path):
    env = {**os.environ, "PORTFOLIO_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "portfolio_app", "--data-dir", str(tmp_path / "lib")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready ")
    assert (tmp_path / "lib" / "portfolio.db").is_file()
