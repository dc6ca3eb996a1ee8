"""The runs behind export_bundle and verify_bundle: one set of evidence, both measured in the same loop.

About 2 GB of evidence (three long "videos" and forty photos, random bytes: neither zip nor
hashing cares what they hold) with their SHA-256 known beforehand, as the media store knows
them. Each run, alternating, with the page cache dropped before each program when the machine
allows it (as root on Linux): `zip -0 -r` of the evidence folder (then `sync`, timed apart),
our export (`write_bundle` in a fresh process, its fsync timed apart), `sha256sum` of the same
files, and our `verify_bundle` of the bundle. Programs are timed from outside, start-up included.
Both baselines are single-threaded and CPU-bound here (Info-ZIP's CRC-32 and coreutils' SHA-256
run at about 300 MB/s from a warm cache), while our copy and hashing overlap reading on two
threads, with zlib's and OpenSSL's faster CRC-32 and SHA-256.
`BENCH_BUNDLE_MB` sets another size (e.g. 200 for a quick try; below about 500 MB the interpreter's
start-up from a cold cache, about half a second, dominates and the ratios say little).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

RUNS = 3
MB = 1_000_000

EXPORT_PROGRAM = """
import os, pickle, resource, sys, time
from pathlib import Path
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.writer import write_bundle
def peak_kb():  # this program's own peak: ru_maxrss would carry the bench's RSS across fork and exec
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "rb") as file:
    content = pickle.load(file)
fsync_s = 0.0
real_fsync = os.fsync
def timed_fsync(fd):
    global fsync_s
    started = time.perf_counter()
    real_fsync(fd)
    fsync_s += time.perf_counter() - started
os.fsync = timed_fsync
started = time.perf_counter()
write_bundle(content, Path(sys.argv[2]), SigningKey.generate())
print(time.perf_counter() - started, fsync_s, peak_kb())
"""

VERIFY_PROGRAM = """
import resource, sys, time
from pathlib import Path
from portfolio_app.bundle.verify import verify_bundle
def peak_kb():  # this program's own peak: ru_maxrss would carry the bench's RSS across fork and exec
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
report = verify_bundle(Path(sys.argv[1]))
assert report.valid, report.problems
print(time.perf_counter() - started, peak_kb())
"""


@dataclass
class BundleRuns:
    """Seconds of every run of every program, and what else was seen."""

    evidence_bytes: int = 0
    files: int = 0
    zip_s: list[float] = field(default_factory=list)
    sync_after_zip_s: list[float] = field(default_factory=list)
    export_s: list[float] = field(default_factory=list)
    export_inside_s: list[float] = field(default_factory=list)  # without interpreter start-up and imports
    export_fsync_s: list[float] = field(default_factory=list)
    export_peak_mb: list[float] = field(default_factory=list)
    sha256sum_s: list[float] = field(default_factory=list)
    verify_s: list[float] = field(default_factory=list)
    verify_inside_s: list[float] = field(default_factory=list)
    verify_peak_mb: list[float] = field(default_factory=list)
    bundle_bytes: int = 0
    cold_cache: bool = True


def size_bytes() -> int:
    return int(float(os.environ.get("BENCH_BUNDLE_MB", "2000")) * MB)


@functools.cache
def measure(total: int | None = None, runs: int = RUNS) -> BundleRuns:
    """Make the evidence, then time every program `runs` times (cached: both benchmarks share one measurement)."""
    total = total or size_bytes()
    result = BundleRuns()
    with tempfile.TemporaryDirectory(prefix="bench-bundle-", dir=os.environ.get("BENCH_TMP")) as scratch:
        root = Path(scratch)
        evidence = root / "evidence"
        content_file = root / "content.pickle"
        files = _make_evidence(evidence, total)
        result.evidence_bytes = sum(p.stat().st_size for p in files)
        result.files = len(files)
        with open(content_file, "wb") as out:
            pickle.dump(_content(root / "small", files), out)
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        bundle = root / "bundle.zip"
        for _ in range(runs):
            result.cold_cache = _drop_caches() and result.cold_cache
            seconds, _ = _run(["zip", "-0", "-r", "-q", str(root / "baseline.zip"), "evidence"], cwd=root)
            result.zip_s.append(seconds)
            started = time.perf_counter()
            os.sync()
            result.sync_after_zip_s.append(time.perf_counter() - started)
            (root / "baseline.zip").unlink()

            result.cold_cache = _drop_caches() and result.cold_cache
            bundle.unlink(missing_ok=True)
            seconds, out = _run([sys.executable, "-c", EXPORT_PROGRAM, str(content_file), str(bundle)], env=env)
            inside, fsync, peak = out.split()
            result.export_s.append(seconds)
            result.export_inside_s.append(float(inside))
            result.export_fsync_s.append(float(fsync))
            result.export_peak_mb.append(int(peak) / 1024)
            result.bundle_bytes = bundle.stat().st_size

            result.cold_cache = _drop_caches() and result.cold_cache
            seconds, _ = _run(["sha256sum", *[str(p) for p in files]])
            result.sha256sum_s.append(seconds)

            result.cold_cache = _drop_caches() and result.cold_cache
            seconds, out = _run([sys.executable, "-c", VERIFY_PROGRAM, str(bundle)], env=env)
            inside, peak = out.split()
            result.verify_s.append(seconds)
            result.verify_inside_s.append(float(inside))
            result.verify_peak_mb.append(int(peak) / 1024)
    return result


def _make_evidence(folder: Path, total: int) -> list[Path]:
    """Three long "videos" and forty photos adding up to `total` bytes."""
    import numpy as np

    folder.mkdir()
    rng = np.random.default_rng(6)
    photo = max(total // 400, 1)  # forty photos: a tenth of the total
    video = (total - 40 * photo) // 3
    sizes = [(f"lesson-{n}.mp4", video) for n in range(1, 4)] + [(f"photo-{n:02d}.jpg", photo) for n in range(40)]
    block = 16 << 20
    paths = []
    for name, size in sizes:
        path = folder / name
        with open(path, "wb") as out:
            left = size
            while left > 0:
                out.write(rng.bytes(min(block, left)))
                left -= block
        paths.append(path)
    os.sync()
    return paths


def _content(small: Path, files: list[Path]):
    """A realistic submission (tests' sample) plus the big files, each with its hash known beforehand."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from portfolio_app.bundle.content import BundleEvidence, archive_name
    from portfolio_app.core.credential import EvidenceKind
    from portfolio_app.core.ids import EvidenceId
    from portfolio_app.core.portfolio import Evidence
    from tests.bundle.sample_content import NOW, PORTFOLIO, make_content

    content = make_content(small)
    extra = []
    for position, path in enumerate(files, start=len(content.evidence) + 1):
        video = path.suffix == ".mp4"
        evidence = Evidence(
            id=EvidenceId(f"ev{position:08d}"),
            portfolio_id=PORTFOLIO,
            kind=EvidenceKind.VIDEO if video else EvidenceKind.IMAGE,
            title=path.stem,
            created_at=NOW,
            media_type="video/mp4" if video else "image/jpeg",
            size_bytes=path.stat().st_size,
        )
        name = archive_name(position, evidence, path.suffix)
        extra.append(BundleEvidence(evidence, path, _sha256(path), path.stat().st_size, name))
    return replace(content, evidence=content.evidence + tuple(extra))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while chunk := reader.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _run(command: list[str], **kwargs) -> tuple[float, str]:
    if shutil.which(command[0]) is None:
        raise RuntimeError(f"{command[0]} is not installed (apt-get install {command[0]})")
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, **kwargs)
    return time.perf_counter() - started, done.stdout
