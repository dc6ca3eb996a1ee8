"""Start-up against the app before the reshaping of issue #12 (commit e1bc85a), in the same run.

Issue #12 (the window's house: one operations layer, rooms) asks that start-up be no worse than
before it. Both apps run from this machine's interpreter and venv: the one before from a copy of
its commit (`git archive`, into a scratch folder), each on a library of its own built by its own
library builder (500 portfolios, 10,000 evidence rows; the schema differs), each as a fresh
process under PORTFOLIO_STARTUP_PROBE. A run is timed from just before the process starts until
its "ready" line: the window shown, the library's queued loads finished, the event loop run.
Runs alternate after a warm-up of each, so that drift in the machine's load hits both alike.
Target: the current app's median at most MAX_RATIO times the earlier one's.

The processes' CPU seconds (user + system, until they exit) are printed beside the wall-clock
times: on a machine shared with other work they move less than the wall clock does.
`PORTFOLIO_BENCH_BEFORE=DIR` uses a checkout of the earlier commit instead of extracting it.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.result import BenchmarkResult, Timings
from bench.startup import EVIDENCE, PORTFOLIOS, _environment, time_to_ready

BEFORE_COMMIT = "e1bc85a"  # main before issue #12's reshaping
RUNS = 9
MAX_RATIO = 1.05  # "no worse than before", with the few per cent two medians of the same app differ by
REPO = Path(__file__).resolve().parent.parent


def run_benchmark(runs: int = RUNS) -> BenchmarkResult:
    with tempfile.TemporaryDirectory(prefix="bench-startup-before-") as scratch:
        root = Path(scratch)
        before = Path(os.environ.get("PORTFOLIO_BENCH_BEFORE") or _extract(BEFORE_COMMIT, root / "before"))
        env = _environment(root)
        apps = {}
        for name, checkout in (("before", before), ("now", REPO)):
            library = root / f"library-{name}"
            _build_library(checkout, library, env)
            apps[name] = ([sys.executable, "-m", "portfolio_app", "--data-dir", str(library)], checkout)

        for name, (command, checkout) in apps.items():  # warm-ups: page cache, bytecode, fonts
            time_to_ready(command, _for(checkout, env), f"app {name}", checkout)
        wall: dict[str, list[float]] = {name: [] for name in apps}
        cpu: dict[str, list[float]] = {name: [] for name in apps}
        in_process: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(runs):
            for name, (command, checkout) in apps.items():
                seconds, line, cpu_seconds = time_to_ready(command, _for(checkout, env), f"app {name}", checkout)
                wall[name].append(seconds)
                in_process[name].append(float(line.split()[1]))  # "ready <seconds since run_app began> ..."
                if cpu_seconds is not None:
                    cpu[name].append(cpu_seconds)

    notes = [
        f"from run_app's start to ready (without interpreter and imports): median "
        f"{statistics.median(in_process['now']):.3f} s now, {statistics.median(in_process['before']):.3f} s before",
    ]
    if cpu["now"] and cpu["before"]:
        ratio = statistics.median(cpu["now"]) / statistics.median(cpu["before"])
        notes.append(
            f"CPU seconds per process (user + system, to exit): median {statistics.median(cpu['now']):.3f} now, "
            f"{statistics.median(cpu['before']):.3f} before (ratio {ratio:.2f})"
        )
    return BenchmarkResult(
        name="startup_before",
        description=f"window shown, {PORTFOLIOS} portfolios listed and responsive, "
        f"against the app before issue #12 (commit {BEFORE_COMMIT})",
        baseline=Timings(f"before #12 ({BEFORE_COMMIT})", tuple(wall["before"])),
        measured=Timings("now", tuple(wall["now"])),
        max_ratio=MAX_RATIO,
        notes=tuple(notes),
        details={
            "before": str(before),
            "runs": runs,
            "run_app_to_ready_s": {name: [round(s, 4) for s in values] for name, values in in_process.items()},
            "cpu_s": {name: [round(s, 4) for s in values] for name, values in cpu.items()},
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
        },
    )


def _extract(commit: str, target: Path) -> Path:
    """The app's files at `commit`, from this repository's history, in `target`."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, "portfolio_app", "bench", "resources", "docs"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _build_library(checkout: Path, library: Path, env: dict[str, str]) -> None:
    """A library built by `checkout`'s own builder (its schema is the one that app expects)."""
    command = [sys.executable, "-m", "bench.library_builder", str(library)]
    command += ["--portfolios", str(PORTFOLIOS), "--evidence", str(EVIDENCE)]
    subprocess.run(command, cwd=checkout, env=_for(checkout, env), check=True, capture_output=True, timeout=600)


def _for(checkout: Path, env: dict[str, str]) -> dict[str, str]:
    """`env` with `checkout` first on the import path (ahead of the installed package)."""
    return {**env, "PYTHONPATH": str(checkout)}
