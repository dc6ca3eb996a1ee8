import hashlib
import os

import pytest

from portfolio_app.core.errors import Cancelled, StorageError
from portfolio_app.storage.mediastore import CHUNK, MediaStore


@pytest.fixture
def store(tmp_path):
    return MediaStore(tmp_path / "media")


def test_file_is_stored_under_its_sha256_and_read_only(store, tmp_path):
    source = tmp_path / "lesson video.mp4"
    data = os.urandom(3 * CHUNK + 17)
    source.write_bytes(data)
    progress = []
    blob = store.put_file(source, progress=progress.append)
    assert blob.hash == hashlib.sha256(data).hexdigest()
    assert blob.size_bytes == len(data) and not blob.already_present
    assert store.path(blob.hash).read_bytes() == data
    assert store.path(blob.hash).parent.name == blob.hash[:2]
    assert not os.access(store.path(blob.hash), os.W_OK) or os.geteuid() == 0
    assert store.path(blob.hash).stat().st_mode & 0o222 == 0
    assert progress[-1] == len(data)
    assert store.verify(blob.hash)


def test_identical_content_is_stored_once(store):
    first = store.put_bytes(b"student work")
    second = store.put_bytes(b"student work")
    assert first.hash == second.hash and second.already_present
    assert store.blobs() == [first.hash]
    assert list(store.staging.iterdir()) == []


def test_cancel_leaves_nothing_behind(store, tmp_path):
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(4 * CHUNK))
    with pytest.raises(Cancelled):
        store.put_file(source, progress=lambda n: None, cancelled=lambda: source.stat().st_size > 0 and True)
    assert store.blobs() == []
    assert list(store.staging.iterdir()) == []


def test_unreadable_source_is_named(store, tmp_path):
    with pytest.raises(StorageError, match="missing.mov cannot be read"):
        store.put_file(tmp_path / "missing.mov")


def test_verify_detects_damage(store):
    blob = store.put_bytes(b"original")
    path = store.path(blob.hash)
    os.chmod(path, 0o644)
    path.write_bytes(b"changed")
    assert not store.verify(blob.hash)
    assert not store.verify("0" * 64)


def test_examine_sees_the_whole_copy_before_it_has_a_name(store, tmp_path):
    source = tmp_path / "lesson.mp4"
    data = os.urandom(3 * CHUNK + 5)
    source.write_bytes(data)
    seen = {}

    def examine(copy):
        seen["bytes"] = copy.read_bytes()
        seen["named"] = store.blobs()
        return "probed"

    blob, examined = store.put_file_examined(source, examine)
    assert examined == "probed" and seen["bytes"] == data
    assert seen["named"] == []  # the name comes only after the look and the fsync
    assert store.blobs() == [blob.hash] and store.verify(blob.hash)


def test_what_examine_raises_reaches_the_caller_and_leaves_nothing(store, tmp_path):
    source = tmp_path / "lesson.mp4"
    source.write_bytes(os.urandom(2 * CHUNK))

    def examine(copy):
        raise ValueError("not a video")

    with pytest.raises(ValueError, match="not a video"):
        store.put_file_examined(source, examine)
    assert store.blobs() == [] and list(store.staging.iterdir()) == []


def test_a_failed_fsync_while_examining_keeps_nothing(store, tmp_path, monkeypatch):
    import errno

    source = tmp_path / "lesson.mp4"
    source.write_bytes(os.urandom(2 * CHUNK))

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    looked = []
    with pytest.raises(StorageError, match="disk is full"):
        store.put_file_examined(source, looked.append)
    assert looked and store.blobs() == [] and list(store.staging.iterdir()) == []
