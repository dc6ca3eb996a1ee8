"""The hygiene fixtures themselves: a test that leaves work running, or meets a modal message box it did
not expect, fails instead of hanging (run in a child pytest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

LEAKY = """
from PySide6.QtCore import QTimer
from portfolio_app.ui.operations import LibraryOp, Operations


def test_leaves_a_timer(qapp):
    timer = QTimer(qapp)
    timer.start(10_000)


def test_leaves_a_worker_busy(qapp, library):
    import threading

    gate = threading.Event()
    ops = Operations(library, qapp)  # kept alive, as a window keeps its operations
    LibraryOp(lambda _library: gate.wait(0.5)).run(ops)


def test_meets_a_message_box(qapp):
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "App", "Something went wrong")  # answered at once, not a hang


def test_leaves_nothing(library):
    ops = Operations(library, synchronous=True)
    LibraryOp(lambda _library: 1).run(ops)
"""


@pytest.mark.slow
def test_work_left_running_fails_the_test(tmp_path):
    leaky = REPO / "tests" / "ui" / "operations" / f"test_leaky_{tmp_path.name}.py"
    leaky.write_text(LEAKY, encoding="utf-8")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(leaky)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        leaky.unlink()
    out = run.stdout
    assert "4 passed, 3 errors" in out, out[-2000:]  # each leaky test passes, then errors at teardown
    assert "1 timer(s) still running" in out and "1 operations worker(s) still busy" in out, out[-2000:]
    assert "A message box the test did not expect: critical: Something went wrong" in out, out[-2000:]
