"""Start-up opens the window and lists the library first; the rooms' reminders and counts read after that."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.profile import save_profile
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.operations import Operations

REPO = Path(__file__).resolve().parents[2]

# Runs the window as `python -m portfolio_app` does, under the start-up probe, and says what was
# loaded when the probe printed its ready line (the window shown, the library listed).
PROBE = r"""
import builtins, json, sys
import PySide6.QtCore as QtCore
import portfolio_app.ui.app as app

def ready_line(*args, **kwargs):
    builtins.print(*args, **kwargs)
    loaded = {"modules": sorted(sys.modules), "qt_namespace": "Qt" in vars(QtCore)}
    builtins.print("loaded " + json.dumps(loaded), flush=True)

app.print = ready_line
from portfolio_app.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

# What the first screen does not need: each came with a room, and each cost start-up time.
NOT_AT_START = (
    "portfolio_app.cli.portfolio_commands",  # any subcommand's module
    "portfolio_app.ui.privacy.retention",  # the Keeping Media… dialog (its reminder bar is light)
    "portfolio_app.ui.operations.names",  # name fixes, and with them the roster and privacy use cases
    "portfolio_app.services.roster",
    "portfolio_app.services.names",
    "portfolio_app.ui.trust.backup_dialog",
    "portfolio_app.ui.outbox.destination_dialog",
    "portfolio_app.ui.workspace.workspace_page",
    "cryptography",  # the backup reminder asks when the last backup was, it encrypts nothing
)


def test_the_window_is_ready_before_the_rooms_load_what_it_does_not_show(tmp_path):
    library = open_library(tmp_path / "lib")
    save_profile(library, "Maria Alvarez", "malvarez@district.org")
    create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science")
    library.close()
    env = {**os.environ, "PORTFOLIO_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "lib")], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    ready, loaded_line = done.stdout.strip().splitlines()[-2:]
    assert ready.startswith("ready ") and ready.split()[2] == "1"  # the library is listed
    loaded = json.loads(loaded_line.removeprefix("loaded "))
    assert [m for m in NOT_AT_START if m in loaded["modules"]] == []
    # Naming any Qt.* enum makes PySide6 build the whole Qt namespace (30-45 ms); the first screen never needs it.
    assert not loaded["qt_namespace"]


def test_delete_trashes_a_portfolio_only_from_the_sidebar(window):
    # set without naming the enum (see main_menus): the number must still mean the sidebar alone
    assert window.delete_action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    assert window.delete_action in window.tree.actions() and window.delete_action not in window.actions()


def test_the_reminders_and_the_outbox_read_once_the_library_is_listed(
    qtbot, library, settings, add_threaded_window, monkeypatch
):
    create_portfolio(library, "questioning-to-deepen-thinking", "Never backed up")
    asked: list[str] = []
    submit = Operations._submit

    def recorded(self, work, success, failure, initiator):
        asked.append(type(initiator).__name__)
        submit(self, work, success, failure, initiator)

    monkeypatch.setattr(Operations, "_submit", recorded)
    window = MainWindow(Operations(library), settings)  # threaded, as the app runs
    add_threaded_window(window)
    window.show()
    assert asked == ["MainWindow", "MainWindow"]  # the catalog and the library, nothing else yet

    qtbot.waitUntil(lambda: window.backup_reminder.isVisible())  # the reminders still come, by themselves
    assert window.tree.listed_portfolios() == 1
    assert set(asked[2:]) == {"BackupReminder", "RetentionReminder", "OutboxRoom"}
