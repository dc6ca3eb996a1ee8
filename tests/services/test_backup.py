"""Library backups: consistent while another process writes, incremental, encrypted; restore checks everything."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from portfolio_app.core.errors import Cancelled, InvalidInputError
from portfolio_app.services.backup import back_up_library, backup_overdue, record_backup, restore_library
from portfolio_app.services.evidence import import_files
from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import create_portfolio, list_portfolios
from portfolio_app.storage import backup_format
from portfolio_app.storage.backup_format import WrongBackupPassphraseError
from tests.conftest import REPO

PASSPHRASE = "correct horse battery staple"
CREDENTIAL = "questioning-to-deepen-thinking"


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch):
    monkeypatch.setattr(backup_format, "LOG_N", 12)  # backup.json records it; restoring reads it from there


def photo(folder: Path, seed: int, size: int = 64) -> Path:
    path = folder / f"photo-{seed}.png"
    pixels = np.random.default_rng(seed).integers(0, 255, (size, size, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


@pytest.fixture
def filled(library, tmp_path):
    """A library with two portfolios and three photos (and their thumbnails)."""
    first = create_portfolio(library, CREDENTIAL, "Grade 7 questioning").value
    second = create_portfolio(library, CREDENTIAL, "Grade 8 questioning").value
    import_files(library, first.id, [photo(tmp_path, 1), photo(tmp_path, 2, 300)])
    import_files(library, second.id, [photo(tmp_path, 3)])
    return library


def titles(library) -> list[str]:
    return sorted(s.portfolio.title for s in list_portfolios(library))


def blobs_hash_to_their_names(data_dir: Path) -> int:
    count = 0
    for path in (data_dir / "media").glob("??/*"):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name
        count += 1
    return count


def test_a_backup_restored_into_an_empty_folder_lists_the_same_portfolios(filled, tmp_path):
    target = tmp_path / "usb" / "backup"
    report = back_up_library(filled.data_dir, target, PASSPHRASE)
    assert report.files == 1 + len(filled.store.blobs()) and report.files_copied == report.files
    for stored in (target / "objects").iterdir():
        sealed = stored.read_bytes()  # no plaintext signature survives (3 bytes like "PNG" could, by chance)
        assert b"\x89PNG\r\n\x1a\n" not in sealed and b"SQLite format 3\x00" not in sealed
    restored_dir = tmp_path / "new-laptop" / "library"
    restore_library(target, restored_dir, PASSPHRASE)
    restored = open_library(restored_dir)
    try:
        assert titles(restored) == titles(filled) == ["Grade 7 questioning", "Grade 8 questioning"]
        assert blobs_hash_to_their_names(restored_dir) == len(filled.store.blobs())
        assert sorted(restored.store.blobs()) == sorted(filled.store.blobs())
    finally:
        restored.close()


def test_a_second_backup_copies_only_what_changed(filled, tmp_path):
    target = tmp_path / "backup"
    first = back_up_library(filled.data_dir, target, PASSPHRASE)
    again = back_up_library(filled.data_dir, target, PASSPHRASE)
    assert again.files == first.files and again.files_copied == 1  # the database snapshot only
    portfolio = list_portfolios(filled)[0].portfolio
    import_files(filled, portfolio.id, [photo(tmp_path, 4)])
    third = back_up_library(filled.data_dir, target, PASSPHRASE)
    assert third.files == first.files + 2 and third.files_copied == 3  # database, photo, thumbnail
    assert len(list((target / "objects").iterdir())) == third.files  # old snapshots removed


def test_an_interrupted_backup_goes_on_where_it_stopped(filled, tmp_path):
    target = tmp_path / "backup"
    calls = []

    def cancel_half_way() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled, match="run it again"):
        back_up_library(filled.data_dir, target, PASSPHRASE, cancelled=cancel_half_way)
    assert not (target / "manifest.enc").exists()
    done_before = {p.name for p in (target / "objects").iterdir()}
    assert done_before and not any(name.endswith(".part") for name in done_before)
    report = back_up_library(filled.data_dir, target, PASSPHRASE)
    assert report.files_copied == report.files - (len(done_before) - 1)  # the first run's blobs are kept


def test_a_wrong_passphrase_restores_nothing_and_cannot_extend_the_backup(filled, tmp_path):
    target = tmp_path / "backup"
    back_up_library(filled.data_dir, target, PASSPHRASE)
    restored_dir = tmp_path / "new"
    with pytest.raises(WrongBackupPassphraseError, match="does not open the backup"):
        restore_library(target, restored_dir, "incorrect horse battery")
    assert not restored_dir.exists() and [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []
    with pytest.raises(WrongBackupPassphraseError):
        back_up_library(filled.data_dir, target, "incorrect horse battery")


def test_restore_never_goes_over_a_library_and_refuses_a_damaged_backup(filled, tmp_path):
    target = tmp_path / "backup"
    back_up_library(filled.data_dir, target, PASSPHRASE)
    with pytest.raises(InvalidInputError, match="not empty"):
        restore_library(target, filled.data_dir, PASSPHRASE)
    assert titles(filled) == ["Grade 7 questioning", "Grade 8 questioning"]
    victim = max((target / "objects").iterdir(), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 1
    victim.write_bytes(bytes(data))
    restored_dir = tmp_path / "new"
    with pytest.raises(Exception, match="damaged or cut short"):
        restore_library(target, restored_dir, PASSPHRASE)
    assert not restored_dir.exists()


def test_a_backup_taken_while_another_process_writes_is_consistent(filled, tmp_path):
    """The window (here a second process) keeps importing; the copy is one consistent moment."""
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.library_writer", str(filled.data_dir), str(stop)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "started"
        report = back_up_library(filled.data_dir, tmp_path / "backup", PASSPHRASE)
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=120)
    assert writer.returncode == 0 and not report.missing
    rounds = int(out.split()[-1])
    restored_dir = tmp_path / "restored"
    restore_library(tmp_path / "backup", restored_dir, PASSPHRASE)
    restored = open_library(restored_dir)
    try:
        restored_titles = titles(restored)
        live = [t for t in restored_titles if t.startswith("live ")]
        assert 1 <= len(live) <= rounds  # taken during the writes, not before or after them
        assert set(restored_titles) <= set(titles(filled))
        assert blobs_hash_to_their_names(restored_dir) == report.files - 1
        for summary in list_portfolios(restored):  # every row's media is there: no half of a transaction
            for (blob,) in restored.db.execute(
                "SELECT blob FROM evidence WHERE portfolio_id = ? AND blob IS NOT NULL", [summary.portfolio.id]
            ):
                assert restored.store.verify(blob)
    finally:
        restored.close()


def test_the_reminder_counts_days_since_the_last_backup(filled, tmp_path):
    from datetime import UTC, datetime, timedelta

    assert backup_overdue(filled.db)
    report = back_up_library(filled.data_dir, tmp_path / "backup", PASSPHRASE)
    record_backup(filled.db, report)
    assert not backup_overdue(filled.db, days=14)
    later = datetime.now(UTC) + timedelta(days=15)
    assert backup_overdue(filled.db, days=14, now=later)
    with pytest.raises(InvalidInputError, match="inside the library folder"):
        back_up_library(filled.data_dir, filled.data_dir / "backup", PASSPHRASE)


def test_a_short_passphrase_is_refused_before_anything_is_written(library, tmp_path):
    target = tmp_path / "usb" / "backup"
    with pytest.raises(InvalidInputError, match="at least 8 characters"):
        back_up_library(library.data_dir, target, "short")
    assert not target.exists()
