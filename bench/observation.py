"""A coach's key presses during a 60-minute observation with 2,000 events, against plain durable commits.

Each key press goes through the `code_event` use case (continuous coaching-cycle codes: points,
toggled states, exclusive talk states) and is committed before the call returns. The baseline is
the same number of bare SQLite INSERT+COMMITs (WAL, synchronous=FULL) into a one-column table in
the same folder: the price of durability alone. Targets (issue #16): a key press stored within
16 ms at the 99th percentile; opening the observation (all rows and the summary) under 0.3 s;
every export (EAF, WebVTT, SRT, CSV, PDF) under 1 s. The ui's drawing is not part of this figure.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.result import BenchmarkResult, Check, Timings

EVENTS = 2000
LESSON_S = 3600.0
P99_LIMIT_S = 0.016
OPEN_LIMIT_S = 0.3
EXPORT_LIMIT_S = 1.0
MAX_RATIO = 4.0


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _baseline(folder: Path) -> list[float]:
    conn = sqlite3.connect(str(folder / "baseline.db"), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE presses (at REAL)")
    runs = []
    for n in range(EVENTS):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO presses VALUES (?)", [n])
        conn.execute("COMMIT")
        runs.append(time.perf_counter() - started)
    conn.close()
    return runs


def _code(library) -> tuple[str, list[float]]:
    from portfolio_app.services.observations import add_note, code_event, finish, new_observation

    observation = new_observation(library, "coaching-cycle", "Bench: one hour, 2,000 key presses").value
    codes = [c.id for c in observation.scheme.codes]
    rng = random.Random(16)
    moments = sorted(rng.uniform(0, LESSON_S) for _ in range(EVENTS))
    runs = []
    for n, at in enumerate(moments):
        started = time.perf_counter()
        code_event(library, observation.id, rng.choice(codes), at)
        runs.append(time.perf_counter() - started)
        if n % 40 == 0:
            add_note(library, observation.id, at, f"Low-inference note {n}: students compare two strategies.")
    finish(library, observation.id, LESSON_S)
    return observation.id, runs


def run_benchmark() -> BenchmarkResult:
    from portfolio_app.bundle.observation.formats import FORMATS, render
    from portfolio_app.core.observation_summary import summarize
    from portfolio_app.services.library import open_library
    from portfolio_app.services.observations import get_record

    with tempfile.TemporaryDirectory(prefix="bench-observation-") as tmp:
        folder = Path(tmp)
        baseline = _baseline(folder)
        library = open_library(folder / "library")
        try:
            observation_id, presses = _code(library)
        finally:
            library.close()
        library = open_library(folder / "library")  # a fresh connection, as after a restart
        try:
            opens = []
            for _ in range(5):
                started = time.perf_counter()
                record = get_record(library, observation_id)
                summarize(record)
                opens.append(time.perf_counter() - started)
            exports = {}
            for name in FORMATS:
                started = time.perf_counter()
                render(record, name)
                exports[name] = time.perf_counter() - started
        finally:
            library.close()
    p99 = _percentile(presses, 0.99)
    checks = (
        Check("key press stored, 99th percentile", p99, "at most 16 ms", p99 <= P99_LIMIT_S, f"{p99 * 1000:.1f} ms"),
        Check(
            "opening the observation (rows + summary), slowest of 5",
            max(opens),
            "at most 0.3 s",
            max(opens) <= OPEN_LIMIT_S,
            f"{max(opens):.3f} s",
        ),
    ) + tuple(
        Check(f"export {name}", seconds, "at most 1 s", seconds <= EXPORT_LIMIT_S, f"{seconds:.3f} s")
        for name, seconds in exports.items()
    )
    return BenchmarkResult(
        name="observation",
        description=f"{EVENTS} key presses over {LESSON_S / 60:.0f} minutes, each stored before it returns",
        baseline=Timings("bare SQLite insert + durable commit", tuple(baseline)),
        measured=Timings("code_event (stored, committed)", tuple(presses)),
        max_ratio=MAX_RATIO,
        notes=(
            f"key press: median {statistics.median(presses) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
            f"max {max(presses) * 1000:.1f} ms; bare commit p99 {_percentile(baseline, 0.99) * 1000:.1f} ms",
            f"observation rows: {len(record.events)} events, {len(record.notes)} notes",
        ),
        details={"p99_ms": round(p99 * 1000, 2), "open_s": round(max(opens), 4), "exports_s": exports},
        checks=checks,
    )
