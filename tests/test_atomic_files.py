"""The one way files are written: whole or not at all, one temp-name scheme, one message for a full disk."""

from __future__ import annotations

import errno

import pytest

from portfolio_app.atomic_files import atomic_file, atomic_path, disk_message, is_temp_name, temp_name, write_atomically
from portfolio_app.core.errors import StorageError


def test_the_final_name_holds_only_a_whole_file(tmp_path):
    target = tmp_path / "review.json"
    write_atomically(target, "first")
    with pytest.raises(RuntimeError), atomic_file(target, text=True) as file:
        file.write("half of the second")
        raise RuntimeError("killed")
    assert target.read_text() == "first" and [p.name for p in tmp_path.iterdir()] == ["review.json"]


def test_a_writer_never_shares_a_temp_name(tmp_path):
    target = tmp_path / "lesson.mp4"
    first = temp_name(target)
    second = temp_name(target)  # the plain name is held (a live writer, or a crash's leftover)
    assert first.name == ".lesson.mp4.part" and second != first and is_temp_name(second)
    with atomic_path(target) as temp:
        assert temp not in (first, second)
        temp.write_bytes(b"video")
    assert target.read_bytes() == b"video" and not temp.exists()


def test_a_full_disk_is_said_in_words(tmp_path):
    full = OSError(errno.ENOSPC, "No space left on device")
    assert disk_message(full, tmp_path / "x.zip", "the bundle").startswith("The disk is full: free some space")
    missing = tmp_path / "gone" / "x.zip"
    with pytest.raises(StorageError, match="does not exist"):
        write_atomically(missing, b"data")
