"""Start-up as users feel it: the window shown, the library's portfolios listed, the window responsive.

The app runs as a fresh process with PORTFOLIO_STARTUP_PROBE set (see portfolio_app/ui/app.py):
once the window is shown, the library's queued loads have finished and the event loop has run,
it prints "ready <seconds since run_app began> <portfolios listed>" and quits. Two libraries
are built in the same run: 500 portfolios with 10,000 evidence rows, and an empty one. Runs
alternate between them after a warm-up of each, so that drift in the machine's load hits both
alike. Targets (issue #14): on the large library, the median time to ready at most 0.35 s, with
all 500 portfolios listed; and the large library at most 10 % slower than the empty one. The
seconds are what a user waits: from just before the process starts until its ready line (the
part from run_app's start, without the interpreter and imports, is in the notes).
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
from bench.result import BenchmarkResult, Check, Timings

PORTFOLIOS = 500
EVIDENCE = 10_000
RUNS = 9
MAX_SECONDS = 0.35  # median, window shown and library listed
MAX_RATIO = 1.10  # the large library against the empty one
TIMEOUT_S = 120
PROBE_ENV = "PORTFOLIO_STARTUP_PROBE"  # portfolio_app.ui.app.PROBE_ENV; not imported, to keep Qt out of here

REPO = Path(__file__).resolve().parent.parent


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
        app_cmd = [sys.executable, "-m", "portfolio_app", "--data-dir", str(built.data_dir)]
        empty_cmd = [sys.executable, "-m", "portfolio_app", "--data-dir", str(empty.data_dir)]

        time_to_ready(empty_cmd, env, "app on an empty library")  # warm-ups: page cache, bytecode, fonts
        time_to_ready(app_cmd, env, "app")
        large: list[float] = []
        small: list[float] = []
        large_wall: list[float] = []
        small_wall: list[float] = []
        listed: list[int] = []
        for _ in range(runs):
            wall, line, _ = time_to_ready(empty_cmd, env, "app on an empty library")
            small_wall.append(wall)
            small.append(float(line.split()[1]))
            wall, line, _ = time_to_ready(app_cmd, env, "app")
            large_wall.append(wall)
            large.append(float(line.split()[1]))
            listed.append(int(line.split()[2]))

    median = statistics.median(large_wall)
    return BenchmarkResult(
        name="startup",
        description=f"window shown, {PORTFOLIOS} portfolios listed ({EVIDENCE:,} evidence rows) and responsive, "
        "against the same app on an empty library",
        baseline=Timings("baseline: the app on an empty library", tuple(small_wall)),
        measured=Timings(f"app on {PORTFOLIOS} portfolios", tuple(large_wall)),
        max_ratio=MAX_RATIO,
        checks=(
            Check(
                f"median time to ready on {PORTFOLIOS} portfolios",
                median,
                f"at most {MAX_SECONDS} s",
                median <= MAX_SECONDS,
                f"{median:.3f} s",
            ),
            Check(
                "portfolios listed when ready (fewest of the runs)",
                min(listed),
                f"all {PORTFOLIOS}",
                min(listed) == PORTFOLIOS,
                str(min(listed)),
            ),
        ),
        notes=(
            f"from run_app's start to ready (without interpreter and imports): median {statistics.median(large):.3f} s "
            f"on {PORTFOLIOS} portfolios, {statistics.median(small):.3f} s on an empty library",
            f"the library's size costs {median - statistics.median(small_wall):+.3f} s",
        ),
        details={
            "portfolios": len(built.portfolio_ids),
            "evidence": built.evidence_count,
            "library_build_s": round(build_seconds, 3),
            "run_app_to_ready_s": [round(s, 4) for s in large],
            "run_app_to_ready_empty_library_s": [round(s, 4) for s in small],
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


def time_to_ready(
    command: list[str], env: dict[str, str], label: str, cwd: Path = REPO
) -> tuple[float, str, float | None]:
    """Seconds from just before starting `command` until it prints a line starting "ready", that line,
    and the process's CPU seconds until it exited (None where os.wait4 does not exist, as on Windows).

    Raises:
        StartupFailed: no ready line within TIMEOUT_S, or the program did not then exit with 0.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env, cwd=cwd, text=True)
        timed_out = threading.Event()
        watchdog = threading.Timer(TIMEOUT_S, lambda: (timed_out.set(), process.kill()))
        watchdog.start()
        seconds, ready, cpu = 0.0, "", None
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("ready"):
                    seconds, ready = time.perf_counter() - started, line.strip()
                    break
            process.stdout.read()  # drain, so the process never blocks on a full pipe
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = os.waitstatus_to_exitcode(status)
                cpu = usage.ru_utime + usage.ru_stime
            else:
                process.wait()
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        if ready and process.returncode == 0:
            return seconds, ready, cpu
        errors.seek(0)
        stderr = errors.read().decode(errors="replace").strip()
        if timed_out.is_set():
            problem = f"was stopped after {TIMEOUT_S} s without printing 'ready'"
        elif ready:
            problem = f"printed 'ready', then exited with status {process.returncode}"
        else:
            problem = f"exited with status {process.returncode} without printing 'ready'"
        raise StartupFailed(f"The {label} {problem}" + (f":\n{stderr[-2000:]}" if stderr else ""))
