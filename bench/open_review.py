"""Opening a review: a bundle of 300 evidence items and 3,000 tags against one of 3 items and 30 tags
of the same total size.

"Opening" is `services.reviews.open_review`: the bundle verified in full (every file hashed, the
signature checked, submission.json read and checked against its schema), the review stored and
read back. Both bundles hold the same number of bytes of evidence, so hashing costs the same: the
ratio shows what the many items and tags add. Each run opens the bundle in a fresh reviewer's
library; the two sizes alternate. Target (issue #17): the large bundle at most 1.5 times the small.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.result import BenchmarkResult, Timings

MAX_RATIO = 1.5
RUNS = 7
TOTAL_BYTES = 150_000_000
SIZES = {"small": (3, 10), "large": (300, 10)}  # evidence items, tags per item


def make_bundle(folder: Path, items: int, tags_per_item: int) -> Path:
    """A signed bundle of `items` evidence files sharing TOTAL_BYTES, each with `tags_per_item` tags."""
    from dataclasses import replace

    from portfolio_app.bundle.content import BundleEvidence, archive_name
    from portfolio_app.bundle.minisign import SigningKey
    from portfolio_app.bundle.writer import write_bundle
    from portfolio_app.core.credential import EvidenceKind
    from portfolio_app.core.ids import BlobHash, EvidenceId, TagId
    from portfolio_app.core.portfolio import Evidence, Tag, TimeRange
    from tests.bundle.sample_content import NOW, PORTFOLIO, make_content, sha256_of

    base = make_content(folder / "media")  # credential, answers and self-assessment of a real submission
    criteria = [c.id for c in base.credential.criteria]
    requirement = base.credential.work_examples.requirements[0].id
    size = TOTAL_BYTES // items
    evidence, tags = [], []
    for n in range(items):
        path = folder / f"item-{n:03d}.bin"
        with open(path, "wb") as out:
            out.write(os.urandom(size))
        digest = sha256_of(path)
        item = Evidence(
            EvidenceId(f"ev{n:08d}"), PORTFOLIO, EvidenceKind.DOCUMENT, f"Student work sample {n + 1}", NOW,
            blob=BlobHash(digest), media_type="application/octet-stream", size_bytes=size, requirement_id=requirement,
        )  # fmt: skip
        evidence.append(BundleEvidence(item, path, digest, size, archive_name(n + 1, item, ".bin")))
        for t in range(tags_per_item):
            tag_id = TagId(f"tg{n:05d}{t:03d}")
            span = TimeRange(t * 2.0, t * 2.0 + 1.5)
            tags.append(Tag(tag_id, item.id, criteria[t % len(criteria)], NOW, span=span, note=f"Moment {t + 1}"))
    assessments = tuple(replace(a, tag_ids=()) for a in base.assessments)
    content = replace(base, evidence=tuple(evidence), tags=tuple(tags), assessments=assessments)
    target = folder / f"bundle-{items}.zip"
    write_bundle(content, target, SigningKey.generate())
    return target


def _open_once(bundle: Path, folder: Path) -> float:
    from portfolio_app.services.library import open_library
    from portfolio_app.services.reviews import open_review

    library = open_library(folder, sync_catalog=False)
    try:
        started = time.perf_counter()
        open_review(library, bundle)
        return time.perf_counter() - started
    finally:
        library.close()


def run_benchmark() -> BenchmarkResult:
    with tempfile.TemporaryDirectory(prefix="bench-open-review-") as temp:
        root = Path(temp)
        bundles = {}
        for name, (items, tags) in SIZES.items():
            (root / name).mkdir()
            bundles[name] = make_bundle(root / name, items, tags)
        times: dict[str, list[float]] = {name: [] for name in SIZES}
        for run in range(RUNS):
            for name in SIZES:
                times[name].append(_open_once(bundles[name], root / f"reviewer-{name}-{run}"))
        sizes = {name: bundles[name].stat().st_size for name in SIZES}
    return BenchmarkResult(
        name="open_review",
        description="open a review (verify + store) of a bundle of 300 items and 3,000 tags against "
        "3 items and 30 tags, the same total size",
        baseline=Timings("baseline: 3 items, 30 tags", tuple(times["small"])),
        measured=Timings("300 items, 3,000 tags", tuple(times["large"])),
        max_ratio=MAX_RATIO,
        notes=(
            f"bundle sizes: small {sizes['small'] / 1e6:.1f} MB, large {sizes['large'] / 1e6:.1f} MB",
            "page cache warm (the bundles were just written); fresh reviewer library per run",
        ),
        details={"bundle_bytes": sizes, "runs": RUNS},
    )
