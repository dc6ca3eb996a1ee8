"""The district inbox for upload tests: `district/inbox/start` on loopback (tus + SeaweedFS), once a session."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.conftest import run  # noqa: F401  (the CLI fixture, for the inbox commands)

REPO = Path(__file__).resolve().parents[2]
START = REPO / "district" / "inbox" / "start"
TOKEN = "district-test-token"


@dataclass(frozen=True)
class Inbox:
    tus_url: str
    s3_url: str  # names the bucket
    token: str
    credentials: dict[str, str]  # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for reading the bucket
    folder: Path

    @property
    def tus_port(self) -> int:
        return int(self.tus_url.split(":")[2].split("/")[0])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def inbox(tmp_path_factory: pytest.TempPathFactory):
    """A running inbox; stopped (SIGTERM, as an operator's Ctrl+C) at the end of the session."""
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("the district inbox needs Node.js and npm")
    folder = tmp_path_factory.mktemp("inbox")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["INBOX_TOKENS"] = TOKEN
    command = [sys.executable, str(START), "--dir", str(folder)]
    command += ["--s3-port", str(_free_port()), "--tus-port", str(_free_port())]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    urls: dict[str, str] = {}
    try:
        while len(urls) < 2:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"district/inbox/start exited ({process.wait()}); see {folder}")
            key, _, value = line.strip().partition(": ")
            if key in ("tus", "s3"):
                urls[key] = value
        credentials = dict(line.split("=", 1) for line in (folder / "credentials.env").read_text().split())
        yield Inbox(urls["tus"], urls["s3"], TOKEN, credentials, folder)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    # Stopped cleanly, and both servers with it: nothing answers on their ports any more.
    assert code == 0
    for url in urls.values():
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", int(url.split(":")[2].split("/")[0])), 2):
            pass
