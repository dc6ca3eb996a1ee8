"""Decoding ahead on a thread: order kept, errors and early ends handled, the producer always stopped."""

import threading

import pytest

from portfolio_app.media.decode_ahead import DecodeAhead


def test_items_come_in_order_with_what_prepare_made_on_the_other_thread():
    threads = set()

    def prepare(n):
        threads.add(threading.current_thread().name)
        return n * 2

    with DecodeAhead(iter(range(100)), prepare, depth=3) as ahead:
        assert list(ahead) == [(n, n * 2) for n in range(100)]
    assert threads == {"decode-ahead"}


def test_an_error_while_decoding_reaches_the_loop():
    def frames():
        yield 1
        raise ValueError("damaged packet")

    with DecodeAhead(frames()) as ahead, pytest.raises(ValueError, match="damaged"):
        list(ahead)


def test_leaving_early_stops_the_producer():
    produced = []

    def endless():
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    with DecodeAhead(endless(), depth=2) as ahead:
        for n, _ in ahead:
            if n == 5:
                break
    count = len(produced)
    assert not any(t.name == "decode-ahead" for t in threading.enumerate())
    assert len(produced) == count  # nothing runs on after the block
