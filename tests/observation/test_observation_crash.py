"""Kill -9 a process coding an observation: every event and note it reported is in the library."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_app.services.library import open_library
from portfolio_app.services.observations import get_record

CHILD = Path(__file__).with_name("crash_coder.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
@pytest.mark.parametrize("scheme,after", [("coaching-cycle", 5), ("coaching-cycle", 120), ("copus", 60)])
def test_every_reported_event_survives_a_kill(data_dir, scheme, after):
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), scheme],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    observation_id = child.stdout.readline().split()[1]
    lines = [child.stdout.readline() for _ in range(after)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    lines += child.stdout.read().splitlines()  # reported before it died, still in the pipe
    events = [line.split() for line in lines if line.startswith("event ")]
    notes = [int(line.split()[1]) for line in lines if line.startswith("note ")]

    library = open_library(data_dir)
    try:
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert library.db.execute("PRAGMA foreign_key_check").fetchall() == []
        record = get_record(library, observation_id)
        stored = {e.id: e for e in record.events}
        # A state toggled off reports the id of the event it closed: that event, now with its end.
        for _, event_id, code_id, end in events:
            assert int(event_id) in stored, (event_id, code_id)
            assert stored[int(event_id)].code_id == code_id
            if end != "None":
                assert stored[int(event_id)].end_s == float(end)
        assert set(notes) <= {n.id for n in record.notes}
        assert len(events) + len(notes) >= after
        # at most the one call in flight when it died was saved without being reported
        reported_rows = len({int(e[1]) for e in events}) + len(notes)
        assert len(stored) + len(record.notes) - reported_rows <= 1
    finally:
        library.close()
