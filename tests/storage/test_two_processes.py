"""Two processes, one library: neither removes the other's temp files, and writes wait their turn."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.rubric import get_responses, save_response
from portfolio_app.storage.mediastore import MediaStore
from portfolio_app.storage.staging import Abandoned, owned_by_live_processes, remove_abandoned

CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(__file__).resolve().parents[2]


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_a_large_import_survives_another_process_opening_the_library_again_and_again(data_dir):
    importer = _start("import-when-told", str(data_dir))
    assert importer.stdout.readline().strip() == "half-written"
    opener = _start("open-and-close", str(data_dir), "25")  # like `portfolio list` in a loop
    assert opener.communicate(timeout=120)[0].strip() == "opened" and opener.returncode == 0
    for _ in range(5):  # and this process too
        open_library(data_dir).close()
    out, err = importer.communicate("go\n", timeout=120)
    assert importer.returncode == 0, err
    blob = out.split()[-1]
    expected = hashlib.sha256()
    for n in range(1, 33):
        expected.update(bytes([(n << 20) % 251]) * (1 << 20))
    assert blob == expected.hexdigest()
    library = open_library(data_dir)
    try:
        assert library.store.verify(blob)
    finally:
        library.close()


def test_a_store_keeps_its_staging_until_closed_and_then_it_is_collectable(tmp_path):
    first, second = MediaStore(tmp_path / "media"), MediaStore(tmp_path / "media")
    (first.staging / "half.part").write_bytes(b"x" * 100)
    assert remove_abandoned(first.staging_root) == Abandoned()  # both owners are alive
    assert (first.staging / "half.part").exists()
    assert owned_by_live_processes(first.staging_root) == {first.staging.name, second.staging.name}
    second.close()
    first.close()
    assert list(first.staging_root.iterdir()) == []


def test_a_killed_owners_staging_is_removed_and_its_bytes_counted(data_dir):
    child = _start("in-media-write", str(data_dir))
    assert child.stdout.readline().strip() == "half-written"
    child.kill()
    child.wait(timeout=30)
    store = MediaStore(data_dir / "media")
    try:
        found = remove_abandoned(store.staging_root)
        assert found.temp_files == 1 and found.temp_bytes >= 4 << 20
        assert {p.name for p in store.staging_root.iterdir()} <= {
            store.staging.name,
            f"{store.staging.name}.lock",
            f"{store.staging.name}.held",
        }
    finally:
        store.close()


def test_processes_creating_one_library_at_once_all_succeed(data_dir):
    children = [_start("open-and-close", str(data_dir), "3") for _ in range(4)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and "locked" not in err, err


def test_two_processes_writing_the_same_portfolio_at_once_never_see_a_locked_database(library):
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Shared").value
    writers = [_start("answer-many", str(library.data_dir), portfolio.id, "60", name) for name in ("window", "cli")]
    for n in range(60):  # and this process writes at the same time
        save_response(library, portfolio.id, "class-context", f"here {n}")
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert (writer.returncode, out.strip()) == (0, "answered"), err
    final = get_responses(library, portfolio.id)["class-context"].text
    assert final.rsplit(" ", 1)[0] in {"window", "cli", "here"}


@pytest.mark.skipif(os.name == "nt", reason="flock is the POSIX lock")
def test_where_files_cannot_be_locked_nothing_is_taken_for_abandoned(tmp_path, monkeypatch):
    import errno
    import fcntl

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    store = MediaStore(tmp_path / "media")  # a network share without locks: the store still opens
    (store.staging / "half.part").write_bytes(b"x")
    assert remove_abandoned(store.staging_root) == Abandoned()
    assert (store.staging / "half.part").exists()
    store.close()
