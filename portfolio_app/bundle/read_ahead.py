"""Reading a byte range of a file on a thread of its own, so the reader's next chunk arrives while this one is hashed.

hashlib and file reads release the GIL: on two cores verifying costs about as much as the
slower of reading and hashing, not their sum. A few recycled buffers bound memory whatever the
file's size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

CHUNK = 4 << 20  # 1 to 8 MiB measured alike for verifying 2 GB from a cold cache; 16 MiB in all
BUFFERS = 4


def read_ahead(path: Path, offset: int, length: int) -> Iterator[memoryview]:
    """Chunks of `length` bytes of `path` from `offset`; each view is valid until the next is asked for.

    Raises EOFError if the file ends early, OSError if it cannot be read.
    """
    if length <= CHUNK:  # one chunk: nothing to read ahead of, and a thread a file cost more than the read
        yield _read_once(path, offset, length)
        return
    free: queue.Queue[bytearray] = queue.Queue()
    for _ in range(min(BUFFERS, max(1, -(-length // CHUNK)))):
        free.put(bytearray(min(CHUNK, max(length, 1))))
    full: queue.Queue[tuple[bytearray, int] | BaseException | None] = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            with open(path, "rb", buffering=0) as reader:
                reader.seek(offset)
                remaining = length
                while remaining > 0:
                    buffer = free.get()
                    if stop.is_set():
                        return
                    view = memoryview(buffer)[: min(len(buffer), remaining)]
                    count = reader.readinto(view)
                    if not count:
                        raise EOFError(f"{path.name} ends {remaining} bytes early")
                    full.put((buffer, count))
                    remaining -= count
            full.put(None)
        except BaseException as exc:  # handed to the consuming thread
            full.put(exc)

    thread = threading.Thread(target=run, name="bundle-read-ahead", daemon=True)
    thread.start()
    try:
        while (item := full.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            buffer, count = item
            yield memoryview(buffer)[:count]
            free.put(buffer)
    finally:
        stop.set()
        free.put(bytearray(1))  # wakes a reader waiting for a buffer, which then sees `stop`
        thread.join()


def _read_once(path: Path, offset: int, length: int) -> memoryview:
    buffer = bytearray(length)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as reader:
        reader.seek(offset)
        done = 0
        while done < length:
            count = reader.readinto(view[done:])
            if not count:
                raise EOFError(f"{path.name} ends {length - done} bytes early")
            done += count
    return view
