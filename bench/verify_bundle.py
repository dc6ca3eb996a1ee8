"""Verification of a 2 GB bundle (`verify_bundle`, streamed from the zip) against `sha256sum` of the same files.

See bench/_bundle_runs.py for how the runs are made (the same runs as export_bundle). Targets
(issue #6): at most 1.2x `sha256sum`; under 200 MB peak memory.
"""

from __future__ import annotations

import statistics

from bench._bundle_runs import measure
from bench.result import BenchmarkResult, Timings

MAX_RATIO = 1.2
MAX_PEAK_MB = 200


def run_benchmark() -> BenchmarkResult:
    runs = measure()
    peak = max(runs.verify_peak_mb)
    return BenchmarkResult(
        name="verify_bundle",
        description=f"verify of a {runs.bundle_bytes / 1e9:.2f} GB bundle (verify_bundle, fresh process) "
        "against sha256sum of its evidence files",
        baseline=Timings("baseline: sha256sum", tuple(runs.sha256sum_s)),
        measured=Timings("verify (verify_bundle)", tuple(runs.verify_s)),
        max_ratio=MAX_RATIO,
        notes=(
            f"page cache dropped before each run: {'yes' if runs.cold_cache else 'NO (not permitted)'}",
            f"verify inside its process (without start-up): median {statistics.median(runs.verify_inside_s):.2f} s",
            f"peak memory of the verify: {peak:.0f} MB (target under {MAX_PEAK_MB} MB): "
            f"{'PASS' if peak < MAX_PEAK_MB else 'FAIL'}",
        ),
        details={
            "cold_cache": runs.cold_cache,
            "verify_inside_s": runs.verify_inside_s,
            "verify_peak_mb": runs.verify_peak_mb,
        },
    )
