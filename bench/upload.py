"""Upload throughput on loopback: the outbox (tuspy, 16 MiB PATCHes, offset saved after each, receipt
checked) against `curl` sending the same file to the same tus server in one request (creation with upload).

Both go to district/inbox (the official tus server on SeaweedFS S3, started by its `start` script)
and both end with the inbox's SHA-256 hook. Target (issue #20): at least 0.8x curl's throughput,
i.e. at most 1.25x its time.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.result import BenchmarkResult, Timings

MAX_RATIO = 1.25
SIZE = 300 << 20
RUNS = 5
START = Path(__file__).resolve().parent.parent / "district" / "inbox" / "start"


def run_benchmark() -> BenchmarkResult:
    if not shutil.which("curl") or not shutil.which("node"):
        raise RuntimeError("the upload benchmark needs curl and Node.js")
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as folder:
        root = Path(folder)
        source = root / "bundle.zip"
        with open(source, "wb") as writer:
            for _ in range(SIZE >> 23):
                writer.write(os.urandom(8 << 20))
        process, tus_url = _start_inbox(root / "inbox")
        try:
            curl_s, ours_s = [], []
            for run in range(RUNS):
                curl_s.append(_curl(tus_url, source))
                ours_s.append(_outbox(tus_url, source, root / f"library-{run}"))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    mb = SIZE / 1e6
    return BenchmarkResult(
        name="upload",
        description=f"upload of {mb:.0f} MB to district/inbox (tus on SeaweedFS) over loopback",
        baseline=Timings("baseline: curl, one POST (creation with upload)", tuple(curl_s)),
        measured=Timings("outbox send (tuspy, resumable)", tuple(ours_s)),
        max_ratio=MAX_RATIO,
        notes=(
            f"throughput: curl {mb / min(curl_s):.0f} MB/s, outbox {mb / min(ours_s):.0f} MB/s (best runs)",
            "target: outbox throughput at least 0.8x curl's (time ratio at most 1.25)",
        ),
        details={"bytes": SIZE},
    )


def _start_inbox(folder: Path) -> tuple[subprocess.Popen, str]:
    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if k != "INBOX_TOKENS"}
    command = [sys.executable, str(START), "--dir", str(folder), "--s3-port", str(ports[0])]
    process = subprocess.Popen([*command, "--tus-port", str(ports[1])], stdout=subprocess.PIPE, text=True, env=env)
    tus_url = ""
    for line in process.stdout:
        if line.startswith("tus: "):
            tus_url = line.split(": ", 1)[1].strip()
        if line.startswith("s3: "):
            return process, tus_url
    raise RuntimeError(f"district/inbox/start exited with {process.wait()}")


def _curl(tus_url: str, source: Path) -> float:
    name = base64.b64encode(source.name.encode()).decode()
    command = ["curl", "-sS", "-f", "-o", "/dev/null", "-X", "POST", "-T", str(source), tus_url]
    for header in (
        "Tus-Resumable: 1.0.0",
        f"Upload-Length: {source.stat().st_size}",
        f"Upload-Metadata: filename {name}",
        "Content-Type: application/offset+octet-stream",
        "Expect:",
    ):
        command += ["-H", header]
    began = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - began


def _outbox(tus_url: str, source: Path, data_dir: Path) -> float:
    from portfolio_app.core.outbox import ItemState
    from portfolio_app.services.destinations import add_destination
    from portfolio_app.services.library import open_library
    from portfolio_app.services.outbox import queue_file
    from portfolio_app.services.outbox_sending import send_waiting

    library = open_library(data_dir, sync_catalog=False)
    try:
        add_destination(library, "district", url=tus_url)
        queue_file(library, source)  # hashing at queue time is not part of sending
        began = time.perf_counter()
        [item] = send_waiting(library).value
        elapsed = time.perf_counter() - began
    finally:
        library.close()
    if item.state != ItemState.DONE or not item.receipt.verified:
        raise RuntimeError(f"the outbox did not finish: {item.state} {item.last_error}")
    return elapsed
