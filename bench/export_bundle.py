"""Export of a submission with 2 GB of evidence (`write_bundle`) against `zip -0 -r` of the same files.

See bench/_bundle_runs.py for how the runs are made. `zip` does not fsync; our export must (a
bundle appears under its name only when it is on disk), so `zip -0 -r` followed by `sync` is
shown too, and our fsync is timed apart. Targets (issue #6): at most 1.2x `zip -0 -r`; under
200 MB peak memory.
"""

from __future__ import annotations

import statistics

from bench._bundle_runs import measure
from bench.result import BenchmarkResult, Timings

MAX_RATIO = 1.2
MAX_PEAK_MB = 200


def run_benchmark() -> BenchmarkResult:
    runs = measure()
    median = statistics.median
    zip_sync = [z + s for z, s in zip(runs.zip_s, runs.sync_after_zip_s, strict=True)]
    peak = max(runs.export_peak_mb)
    return BenchmarkResult(
        name="export_bundle",
        description=f"export of {runs.evidence_bytes / 1e9:.2f} GB of evidence in {runs.files} files "
        "(write_bundle, fresh process) against zip -0 -r",
        baseline=Timings("baseline: zip -0 -r", tuple(runs.zip_s)),
        measured=Timings("export (write_bundle)", tuple(runs.export_s)),
        max_ratio=MAX_RATIO,
        notes=(
            f"page cache dropped before each run: {'yes' if runs.cold_cache else 'NO (not permitted)'}",
            f"zip -0 -r + sync: median {median(zip_sync):.2f} s; export / (zip + sync) = "
            f"{median(runs.export_s) / median(zip_sync):.2f}",
            f"export's final fsync: median {median(runs.export_fsync_s):.2f} s; export inside its process "
            f"(without start-up): median {median(runs.export_inside_s):.2f} s",
            f"peak memory of the export: {peak:.0f} MB (target under {MAX_PEAK_MB} MB): "
            f"{'PASS' if peak < MAX_PEAK_MB else 'FAIL'}",
        ),
        details={
            "evidence_bytes": runs.evidence_bytes,
            "bundle_bytes": runs.bundle_bytes,
            "cold_cache": runs.cold_cache,
            "zip_sync_s": zip_sync,
            "export_fsync_s": runs.export_fsync_s,
            "export_inside_s": runs.export_inside_s,
            "export_peak_mb": runs.export_peak_mb,
        },
    )
