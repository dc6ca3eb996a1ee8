"""The window stays responsive while 1,000 photos are imported through the GUI's own import path.

A QTimer ticks every 10 ms and records the longest gap between ticks: the longest time the
event loop could not answer the teacher. Measured while the Evidence tab imports 1,000 small
JPEG photos (800x600, with EXIF) with the real threaded operations, the list filling in and
its thumbnails loading; the baseline is the same timer in the same window, idle, for as long
as the import took. Each run is a fresh process with a fresh library.

Target (the issue): the longest pause under 100 ms in every run. The ratio against the idle
window is printed for context; its limit is set to the same 100 ms over the idle median, so
the two checks agree.
"""

from __future__ import annotations

import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.result import BenchmarkResult, Timings

PHOTOS = 1000
RUNS = 3
TICK_MS = 10
MAX_PAUSE_S = 0.100
TIMEOUT_S = 600

REPO = Path(__file__).resolve().parent.parent


def make_photos(folder: Path, count: int = PHOTOS) -> list[Path]:
    """`count` distinct 800x600 JPEGs with camera EXIF, as a phone's camera roll would give them."""
    import numpy as np
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    x = np.linspace(0, 255, 800, dtype=np.float32)
    y = np.linspace(0, 255, 600, dtype=np.float32)[:, None]
    channels = [x * 0.6 + y * 0.4, (255 - x) * 0.5 + y * 0.3, np.broadcast_to(y * 0.8 + 30, (600, 800))]
    base = np.stack(np.broadcast_arrays(*channels), axis=-1).clip(0, 255).astype(np.uint8)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "PhoneMaker", "Phone 15", 1  # make, model, orientation
    paths = []
    for n in range(count):
        pixels = base.copy()
        for bit in range(10):  # the photo's number in blocks: every file has its own content
            pixels[8:40, 8 + bit * 32 : 36 + bit * 32] = 235 if n >> bit & 1 else 16
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, "JPEG", quality=85, exif=exif)
        path = folder / f"IMG_{n:04d}.jpg"
        path.write_bytes(out.getvalue())
        paths.append(path)
    return paths


def run_benchmark(runs: int = RUNS) -> BenchmarkResult:
    with tempfile.TemporaryDirectory(prefix="bench-import-photos-") as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        make_photos(root / "photos")
        make_seconds = time.perf_counter() - started
        env = _environment(root)
        results = [_measure(root, run, env) for run in range(runs)]

    idle = tuple(r["longest_gap_idle_s"] for r in results)
    busy = tuple(r["longest_gap_import_s"] for r in results)
    import_s = [r["import_s"] for r in results]
    baseline = Timings("idle window: longest gap between 10 ms ticks", idle)
    slowest_import = max(import_s)
    return BenchmarkResult(
        name="import_photos",
        description=f"longest event-loop pause while the window imports {PHOTOS:,} photos (800x600 JPEG, EXIF)",
        baseline=baseline,
        measured=Timings(f"importing {PHOTOS:,} photos: longest gap", busy),
        max_ratio=MAX_PAUSE_S / baseline.median,
        max_seconds=MAX_PAUSE_S,
        notes=(
            f"pass means: the longest pause of every run under {MAX_PAUSE_S * 1000:.0f} ms "
            f"(the ratio limit is {MAX_PAUSE_S * 1000:.0f} ms over the idle median)",
            f"import time: {', '.join(f'{s:.1f}' for s in import_s)} s "
            f"({PHOTOS / slowest_import:.0f} photos/s at the slowest)",
            "ticks over 50 ms while importing: " + ", ".join(str(r["gaps_over_50ms"]) for r in results),
        ),
        details={
            "photos": PHOTOS,
            "runs": runs,
            "tick_ms": TICK_MS,
            "import_s": [round(s, 3) for s in import_s],
            "imported": [r["imported"] for r in results],
            "gap_p99_import_s": [round(r["gap_p99_import_s"], 4) for r in results],
            "photos_made_s": round(make_seconds, 2),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "QT_QPA_PLATFORM": env["QT_QPA_PLATFORM"],
        },
    )


def _environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PORTFOLIO_DATA_DIR", None)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM") or "offscreen"
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        folder = root / name.lower()
        folder.mkdir(exist_ok=True)
        env[name] = str(folder)
    return env


def _measure(root: Path, run: int, env: dict[str, str]) -> dict:
    """One run in a fresh process (so no run inherits another's caches, threads or Qt state)."""
    command = [sys.executable, "-m", "bench.import_photos", str(root / "photos"), str(root / f"library-{run}")]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_S)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"import_photos run {run} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1])
    if result["imported"] != PHOTOS:
        raise RuntimeError(f"import_photos run {run} imported {result['imported']} of {PHOTOS} photos")
    return result


# -- the child: one window, one import, one idle period -------------------------------------------


class _GapMeter:
    """Records the gaps between the ticks of a 10 ms timer: each is how long the loop was away."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return list(self.gaps)

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now


def _child(photos: Path, data_dir: Path) -> dict:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from portfolio_app.services.library import open_library
    from portfolio_app.services.portfolios import create_portfolio
    from portfolio_app.services.profile import save_profile
    from portfolio_app.ui.app import make_application
    from portfolio_app.ui.main_window import MainWindow
    from portfolio_app.ui.operations import Operations
    from portfolio_app.ui.sidebar import NodeKind

    app = make_application()
    library = open_library(data_dir)
    save_profile(library, "Bench Teacher", "bench@example.org")
    portfolio = create_portfolio(library, "structured-student-discourse", "Camera roll").value
    ops = Operations(library, app)
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ops, settings)
    window.remember_layout = False
    window.resize(1200, 760)
    window.show()

    def wait_until(condition, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    wait_until(lambda: window.tree.model().find(NodeKind.PORTFOLIO, portfolio.id).isValid(), 30)
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    wait_until(lambda: window.open_portfolio is not None, 30)
    pane = window.workspace_page.evidence
    meter = _GapMeter()
    summary = {}
    loop = QEventLoop()

    def finished(result) -> None:
        summary["result"] = result
        loop.quit()

    pane.import_finished.connect(finished)
    meter.start()
    started = time.perf_counter()
    pane.import_paths([photos])  # the path Import… and drops take
    loop.exec()
    import_s = time.perf_counter() - started
    busy = meter.stop()
    ops.wait()

    meter.start()  # the same window, idle, as long as the import took
    QTimer.singleShot(round(import_s * 1000), loop.quit)
    loop.exec()
    idle = meter.stop()

    imported = len(summary["result"].imported)
    window.close()
    library.close()
    ordered = sorted(busy)
    return {
        "import_s": import_s,
        "imported": imported,
        "longest_gap_import_s": max(busy),
        "longest_gap_idle_s": max(idle),
        "gap_p99_import_s": ordered[int(len(ordered) * 0.99)],
        "gaps_over_50ms": sum(g > 0.05 for g in busy),
    }


if __name__ == "__main__":
    print(json.dumps(_child(Path(sys.argv[1]), Path(sys.argv[2]))), flush=True)
