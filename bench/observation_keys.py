"""Key press to event stored and drawn, in the coding screen, over a 60-minute observation of 2,000 events.

A child process (offscreen Qt) opens the live coding screen with the threaded database worker and
presses 2,000 coding keys at moments spread over an hour. Each press is timed from the key event
until the screen has repainted with the press on it and the stored event has come back from the
worker (`event_stored`). The baseline is the same screen repainting with nothing new to draw.
Target (issue #16): the 99th percentile under 16 ms (one frame at 60 Hz) while a recording runs: a
real QMediaRecorder encodes 640x360 pictures at 25 a second and a tone (the synthetic source the
recorder's tests use) for the whole run. Its pictures are painted on the GUI thread, which a camera's
are not: the figure is, if anything, pessimistic.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.result import BenchmarkResult, Check, Timings

EVENTS = 2000
P99_LIMIT_S = 0.016
MAX_RATIO = 40.0  # a bare repaint is well under a millisecond; the check that matters is the p99

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from portfolio_app.services.library import open_library
from portfolio_app.services.observations import new_observation
from portfolio_app.ui.observation.clock import PausableClock
from portfolio_app.ui.observation.live_coding import LiveCoding
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.capture.recorder_session import CaptureController
from portfolio_app.ui.capture.synthetic_source import SyntheticSource

app = QApplication(sys.argv[:1])
library = open_library(sys.argv[1])
ops = Operations(library)
source = SyntheticSource()
recording = CaptureController(source, None)
recording.use_devices("synthetic-camera", "synthetic-microphone")
recording.start(Path(sys.argv[1]) / "lesson.mp4", audio_only=False)
waiting = QEventLoop()
recording.duration_changed.connect(lambda ms: ms > 500 and waiting.quit())
QTimer.singleShot(20000, waiting.quit)
waiting.exec()  # until the recorder has encoded half a second: the recording runs
observation = new_observation(library, "coaching-cycle", "Bench: one hour").value
moment = [0.0]
clock = PausableClock(lambda: moment[0])
screen = LiveCoding(ops, observation, clock)
screen.resize(1000, 600)
screen.show()
screen.start()
keys = [c.key for c in observation.scheme.codes]
loop = QEventLoop()
screen.event_stored.connect(lambda event: loop.quit())
presses, drawn, repaints = [], [], []
for n in range(%(events)d):
    moment[0] = n * 1.8
    started = time.perf_counter()
    QTest.keyClick(screen, keys[n %% len(keys)])
    screen.timeline.repaint()  # the press, drawn as pending
    drawn.append(time.perf_counter() - started)
    loop.exec()  # until the worker's stored event is back on the GUI thread
    screen.timeline.repaint()
    presses.append(time.perf_counter() - started)
    started = time.perf_counter()
    screen.timeline.repaint()
    repaints.append(time.perf_counter() - started)
recorded_s = recording.duration_s()
finished = QEventLoop()
recording.take_finished.connect(lambda take: finished.quit())
recording.take_failed.connect(lambda text: finished.quit())
recording.stop()
QTimer.singleShot(20000, finished.quit)
finished.exec()
ops.close()
print(json.dumps({"presses": presses, "drawn": drawn, "repaints": repaints, "recorded_s": recorded_s}))
"""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_benchmark() -> BenchmarkResult:
    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="bench-observation-keys-") as tmp:
        done = subprocess.run(
            [sys.executable, "-c", CHILD % {"events": EVENTS}, str(Path(tmp) / "library")],
            capture_output=True,
            text=True,
            cwd=repo,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(repo)},
            check=True,
        )
    data = json.loads(done.stdout.strip().splitlines()[-1])
    presses, drawn, repaints = data["presses"], data["drawn"], data["repaints"]
    recorded_s = data["recorded_s"]
    p99, drawn_p99 = _percentile(presses, 0.99), _percentile(drawn, 0.99)
    return BenchmarkResult(
        name="observation_keys",
        description=f"{EVENTS} coding keys in the live screen: drawn at once, stored by the database worker",
        baseline=Timings("repaint of the timeline alone", tuple(repaints)),
        measured=Timings("key press -> drawn and stored", tuple(presses)),
        max_ratio=MAX_RATIO,
        notes=(
            f"key press -> drawn (pending): p50 {_percentile(drawn, 0.5) * 1000:.1f} ms, p99 {drawn_p99 * 1000:.1f} ms",
            f"key press -> drawn and stored: p50 {_percentile(presses, 0.5) * 1000:.1f} ms, "
            f"p99 {p99 * 1000:.1f} ms, max {max(presses) * 1000:.1f} ms",
            f"a recording ran alongside: {recorded_s:.1f} s of 640x360 video and sound encoded meanwhile",
        ),
        details={
            "p99_ms": round(p99 * 1000, 2),
            "drawn_p99_ms": round(drawn_p99 * 1000, 2),
            "recorded_s": round(recorded_s, 1),
        },
        checks=(
            Check(
                "a recording ran during the presses",
                recorded_s,
                "at least 1 s recorded",
                recorded_s >= 1.0,
                f"{recorded_s:.1f} s",
            ),
            Check(
                "key press drawn, 99th percentile",
                drawn_p99,
                "at most 16 ms",
                drawn_p99 <= P99_LIMIT_S,
                f"{drawn_p99 * 1000:.1f} ms",
            ),
            Check(
                "key press drawn and stored, 99th percentile",
                p99,
                "at most 16 ms",
                p99 <= P99_LIMIT_S,
                f"{p99 * 1000:.1f} ms",
            ),
        ),
    )
