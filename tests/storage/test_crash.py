"""Kill -9 at the worst moments, reopen, and find a consistent library with nothing saved lost."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import list_portfolios

CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(__file__).resolve().parents[2]


def _start(mode: str, data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def _assert_consistent(library) -> None:
    assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert library.db.execute("PRAGMA foreign_key_check").fetchall() == []
    for blob in library.store.blobs():  # every final name holds exactly its content
        assert library.store.verify(blob), blob
    for (blob,) in library.db.execute("SELECT hash FROM blobs").fetchall():  # no row points at a missing file
        assert library.store.has(blob), blob
    own = library.store.staging.name  # the one staging folder left is the open library's own
    assert {p.name for p in library.store.staging_root.iterdir()} <= {own, f"{own}.lock", f"{own}.held"}
    assert list(library.store.staging.iterdir()) == []


def test_kill_inside_a_write_transaction_keeps_committed_rows_and_drops_the_rest(data_dir):
    child = _start("in-transaction", data_dir)
    committed = child.stdout.readline().split()[1]
    assert child.stdout.readline().strip() == "inside"
    _kill(child)
    library = open_library(data_dir)
    try:
        _assert_consistent(library)
        titles = [s.portfolio.title for s in list_portfolios(library)]
        assert titles == ["Saved before the crash"]
        assert list_portfolios(library)[0].portfolio.id == committed
    finally:
        library.close()


def test_kill_in_the_middle_of_a_media_write_leaves_no_file_under_a_final_name(data_dir):
    child = _start("in-media-write", data_dir)
    assert child.stdout.readline().strip() == "half-written"
    leftovers = list((data_dir / "media" / "tmp").glob("*/*"))
    # The copy really was under way: of 16 MiB read, at most 9 chunks (queue + one in hand) are unwritten.
    assert len(leftovers) == 1 and leftovers[0].stat().st_size >= 4 << 20
    _kill(child)
    library = open_library(data_dir)
    try:
        assert library.store.blobs() == []
        _assert_consistent(library)
    finally:
        library.close()


@pytest.mark.parametrize("after", [1, 7, 40])
def test_kill_during_a_stream_of_commits_loses_nothing_reported_saved(data_dir, after):
    child = _start("many-commits", data_dir)
    lines = [child.stdout.readline() for _ in range(after)]
    _kill(child)
    # What the child printed after those lines and before it died is still in the pipe.
    lines += child.stdout.read().splitlines()
    reported = [line.split()[1] for line in lines]
    library = open_library(data_dir)
    try:
        _assert_consistent(library)
        stored = {s.portfolio.id for s in list_portfolios(library)}
        assert len(reported) >= after
        assert set(reported) <= stored
        assert len(stored) - len(reported) <= 1  # only a commit made but not yet reported
    finally:
        library.close()
