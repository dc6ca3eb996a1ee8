"""A loopback TCP proxy that cuts every connection after a number of bytes: a flaky school network."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from urllib.parse import urlsplit, urlunsplit


class DroppingProxy:
    """Forwards 127.0.0.1:port to the upstream port; closes a connection once `drop_every` bytes went up it.

    `passed` counts the bytes sent upstream over all connections; `reached` is set once they exceed
    `signal_after` (a test kills the sender then). Runs its own event loop in a thread.
    """

    def __init__(self, upstream_port: int, drop_every: int | None, signal_after: int | None = None):
        self.upstream_port = upstream_port
        self.drop_every = drop_every
        self.signal_after = signal_after
        self.passed = 0
        self.drops = 0
        self.reached = threading.Event()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> DroppingProxy:
        self._thread.start()
        self._ready.wait()
        return self

    def __exit__(self, *_exc) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join()

    def url(self, upstream_url: str) -> str:
        parts = urlsplit(upstream_url)
        return urlunsplit(parts._replace(netloc=f"127.0.0.1:{self.port}"))

    def _run(self) -> None:
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stop.wait()
            server.close()

    async def _connection(self, client_reader, client_writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_writer.close()
            return
        budget = [self.drop_every]
        upward = asyncio.ensure_future(self._pipe(client_reader, up_writer, budget))
        downward = asyncio.ensure_future(self._pipe(up_reader, client_writer, None))
        await asyncio.wait([upward, downward], return_when=asyncio.FIRST_COMPLETED)
        for task in (upward, downward):
            task.cancel()
        for writer in (client_writer, up_writer):
            with contextlib.suppress(Exception):
                writer.transport.abort()  # a cut, not a polite close: like a lost Wi-Fi

    async def _pipe(self, reader, writer, budget) -> None:
        while data := await reader.read(256 * 1024):
            if budget is not None:
                if budget[0] is not None and len(data) >= budget[0]:
                    writer.write(data[: budget[0]])
                    self.passed += budget[0]
                    self.drops += 1
                    return
                if budget[0] is not None:
                    budget[0] -= len(data)
                self.passed += len(data)
                if self.signal_after is not None and self.passed >= self.signal_after:
                    self.reached.set()
            writer.write(data)
            await writer.drain()
