"""Reading a byte range for hashing: one chunk read in place, longer ranges read ahead on a thread."""

import os

import pytest

from portfolio_app.bundle import read_ahead as ra


@pytest.mark.parametrize("length", [0, 1, 1000, ra.CHUNK, ra.CHUNK + 1, 3 * ra.CHUNK + 17])
def test_the_range_comes_back_whole_whatever_its_length(tmp_path, length):
    data = os.urandom(length + 100)
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    got = b"".join(bytes(chunk) for chunk in ra.read_ahead(path, 50, length))
    assert got == data[50 : 50 + length]


@pytest.mark.parametrize("length", [1000, 3 * ra.CHUNK])
def test_a_file_that_ends_early_is_said(tmp_path, length):
    path = tmp_path / "short.bin"
    path.write_bytes(os.urandom(length // 2))
    with pytest.raises(EOFError, match="ends"):
        b"".join(bytes(chunk) for chunk in ra.read_ahead(path, 0, length))


def test_a_small_range_starts_no_thread(tmp_path, monkeypatch):
    """300 small files verified started 300 threads: a third of opening a 300-item review."""
    path = tmp_path / "small.bin"
    path.write_bytes(b"x" * 4096)
    started = []
    monkeypatch.setattr(ra.threading.Thread, "start", lambda self: started.append(self))
    assert b"".join(bytes(c) for c in ra.read_ahead(path, 0, 4096)) == b"x" * 4096
    assert not started
