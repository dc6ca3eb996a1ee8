"""A fork server for test_crash_cli.py: imports the app once, then forks one CLI run per request.

The parent writes a seed per line on stdin; for each, this process forks a child that runs
`portfolio` commands (import, trim, tag, answer, export, gc) through `cli.main` in a random
order until it is killed, printing one JSON line per command that finished with exit code 0
(what the command reported committed). Forking after the imports makes each run start in
milliseconds, so the test can kill many runs at random moments in a short time (POSIX only).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sys
from pathlib import Path

import keyring

import portfolio_app.services.edits  # noqa: F401 - imported before forking, as a warm CLI would have
import portfolio_app.services.evidence  # noqa: F401
import portfolio_app.services.export  # noqa: F401
import portfolio_app.services.leftovers  # noqa: F401
from portfolio_app.cli import main
from tests.keyring_memory import MemoryKeyring

CRITERIA = ("context-and-purpose", "higher-order-questions", "wait-time")


def _run(argv: list[str]) -> dict | list | None:
    """`portfolio ARGV --json`; its JSON document when it exits 0, else None."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main([*argv, "--json"])
    return json.loads(out.getvalue()) if code == 0 else None


def _say(record: dict) -> None:
    os.write(1, (json.dumps(record) + "\n").encode())  # one write: lines of children never interleave


def child(seed: int, data_dir: str, portfolio_id: str, sources: list[str], out_dir: str) -> None:
    rng = random.Random(seed)
    videos: list[str] = []
    evidence: list[str] = []
    for n in range(10_000):
        op = rng.choice(["import", "import", "trim", "tag", "answer", "answer", "export", "gc"])
        common = ["--data-dir", data_dir]
        if op == "import" or not evidence:
            source = rng.choice(sources)
            done = _run(["import", portfolio_id, source, *common])
            if done:
                for item in done["imported"] + done["already_there"]:
                    evidence.append(item["id"])
                    if item["kind"] == "video":
                        videos.append(item["id"])
                    _say({"op": "import", "id": item["id"], "blob": item["blob"]})
        elif op == "trim" and videos:
            done = _run(["trim", rng.choice(videos), "--start", "0.2", "--end", "0.9", *common])
            if done:
                _say({"op": "trim", "id": done["id"], "blob": done["blob"]})
        elif op == "tag":
            done = _run(["tag", rng.choice(evidence), rng.choice(CRITERIA), "--note", f"{seed}-{n}", *common])
            if done:
                _say({"op": "tag", "id": done["id"]})
        elif op == "answer":
            text = f"answer {seed} {n}"
            if _run(["answer", portfolio_id, "class-context", text, *common]):
                _say({"op": "answer", "text": text})
        elif op == "export":
            target = Path(out_dir) / f"bundle-{seed}-{n}.zip"
            if _run(["export", portfolio_id, "-o", str(target), "--draft", *common]):
                _say({"op": "export", "path": str(target)})
        elif op == "gc":
            _run(["gc", *common])


def serve() -> None:
    """Commands on stdin: a seed forks a run; `kill PID` kills it and says so once it is dead."""
    data_dir, portfolio_id, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    sources = sys.argv[4:]
    keyring.set_keyring(MemoryKeyring())  # one signing key for every run, as one teacher's keychain
    _say({"ready": True})
    for line in sys.stdin:
        if line.startswith("kill "):
            pid = int(line.split()[1])
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            _say({"dead": pid})  # after every line the run wrote before it died
            continue
        pid = os.fork()
        if pid == 0:
            try:
                child(int(line), data_dir, portfolio_id, sources, out_dir)
            finally:
                os._exit(0)
        _say({"child": pid})


if __name__ == "__main__":
    serve()
