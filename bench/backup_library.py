"""`portfolio backup` of a library (full and incremental) against `cp -r && sync` of the same library folder, same run.

The library: BENCH_BACKUP_MB (default 600) of media in 20 MB blobs, plus its database. Each full
run writes into a fresh folder; the incremental run repeats a backup into a folder that already
holds everything (only the database snapshot is sealed again). The backup encrypts (AES-256-GCM)
and makes every object durable (fsynced before its rename), and its time includes the scrypt key
derivation (128 MiB, about 0.5 s here). The baseline is therefore `cp -r` followed by `sync`, the
least a durable copy costs, as the import benchmark measures against `cp` + `sync`; plain `cp -r`
(which leaves the copy in the page cache) is in the notes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.result import BenchmarkResult, Check, Timings

MAX_RATIO = 3.0  # key derivation and encryption cost something; over 3x a durable copy is a copy done badly
MAX_INCREMENTAL_S = 3.0
RUNS = 3
BLOB_MB = 20


def _library(folder: Path) -> Path:
    from portfolio_app.core.clock import now_iso
    from portfolio_app.services.library import open_library
    from portfolio_app.services.portfolios import create_portfolio
    from portfolio_app.storage.evidence import insert_blob

    data_dir = folder / "library"
    library = open_library(data_dir)
    total_mb = int(os.environ.get("BENCH_BACKUP_MB", "600"))
    create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 questioning")
    with library.db.atomic():
        for number in range(max(1, total_mb // BLOB_MB)):
            blob = library.store.put_bytes(os.urandom(BLOB_MB << 20) + number.to_bytes(4, "big"))
            insert_blob(library.db, blob.hash, blob.size_bytes, now_iso())
    library.close()
    return data_dir


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run_benchmark() -> BenchmarkResult:
    from portfolio_app.services.backup import back_up_library

    with tempfile.TemporaryDirectory(prefix="bench-backup-") as temp:
        folder = Path(temp)
        data_dir = _library(folder)
        size = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file())
        copies, synced, backups = [], [], []
        for run in range(RUNS):
            copy = folder / f"copy-{run}"
            copies.append(_timed(lambda c=copy: subprocess.run(["cp", "-r", str(data_dir), str(c)], check=True)))
            shutil.rmtree(copy)
            synced.append(_timed(lambda c=copy: subprocess.run(f"cp -r '{data_dir}' '{c}' && sync", shell=True)))
            shutil.rmtree(copy)
            target = folder / f"backup-{run}"
            backups.append(_timed(lambda t=target: back_up_library(data_dir, t, "correct horse battery staple")))
            if run < RUNS - 1:
                shutil.rmtree(target)
        incremental = _timed(
            lambda: back_up_library(data_dir, folder / f"backup-{RUNS - 1}", "correct horse battery staple")
        )
    plain = Timings("cp -r", tuple(copies))
    measured = Timings("portfolio backup (full)", tuple(backups))
    kdf = _timed(_scrypt_once)
    with_sync = Timings("baseline: cp -r && sync", tuple(synced))
    without_kdf = (measured.median - kdf) / with_sync.median
    return BenchmarkResult(
        name="backup_library",
        description=f"encrypted, durable backup of a {size / 1e6:.0f} MB library against cp -r && sync of its folder",
        baseline=with_sync,
        measured=measured,
        max_ratio=MAX_RATIO,
        notes=(
            f"throughput: backup {size / 1e6 / measured.median:.0f} MB/s, "
            f"cp -r && sync {size / 1e6 / with_sync.median:.0f} MB/s",
            f"cp -r alone (the copy left in the page cache, not on disk): median {plain.median:.3f} s, "
            f"backup / cp -r = {measured.median / plain.median:.2f}",
            f"the key derivation alone (scrypt, 128 MiB): {kdf:.2f} s",
            f"backup without the key derivation against cp -r && sync: {without_kdf:.2f}x",
        ),
        details={
            "library_bytes": size,
            "incremental_s": round(incremental, 3),
            "cp_s": plain.as_json(),
            "scrypt_s": round(kdf, 3),
            "without_kdf_vs_cp_sync": round(without_kdf, 3),
        },
        checks=(
            Check(
                "incremental backup (nothing new but the database)",
                incremental,
                f"at most {MAX_INCREMENTAL_S:.1f} s",
                incremental <= MAX_INCREMENTAL_S,
                f"{incremental:.2f} s",
            ),
        ),
    )


def _scrypt_once() -> None:
    from portfolio_app.storage import backup_format

    backup_format.new_header("correct horse battery staple")
