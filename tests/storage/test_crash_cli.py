"""Kill the CLI at random moments during imports, trims, tags, answers, exports and gc (55 kills),
then check after each: integrity_check, every blob hashes to its name, no row names a missing
blob, nothing a command reported committed is lost, no partial file under a final name."""

from __future__ import annotations

import json
import os
import random
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.cli import main
from portfolio_app.services.leftovers import collect_leftovers
from portfolio_app.services.library import open_library
from tests.mediagen import make_jpeg, make_pdf, make_video

DRIVER = Path(__file__).with_name("crash_driver.py")
REPO = Path(__file__).resolve().parents[2]
KILLS = 55

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server needs POSIX")


class Server:
    """The fork server and its stdout, read line by line with deadlines."""

    def __init__(self, args: list[str]):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO, env=env
        )
        self._buffer = b""

    def send(self, line: str) -> None:
        self.process.stdin.write(f"{line}\n".encode())
        self.process.stdin.flush()

    def records(self, until: float | None = None, stop_key: str | None = None) -> list[dict]:
        """Lines until the deadline passes (records seen so far) or a record with `stop_key` arrives."""
        found: list[dict] = []
        fd = self.process.stdout.fileno()
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                found.append(json.loads(line))
                if stop_key and stop_key in found[-1]:
                    return found
            timeout = None if until is None else max(0.0, until - time.monotonic())
            ready, _, _ = select.select([fd], [], [], timeout)  # waits for output, or for the moment to kill
            if not ready:
                return found
            chunk = os.read(fd, 65536)
            assert chunk, "the fork server ended"
            self._buffer += chunk

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


class Ledger:
    """What commands reported committed, and what was already checked."""

    def __init__(self):
        self.evidence: dict[str, str] = {}  # id -> blob
        self.tags: set[str] = set()
        self.answer: tuple[int, int] | None = None  # (seed, n) of the last reported answer
        self.exports: list[Path] = []
        self.verified_blobs: set[str] = set()
        self.verified_zips: set[Path] = set()

    def add(self, record: dict) -> None:
        op = record.get("op")
        if op in ("import", "trim"):
            self.evidence[record["id"]] = record["blob"]
        elif op == "tag":
            self.tags.add(record["id"])
        elif op == "answer":
            self.answer = tuple(int(part) for part in record["text"].split()[1:])
        elif op == "export":
            self.exports.append(Path(record["path"]))


def _check(data_dir: Path, out_dir: Path, ledger: Ledger) -> None:
    library = open_library(data_dir)
    try:
        db = library.db
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for (blob,) in db.execute("SELECT hash FROM blobs"):
            assert library.store.has(blob), f"a row names the missing blob {blob}"
        for blob in set(library.store.blobs()) - ledger.verified_blobs:
            assert library.store.verify(blob), f"{blob} does not hash to its name"
            ledger.verified_blobs.add(blob)
        present = {r[0]: r[1] for r in db.execute("SELECT id, blob FROM evidence")}
        for evidence_id, blob in ledger.evidence.items():
            assert present.get(evidence_id) == blob, f"committed evidence {evidence_id} was lost"
        tags = {r[0] for r in db.execute("SELECT id FROM tags")}
        assert ledger.tags <= tags, "a committed tag was lost"
        if ledger.answer is not None:
            text = db.execute("SELECT text FROM responses WHERE prompt_id = 'class-context'").fetchone()[0]
            assert tuple(int(p) for p in text.split()[1:]) >= ledger.answer, "a committed answer was lost"
        for bundle in set(out_dir.glob("*.zip")) - ledger.verified_zips:  # a final name holds a whole bundle
            report = verify_bundle(bundle)
            assert report.valid and report.draft, (bundle, report.problems)
            ledger.verified_zips.add(bundle)
        assert set(ledger.exports) <= ledger.verified_zips, "a reported bundle is missing"
        own = library.store.staging.name  # the killed runs' staging folders are gone
        assert {p.name.split(".")[0] for p in library.store.staging_root.iterdir()} <= {own}
    finally:
        library.close()


def test_kill_the_cli_at_random_moments_and_lose_nothing_committed(tmp_path):
    data_dir, out_dir, media = tmp_path / "library", tmp_path / "out", tmp_path / "media"
    out_dir.mkdir()
    media.mkdir()
    sources = [
        make_video(media / "lesson.mp4", 1.5, width=320, height=180),
        make_video(media / "group.mp4", 1.0, width=320, height=180, audio=False),
        make_pdf(media / "tickets.pdf", pages=1),
        make_jpeg(media / "board.jpg"),
    ]
    common = ["--data-dir", str(data_dir)]
    assert main(["profile", "--name", "Ana Ortiz", "--email", "ana@example.org", *common]) == 0
    assert main(["new", "questioning-to-deepen-thinking", "--title", "Crash", *common]) == 0
    library = open_library(data_dir)
    portfolio_id = library.db.execute("SELECT id FROM portfolios").fetchone()[0]
    library.close()

    server = Server([str(data_dir), portfolio_id, str(out_dir), *map(str, sources)])
    rng = random.Random(14)
    ledger = Ledger()
    started = time.monotonic()
    try:
        assert server.records(stop_key="ready")
        for seed in range(KILLS):
            server.send(str(seed))
            child = server.records(stop_key="child")[-1]["child"]
            for record in server.records(until=time.monotonic() + rng.uniform(0.02, 1.2)):
                ledger.add(record)
            server.send(f"kill {child}")
            for record in server.records(stop_key="dead"):
                ledger.add(record)
            _check(data_dir, out_dir, ledger)
    finally:
        server.close()
    # What the killed runs left is collected, and what was committed is still all there.
    library = open_library(data_dir)
    try:
        collect_leftovers(library)
    finally:
        library.close()
    assert not [p for p in out_dir.iterdir() if p.name.endswith(".part")], "a killed export's .part stayed"
    _check(data_dir, out_dir, ledger)
    ops = {"import": len(ledger.evidence), "tag": len(ledger.tags), "export": len(ledger.exports)}
    assert all(ops.values()) and ledger.answer, f"every kind of write was interrupted and committed too: {ops}"
    print(f"{KILLS} kills in {time.monotonic() - started:.1f} s; committed: {ops}")
