"""Garbage collection: what nothing needs goes; what a row, the trash or a running process needs stays."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portfolio_app.cli import main
from portfolio_app.services.evidence import delete_evidence, import_files
from portfolio_app.services.leftovers import VIEWER_COPY_PREFIX, collect_leftovers
from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import create_portfolio
from tests.mediagen import make_pdf

CHILD = Path(__file__).parents[1] / "storage" / "crash_child.py"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, "questioning-to-deepen-thinking", "Leftovers").value


def _orphan(data_dir: Path, content: bytes) -> str:
    """A blob that a process stored and never recorded (an import killed after the copy)."""
    other = open_library(data_dir)
    try:
        return other.store.put_bytes(content).hash
    finally:
        other.close()


def _import(library, portfolio, tmp_path, name: str, text: str):
    source = make_pdf(tmp_path / name, pages=1, text=text)
    report = import_files(library, portfolio.id, [source]).value
    return report.imported[0]


def test_unreferenced_blobs_go_and_named_ones_stay_trash_included(library, portfolio, tmp_path):
    kept = _import(library, portfolio, tmp_path, "plan.pdf", "a lesson plan")
    trashed = _import(library, portfolio, tmp_path, "old.pdf", "an old plan")
    delete_evidence(library, trashed.id)
    orphan = _orphan(library.data_dir, b"x" * 5000)
    library.close()  # a new session: nothing is held any more
    reopened = open_library(library.data_dir)
    try:
        dry = collect_leftovers(reopened, dry_run=True).value
        assert (dry.blobs.files, dry.blobs.bytes) == (1, 5000) and reopened.store.has(orphan)
        done = collect_leftovers(reopened).value
        assert (done.blobs.files, done.blobs.bytes) == (1, 5000)
        assert not reopened.store.has(orphan)
        assert reopened.store.has(kept.blob) and reopened.store.has(trashed.blob)
        assert collect_leftovers(reopened).value.total_bytes == 0
        assert reopened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        reopened.close()


def test_a_purged_portfolios_blob_row_and_file_go(library, portfolio, tmp_path):
    evidence = _import(library, portfolio, tmp_path, "plan.pdf", "purged soon")
    library.db.execute("DELETE FROM portfolios WHERE id = ?", [portfolio.id])  # as emptying the trash does
    library.close()
    reopened = open_library(library.data_dir)
    try:
        assert collect_leftovers(reopened).value.blobs.files >= 1
        assert not reopened.store.has(evidence.blob)
        assert reopened.db.execute("SELECT count(*) FROM blobs WHERE hash = ?", [evidence.blob]).fetchone()[0] == 0
    finally:
        reopened.close()


def test_what_this_session_stored_or_holds_for_undo_stays(library):
    staged = library.store.put_bytes(b"imported, row not yet written")
    held_for_undo = _orphan(library.data_dir, b"an undo step needs this")
    library.store.hold(held_for_undo)
    collect_leftovers(library)
    assert library.store.has(staged.hash) and library.store.has(held_for_undo)


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_a_live_processes_blob_and_export_stay_and_go_once_it_is_killed(library, tmp_path):
    target = tmp_path / "exports" / "bundle.zip"
    target.parent.mkdir()
    child = _child("stage-and-wait", str(library.data_dir), str(target))
    blob = child.stdout.readline().split()[1]
    partial = target.with_name(".bundle.zip.part")
    report = collect_leftovers(library).value
    assert library.store.has(blob) and partial.exists()
    assert report.partial_exports == ()
    child.kill()
    child.wait(timeout=30)
    report = collect_leftovers(library).value
    assert not library.store.has(blob) and not partial.exists()
    assert report.partial_exports == (str(partial),) and report.partial_bytes == len(b"half an export")
    assert report.blobs.files == 1


def test_old_viewer_copies_go_and_recent_ones_stay(library, tmp_path):
    temp_root = tmp_path / "system-temp"
    old, recent = temp_root / f"{VIEWER_COPY_PREFIX}old", temp_root / f"{VIEWER_COPY_PREFIX}new"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "plan.docx").write_bytes(b"d" * 300)
    day_ago = time.time() - 24 * 3600
    os.utime(old, (day_ago, day_ago))
    report = collect_leftovers(library, temp_root=temp_root).value
    assert (report.viewer_copies.files, report.viewer_copies.bytes) == (1, 300)
    assert not old.exists() and recent.exists()


def test_gc_command_prints_what_it_freed(data_dir, capsys):
    _orphan(data_dir, b"y" * 1234)
    assert main(["gc", "--dry-run", "--json", "--data-dir", str(data_dir)]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] and dry["unused_media"] == {"files": 1, "bytes": 1234}
    assert main(["--data-dir", str(data_dir), "gc"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Freed 1.2 KB") and "1 unused media files" in out
    assert main(["gc", "--json", "--data-dir", str(data_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["freed_bytes"] == 0


def test_a_collection_killed_after_setting_blobs_aside_loses_none(library, portfolio, tmp_path):
    evidence = _import(library, portfolio, tmp_path, "plan.pdf", "named by a row")
    child = _child("set-aside-and-wait", str(library.data_dir), evidence.blob)
    assert child.stdout.readline().strip() == "set aside"
    assert not library.store.has(evidence.blob)
    child.kill()
    child.wait(timeout=30)
    reopened = open_library(library.data_dir)  # its staging is cleaned up: the blob goes back first
    try:
        assert reopened.store.verify(evidence.blob)
    finally:
        reopened.close()
