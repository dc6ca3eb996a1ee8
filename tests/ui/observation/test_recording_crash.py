"""Kill -9 the coach's app while it records the lesson: every event it showed is in the library, and the
next opening keeps what the take had written (Matroska is readable up to the cut), made an MP4 from 0."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import av
import pytest

from portfolio_app.services.library import open_library
from portfolio_app.services.observation_recordings import salvage_takes
from portfolio_app.services.observations import get_record

CHILD = Path(__file__).with_name("crash_recorder.py")
REPO = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_take_cut_off_by_a_kill_is_recovered_with_every_event(data_dir):
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        observation_id = child.stdout.readline().split()[1]
        events, written = [], 0
        while written == 0 or len(events) < 3:  # killed once part of the take is on disk
            line = child.stdout.readline()
            assert line, "the recorder stopped by itself"
            if line.startswith("event "):
                events.append(int(line.split()[1]))
            elif line.startswith("written "):
                written = int(line.split()[1])
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    events += [int(line.split()[1]) for line in child.stdout.read().splitlines() if line.startswith("event ")]

    library = open_library(data_dir)
    try:
        assert salvage_takes(library).value == []  # a take just written to may still be recording: left alone
        [recovered] = salvage_takes(library, idle_s=0).value
        assert recovered.observation_title == "Recorded, then the laptop died"
        record = get_record(library, observation_id)
        assert record.recordings == (recovered.recording,)
        assert {e.id for e in record.events} >= set(events)  # every event shown survived the kill
        assert recovered.recording.media_type == "video/mp4" and recovered.recording.duration_s > 0.5
        with av.open(str(library.store.path(recovered.recording.blob))) as kept:
            video = kept.streams.video[0]
            first = next(kept.decode(video))
            assert float(first.time) < 0.1  # its times start at 0, as the events' clock does
        assert not list((library.data_dir / "takes").iterdir())
        assert salvage_takes(library, idle_s=0).value == []  # once only
    finally:
        library.close()


def test_opening_the_window_keeps_a_take_a_crash_cut_off(qtbot, ops, library):
    from portfolio_app.services.observation_recordings import begin_take, take_path
    from portfolio_app.services.observations import new_observation
    from portfolio_app.ui.observation.observation_window import ObservationWindow
    from tests.media.test_takes import _take

    observation = new_observation(library, "coaching-cycle", "Period 4, cut off").value
    path = take_path(library.data_dir, observation.id, ".mkv")
    begin_take(library, observation.id, path, starts_at_s=0)
    _take(path, 2.0)
    os.utime(path, (path.stat().st_atime - 120, path.stat().st_mtime - 120))  # written two minutes ago
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    assert "The recording of “Period 4, cut off” was cut off" in window.message.text()
    [recording] = get_record(library, observation.id).recordings
    assert recording.duration_s == pytest.approx(2.0, abs=0.1) and not path.exists()
