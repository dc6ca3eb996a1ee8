"""Opening a portfolio against the app before issue #12's reshaping (commit e1bc85a), in the same run.

Issue #12 asks that opening a portfolio be no worse than before it. Each app is measured by its
own `open_portfolio` benchmark (its own library builder, its own window and worker), run as a
process from its own checkout: the earlier one from a copy of its commit, as `startup_before`
does. The two take turns, ROUNDS times each, so that drift in the machine's load hits both alike.

Two differences between the harnesses are dealt with:
- the earlier harness spun `processEvents()` while waiting, which takes the interpreter from the
  worker that reads the portfolio and times the spinning; its copy is changed to wait for the
  next event, as the app's event loop and today's harness do, so both apps are timed alike;
- today's harness gives the portfolios a class roster of 22, so that the names rule (issue #15,
  after #12) has names to look for. The earlier app has no such rule, so the comparison is made
  on the same libraries as before, without a roster (PORTFOLIO_BENCH_NO_ROSTER); today's app
  with the roster is timed in the same rounds and given in the notes.

Target: today's median time to open the 300-item portfolio, on the same library as before, at most
MAX_RATIO times the earlier one's.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.open_portfolio import NO_ROSTER_ENV
from bench.result import BenchmarkResult, Timings
from bench.startup_before import BEFORE_COMMIT, _extract

ROUNDS = 2
MAX_RATIO = 1.05  # no worse than before, with the few per cent two medians of the same app differ by
REPO = Path(__file__).resolve().parent.parent

# Run in a checkout: its own open_portfolio benchmark, its result as JSON on the last line.
PROGRAM = """
import json
from bench.open_portfolio import run_benchmark
print(json.dumps(run_benchmark().as_json()))
"""

_SPINNING = "    while True:\n        app.processEvents()\n"
_WAITING = "    while True:\n        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)\n"


def run_benchmark(rounds: int = ROUNDS) -> BenchmarkResult:
    with tempfile.TemporaryDirectory(prefix="bench-open-before-") as scratch:
        before = Path(os.environ.get("PORTFOLIO_BENCH_BEFORE") or _extract(BEFORE_COMMIT, Path(scratch) / "before"))
        _wait_as_the_app_does(before / "bench" / "open_portfolio.py")
        large: dict[str, list[float]] = {"before": [], "now": [], "roster": []}
        small: dict[str, list[float]] = {"before": [], "now": [], "roster": []}
        for _ in range(rounds):
            for name, checkout, roster in (("before", before, False), ("now", REPO, False), ("roster", REPO, True)):
                result = _run(checkout, roster=roster)
                large[name] += result["measured"]["runs_s"]
                small[name] += result["baseline"]["runs_s"]

    def median_ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    return BenchmarkResult(
        name="open_portfolio_before",
        description="opening a portfolio of 300 items / 3,000 tags in the window, against the app "
        f"before issue #12 (commit {BEFORE_COMMIT}), each timed by its own harness",
        baseline=Timings(f"before #12 ({BEFORE_COMMIT})", tuple(large["before"])),
        measured=Timings("now, the same library", tuple(large["now"])),
        max_ratio=MAX_RATIO,
        notes=(
            f"the 3-item portfolio: median {median_ms(small['now'])} now, {median_ms(small['before'])} before",
            f"now with a class roster of 22 (the names rule of issue #15 reads every title, note and answer): "
            f"300 items {median_ms(large['roster'])}, 3 items {median_ms(small['roster'])}",
            f"large against small (issue #5's target, at most 3): now "
            f"{statistics.median(large['now']) / statistics.median(small['now']):.2f}, before "
            f"{statistics.median(large['before']) / statistics.median(small['before']):.2f}",
        ),
        details={
            "before": str(before),
            "rounds": rounds,
            "small_s": {name: [round(s, 4) for s in values] for name, values in small.items()},
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
        },
    )


def _wait_as_the_app_does(harness: Path) -> None:
    """Make the earlier harness wait for events instead of spinning (see the module's docstring)."""
    text = harness.read_text(encoding="utf-8")
    if _WAITING in text:
        return
    if _SPINNING not in text or "from PySide6.QtCore import QSettings\n" not in text:
        raise RuntimeError(f"{harness} is not the harness this benchmark knows how to adjust")
    text = text.replace(_SPINNING, _WAITING).replace(
        "from PySide6.QtCore import QSettings\n", "from PySide6.QtCore import QEventLoop, QSettings\n"
    )
    harness.write_text(text, encoding="utf-8")


def _run(checkout: Path, *, roster: bool) -> dict:
    """`checkout`'s own open_portfolio result, run with its code first on the import path."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(checkout)}
    env.pop(NO_ROSTER_ENV, None)
    if not roster:
        env[NO_ROSTER_ENV] = "1"  # the earlier harness makes none either way
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=checkout, env=env, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        raise RuntimeError(f"{checkout}'s open_portfolio benchmark failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
