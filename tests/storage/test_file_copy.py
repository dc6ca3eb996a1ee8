"""The store's copy: in the kernel where it can, in Python elsewhere; the same bytes and hash either way."""

import errno
import hashlib
import os

import pytest

from portfolio_app.core.errors import Cancelled
from portfolio_app.storage import file_copy
from portfolio_app.storage.mediastore import MediaStore

SIZE = 3 * file_copy.KERNEL_STEP + 12345  # several kernel steps and a ragged end


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "lesson.mp4"
    path.write_bytes(os.urandom(SIZE))
    return path


def _without_kernel_copy(monkeypatch):
    monkeypatch.delattr(os, "copy_file_range", raising=False)


@pytest.mark.parametrize("kernel", [True, False], ids=["copy_file_range", "portable"])
def test_both_paths_store_the_same_bytes_under_their_hash(tmp_path, source, monkeypatch, kernel):
    if kernel and not hasattr(os, "copy_file_range"):
        pytest.skip("this system has no copy_file_range")
    if not kernel:
        _without_kernel_copy(monkeypatch)
    seen = []
    blob = MediaStore(tmp_path / "media").put_file(source, progress=seen.append)
    data = source.read_bytes()
    assert blob.hash == hashlib.sha256(data).hexdigest() and blob.size_bytes == SIZE
    assert (tmp_path / "media" / blob.hash[:2] / blob.hash).read_bytes() == data
    assert seen == sorted(seen) and seen[-1] == SIZE


def test_a_kernel_that_refuses_falls_back_to_the_portable_copy(tmp_path, source, monkeypatch):
    def refuse(*args):
        raise OSError(errno.EXDEV, "cross-device")

    monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    blob = MediaStore(tmp_path / "media").put_file(source)
    assert blob.hash == hashlib.sha256(source.read_bytes()).hexdigest()


@pytest.mark.parametrize("kernel", [True, False], ids=["copy_file_range", "portable"])
def test_cancel_half_way_keeps_nothing(tmp_path, source, monkeypatch, kernel):
    if not kernel:
        _without_kernel_copy(monkeypatch)
    store = MediaStore(tmp_path / "media")
    seen = []
    with pytest.raises(Cancelled):
        store.put_file(source, progress=seen.append, cancelled=lambda: bool(seen))
    assert store.blobs() == [] and list(store.staging.iterdir()) == []


def test_a_write_error_in_the_portable_copy_reaches_the_caller(tmp_path, source, monkeypatch):
    _without_kernel_copy(monkeypatch)

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(file_copy.os, "write", full)
    store = MediaStore(tmp_path / "media")
    with pytest.raises(Exception, match="disk is full"):
        store.put_file(source)
    assert list(store.staging.iterdir()) == []
