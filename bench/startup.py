"""Start-up: the main window shown and responsive on a large library, against an empty QMainWindow.

Both programs run as fresh processes of the same interpreter with the same environment, and
both are timed the same way: from just before the process starts until it prints its "ready"
line, which each prints once its event loop has run after the window was shown. The app does
so under PORTFOLIO_STARTUP_PROBE (see portfolio_app/ui/app.py), after the library's queued
loads have finished. Runs alternate, after one warm-up of each, so that drift in the machine's
load hits both alike. Target (the issue): the app's median at most 1.5 times the baseline's.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.library_builder import build_library
from bench.result import BenchmarkResult, Timings

PORTFOLIOS = 500
EVIDENCE = 10_000
RUNS = 7
MAX_RATIO = 1.5
TIMEOUT_S = 120
PROBE_ENV = "PORTFOLIO_STARTUP_PROBE"  # portfolio_app.ui.app.PROBE_ENV; not imported, to keep Qt out of here

REPO = Path(__file__).resolve().parent.parent

BASELINE_PROGRAM = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()

def ready():
    print("ready", flush=True)
    app.quit()

QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


class StartupFailed(RuntimeError):
    """A program exited, or hung, without printing its ready line."""


def run_benchmark(runs: int = RUNS) -> BenchmarkResult:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        built = build_library(root / "library", portfolios=PORTFOLIOS, evidence=EVIDENCE)
        build_seconds = time.perf_counter() - started
        env = _environment(root)
        empty = build_library(root / "empty", portfolios=0, evidence=0)  # same app, nothing in it
        baseline_cmd = [sys.executable, "-c", BASELINE_PROGRAM]
        app_cmd = [sys.executable, "-m", "portfolio_app", "--data-dir", str(built.data_dir)]
        empty_cmd = [sys.executable, "-m", "portfolio_app", "--data-dir", str(empty.data_dir)]

        _time_to_ready(baseline_cmd, env, "baseline")  # warm-ups: page cache, bytecode, font cache
        _time_to_ready(app_cmd, env, "app")
        baseline: list[float] = []
        app: list[float] = []
        app_in_process: list[float] = []
        app_empty: list[float] = []
        for _ in range(runs):
            baseline.append(_time_to_ready(baseline_cmd, env, "baseline")[0])
            app_empty.append(_time_to_ready(empty_cmd, env, "app on an empty library")[0])
            seconds, line = _time_to_ready(app_cmd, env, "app")
            app.append(seconds)
            app_in_process.append(float(line.split()[1]))  # "ready <seconds since run_app began>"

    in_process = statistics.median(app_in_process)
    empty_median = statistics.median(app_empty)
    return BenchmarkResult(
        name="startup",
        description=f"main window shown and responsive, library of {PORTFOLIOS} portfolios and "
        f"{EVIDENCE:,} evidence rows, against an empty QMainWindow",
        baseline=Timings("baseline: empty QMainWindow", tuple(baseline)),
        measured=Timings("app: main window, library loaded", tuple(app)),
        max_ratio=MAX_RATIO,
        notes=(
            f"app split (medians): {statistics.median(app) - in_process:.3f} s interpreter and imports "
            f"before run_app, {in_process:.3f} s from run_app to ready",
            f"the same app on an empty library: median {empty_median:.3f} s, so the library's size costs "
            f"{statistics.median(app) - empty_median:+.3f} s ({statistics.median(app) / empty_median:.2f}x)",
        ),
        details={
            "portfolios": len(built.portfolio_ids),
            "evidence": built.evidence_count,
            "library_build_s": round(build_seconds, 3),
            # From run_app's start to ready, as the app measures it.
            "app_in_process_s": [round(s, 4) for s in app_in_process],
            "app_empty_library_s": [round(s, 4) for s in app_empty],
            "runs": runs,
            "python": sys.version.split()[0],
            "executable": sys.executable,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "QT_QPA_PLATFORM": env["QT_QPA_PLATFORM"],
            "bytecode": "cached (PYTHONPYCACHEPREFIX in a scratch folder, filled by the warm-up runs)",
        },
    )


def _environment(root: Path) -> dict[str, str]:
    """The caller's environment, offscreen, with Qt settings and caches in `root` (not the user's).

    Bytecode is cached, in `root`, as it is for an installed or packaged app: without that
    (PYTHONDONTWRITEBYTECODE) every run of the app would compile its own source again.
    """
    env = dict(os.environ)
    env.pop("PORTFOLIO_DATA_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env[PROBE_ENV] = "1"  # the baseline ignores it; the environments stay identical
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        folder = root / name.lower()
        folder.mkdir(exist_ok=True)
        env[name] = str(folder)
    return env


def _time_to_ready(command: list[str], env: dict[str, str], label: str) -> tuple[float, str]:
    """Seconds from just before starting `command` until it prints a line starting "ready", and that line.

    Raises:
        StartupFailed: no ready line within TIMEOUT_S, or the program did not then exit with 0.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env, cwd=REPO, text=True)
        timed_out = threading.Event()
        watchdog = threading.Timer(TIMEOUT_S, lambda: (timed_out.set(), process.kill()))
        watchdog.start()
        seconds, ready = 0.0, ""
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("ready"):
                    seconds, ready = time.perf_counter() - started, line.strip()
                    break
            process.stdout.read()  # drain, so the process never blocks on a full pipe
            process.wait()
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        if ready and process.returncode == 0:
            return seconds, ready
        errors.seek(0)
        stderr = errors.read().decode(errors="replace").strip()
        if timed_out.is_set():
            problem = f"was stopped after {TIMEOUT_S} s without printing 'ready'"
        elif ready:
            problem = f"printed 'ready', then exited with status {process.returncode}"
        else:
            problem = f"exited with status {process.returncode} without printing 'ready'"
        raise StartupFailed(f"The {label} {problem}" + (f":\n{stderr[-2000:]}" if stderr else ""))
