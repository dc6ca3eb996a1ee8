"""A large, realistic library built in seconds, for benchmarks, screenshots and tests.

The library is a real one: opened with `open_library` (so the bundled catalog is in it), with a
profile (so the window shows no first-run dialog), portfolios on every credential of the
catalog, evidence rows that name blobs in the media store, and optionally tags.

What is made up: the evidence rows share a handful of small blobs (a real PNG, a real PDF and a
text stand-in for a video), and their metadata (size, duration, dimensions) is what probing a
real classroom file would report, not the size of the shared blob. Such a library is good for
listing, counting, readiness and layout; not for playing, exporting or verifying evidence.

For speed, the first portfolio on each credential is made through the `create_portfolio` use
case and everything else goes through the storage layer in one transaction. `seed` fixes
titles, statuses, dates (relative to today) and how evidence spreads over portfolios; ids are
random, as in the app.

    python -m bench.library_builder DIR [--portfolios N] [--evidence N] [--tags-per-evidence N]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import library_texts as texts
from bench.sample_files import pdf, png, video_stand_in
from portfolio_app.core.credential import Credential, EvidenceKind, EvidenceRequirement, Part
from portfolio_app.core.ids import BlobHash, EvidenceId, PortfolioId, RequirementId, TagId, new_id
from portfolio_app.core.portfolio import Evidence, Portfolio, PortfolioStatus, Region, Tag, TimeRange
from portfolio_app.services.catalog import list_credentials
from portfolio_app.services.library import Library, open_library
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.profile import save_profile
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import portfolios as stored_portfolios
from portfolio_app.storage.rows import evidence_to_row

PROFILE_NAME = "Jordan Rivera"
PROFILE_EMAIL = "jordan.rivera@lincoln-ms.example.org"

# Kinds the builder makes; the catalog's requirements also allow observations, not built yet.
BUILT_KINDS = (EvidenceKind.VIDEO, EvidenceKind.IMAGE, EvidenceKind.DOCUMENT)

# Share of portfolios per status; a denied one is sometimes followed by a resubmission.
_STATUS_WEIGHTS = {
    PortfolioStatus.DRAFT: 60,
    PortfolioStatus.EXPORTED: 10,
    PortfolioStatus.SUBMITTED: 10,
    PortfolioStatus.PASSED: 12,
    PortfolioStatus.DENIED: 8,
}
_RESUBMISSION_SHARE = 0.5  # chance that a new portfolio resubmits a denied one on its credential


@dataclass(frozen=True)
class BuiltLibrary:
    """What `build_library` added to the library in `data_dir`."""

    data_dir: Path
    portfolio_ids: tuple[PortfolioId, ...]
    evidence_count: int
    tag_count: int


def build_library(
    data_dir: str | Path,
    portfolios: int = 500,
    evidence: int = 10_000,
    tags_per_evidence: int = 0,
    seed: int = 0,
) -> BuiltLibrary:
    """Fill the library in `data_dir` (created if needed) with portfolios, evidence and tags.

    Args:
        data_dir: the library folder, as for `portfolio --data-dir`.
        portfolios: how many portfolios, spread over every credential in the catalog.
        evidence: how many evidence rows, spread unevenly over the portfolios.
        tags_per_evidence: tags on each evidence row, each linked to a rubric criterion.
        seed: fixes titles, statuses, dates and spreads, so two builds look alike.

    Returns:
        The ids of the portfolios made and how many evidence rows and tags were written.

    Raises:
        ValueError: a negative count, or evidence without portfolios to hold it.
    """
    if min(portfolios, evidence, tags_per_evidence) < 0:
        raise ValueError("Counts cannot be negative.")
    if evidence and not portfolios:
        raise ValueError("Evidence needs at least one portfolio to belong to.")
    rng = random.Random(seed)
    now = datetime.now(UTC)
    library = open_library(data_dir)
    try:
        save_profile(library, PROFILE_NAME, PROFILE_EMAIL)
        credentials = [entry.credential for entry in list_credentials(library)]
        if portfolios and not credentials:
            raise ValueError(f"The library in {data_dir} has no credentials to start portfolios on.")
        made = _make_portfolios(library, credentials, portfolios, rng, now)
        by_key = {c.key: c for c in credentials}
        blobs = _put_sample_blobs(library, _iso(now))
        items = [
            _evidence(plan, rng.choice(blobs[plan.kind]), rng) for plan in _plan_evidence(made, by_key, evidence, rng)
        ]
        owners = {p.id: by_key[_credential_key(p)] for p in made}
        tags = [tag for item in items for tag in _tags(item, owners[item.portfolio_id], tags_per_evidence, rng)]
        with library.db.atomic():
            for portfolio in made[len(credentials) :]:
                stored_portfolios.insert(library.db, portfolio)
            library.db["evidence"].insert_all((evidence_to_row(e, e.created_at) for e in items), batch_size=500)
            if tags:
                library.db["tags"].insert_all((_tag_row(tag) for tag in tags), batch_size=500)
        return BuiltLibrary(Path(library.data_dir), tuple(p.id for p in made), len(items), len(tags))
    finally:
        library.close()


# -- portfolios -----------------------------------------------------------------------------


def _make_portfolios(
    library: Library, credentials: Sequence[Credential], count: int, rng: random.Random, now: datetime
) -> list[Portfolio]:
    """The first on each credential is created (and stored) by the use case; the rest are only planned."""
    made: list[Portfolio] = []
    for credential in credentials[:count]:
        made.append(create_portfolio(library, credential.id, _title(credential, now, rng)).value)
    open_denied: dict[str, list[Portfolio]] = {}
    for _ in range(count - len(made)):
        credential = rng.choice(credentials)
        created = now - timedelta(days=rng.uniform(1, 730))
        updated = min(now, created + timedelta(days=rng.expovariate(1 / 20)))
        status = rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
        denied = open_denied.setdefault(credential.id, [])
        previous = denied.pop() if denied and rng.random() < _RESUBMISSION_SHARE else None
        portfolio = Portfolio(
            id=PortfolioId(new_id()),
            credential_id=credential.id,
            credential_version=previous.credential_version if previous else credential.version,
            title=previous.title if previous else _title(credential, created, rng),
            status=status,
            created_at=_iso(created),
            updated_at=_iso(updated),
            resubmits=previous.id if previous else None,
            attempt=previous.attempt + 1 if previous else 1,
        )
        if status is PortfolioStatus.DENIED:
            denied.append(portfolio)
        made.append(portfolio)
    return made


def _credential_key(portfolio: Portfolio) -> str:
    """The portfolio's credential as `Credential.key`."""
    return f"{portfolio.credential_id}@{portfolio.credential_version}"


def _title(credential: Credential, started: datetime, rng: random.Random) -> str:
    topic, subject, grades = rng.choice(texts.TOPICS)
    label = texts.CREDENTIAL_LABELS.get(credential.id, credential.title)
    term = "spring" if started.month < 7 else "fall"
    return f"{label}: {topic} — Grade {rng.choice(grades)} {subject}, {term} {started.year}"


# -- evidence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SampleBlob:
    hash: BlobHash
    media_type: str
    extension: str


def _put_sample_blobs(library: Library, now: str) -> dict[EvidenceKind, list[_SampleBlob]]:
    """Two small blobs per kind, written to the media store before the rows that name them."""
    contents = {
        EvidenceKind.IMAGE: [
            (png(64, 48, (0x2E, 0x7D, 0x32)), "image/png", "png"),
            (png(48, 64, (0x15, 0x65, 0xC0)), "image/png", "png"),
        ],
        EvidenceKind.DOCUMENT: [
            (pdf("Lesson plan"), "application/pdf", "pdf"),
            (pdf("Exit ticket with key"), "application/pdf", "pdf"),
        ],
        EvidenceKind.VIDEO: [(video_stand_in(n), "video/mp4", "mp4") for n in (1, 2)],
    }
    blobs: dict[EvidenceKind, list[_SampleBlob]] = {}
    stored = []
    for kind, samples in contents.items():
        for data, media_type, extension in samples:
            put = library.store.put_bytes(data)
            stored.append(put)
            blobs.setdefault(kind, []).append(_SampleBlob(put.hash, media_type, extension))
    with library.db.atomic():
        for put in stored:
            stored_evidence.insert_blob(library.db, put.hash, put.size_bytes, now)
    return blobs


@dataclass(frozen=True)
class _PlannedEvidence:
    portfolio: Portfolio
    requirement: EvidenceRequirement | None
    kind: EvidenceKind
    number: int  # 1-based, within its portfolio and kind, for titles and file names


def _plan_evidence(
    made: Sequence[Portfolio], credentials: dict[str, Credential], count: int, rng: random.Random
) -> list[_PlannedEvidence]:
    """Spread `count` rows unevenly over the portfolios (a few have many, most have some)."""
    if not count:
        return []
    weights = [rng.gammavariate(2.0, 1.0) for _ in made]
    owners = rng.choices(range(len(made)), weights=weights, k=count)
    per_portfolio = [0] * len(made)
    for owner in owners:
        per_portfolio[owner] += 1
    planned = []
    for portfolio, n in zip(made, per_portfolio, strict=True):
        credential = credentials[_credential_key(portfolio)]
        requirements = [r for r in credential.work_examples.requirements if any(k in BUILT_KINDS for k in r.kinds)]
        numbers: dict[EvidenceKind, int] = {}
        for i in range(n):
            requirement = requirements[i % len(requirements)] if requirements else None
            kinds = [k for k in requirement.kinds if k in BUILT_KINDS] if requirement else list(BUILT_KINDS)
            kind = rng.choice(kinds)
            numbers[kind] = numbers.get(kind, 0) + 1
            planned.append(_PlannedEvidence(portfolio, requirement, kind, numbers[kind]))
    return planned


def _evidence(plan: _PlannedEvidence, blob: _SampleBlob, rng: random.Random) -> Evidence:
    p = plan.portfolio
    start, end = datetime.fromisoformat(p.created_at), datetime.fromisoformat(p.updated_at)
    created = start + (end - start) * rng.random()
    common: dict[str, Any] = {
        "id": EvidenceId(new_id()),
        "portfolio_id": p.id,
        "kind": plan.kind,
        "created_at": _iso(created),
        "blob": blob.hash,
        "media_type": blob.media_type,
        "requirement_id": RequirementId(plan.requirement.id) if plan.requirement else None,
    }
    day = created.strftime("%b %d").replace(" 0", " ")
    if plan.kind is EvidenceKind.VIDEO:
        # Phone video at 720p or 1080p; about one in ten runs past a 10-minute limit, untrimmed.
        duration = rng.uniform(601, 1500) if rng.random() < 0.1 else rng.uniform(90, 600)
        width, height = rng.choice(((1280, 720), (1920, 1080)))
        return Evidence(
            **common,
            title=f"{rng.choice(texts.VIDEO_TITLES)}, {day}",
            original_name=f"VID_{created:%Y%m%d_%H%M%S}.{blob.extension}",
            size_bytes=int(duration * rng.uniform(0.3e6, 0.9e6)),
            duration_s=round(duration, 3),
            width=width,
            height=height,
            students_appear=rng.random() < 0.9,
        )
    if plan.kind is EvidenceKind.IMAGE:
        width, height = rng.choice(((4032, 3024), (3024, 4032), (1600, 1200)))
        return Evidence(
            **common,
            title=f"{rng.choice(texts.IMAGE_TITLES)} {plan.number}",
            original_name=f"IMG_{rng.randrange(1000, 9999)}.{blob.extension}",
            size_bytes=rng.randrange(400_000, 4_500_000),
            width=width,
            height=height,
            students_appear=rng.random() < 0.2,
        )
    title = rng.choice(texts.DOCUMENT_TITLES)
    return Evidence(
        **common,
        title=f"{title} ({day})",
        original_name=f"{title.lower().replace(' ', '-').replace(',', '')}-{plan.number}.{blob.extension}",
        size_bytes=rng.randrange(40_000, 2_500_000),
        students_appear=False,
    )


# -- tags -----------------------------------------------------------------------------------


def _tags(item: Evidence, credential: Credential, count: int, rng: random.Random) -> list[Tag]:
    """`count` tags on work-example criteria: a moment of a video, a region of an image or page."""
    criteria = credential.criteria_for(Part.WORK_EXAMPLES) or credential.criteria
    tags = []
    for _ in range(count if criteria else 0):
        span = region = None
        if item.kind is EvidenceKind.VIDEO and item.duration_s:
            length = min(item.duration_s, rng.uniform(10, 90))
            start = rng.uniform(0, item.duration_s - length)
            span = TimeRange(round(start, 3), round(start + length, 3))
        else:
            w, h = rng.uniform(0.15, 0.5), rng.uniform(0.1, 0.4)
            page = rng.randrange(3) if item.kind is EvidenceKind.DOCUMENT else 0
            region = Region(rng.uniform(0, 1 - w), rng.uniform(0, 1 - h), w, h, page)
        tags.append(
            Tag(
                id=TagId(new_id()),
                evidence_id=item.id,
                criterion_id=rng.choice(criteria).id,
                created_at=item.created_at,
                span=span,
                region=region,
                note=rng.choice(
                    (
                        "",
                        "",
                        "Wait time after the question",
                        "Students justify their answers",
                        "Sorting by misconception",
                    )
                ),
            )
        )
    return tags


def _tag_row(tag: Tag) -> dict[str, Any]:
    # The row storage.rubric.insert_tag writes, for insert_all (one statement per batch, not per tag).
    span, region = tag.span, tag.region
    return {
        "id": tag.id,
        "evidence_id": tag.evidence_id,
        "criterion_id": tag.criterion_id,
        "start_s": span.start_s if span else None,
        "end_s": span.end_s if span else None,
        "x": region.x if region else None,
        "y": region.y if region else None,
        "w": region.w if region else None,
        "h": region.h if region else None,
        "page": region.page if region else None,
        "note": tag.note,
        "created_at": tag.created_at,
        "updated_at": tag.created_at,
    }


# -- helpers --------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    """The format of portfolio_app.core.clock.now_iso."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.library_builder", description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, metavar="DIR", help="library folder (created if needed)")
    parser.add_argument("--portfolios", type=int, default=500)
    parser.add_argument("--evidence", type=int, default=10_000)
    parser.add_argument("--tags-per-evidence", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    built = build_library(args.data_dir, args.portfolios, args.evidence, args.tags_per_evidence, args.seed)
    print(
        f"{len(built.portfolio_ids)} portfolios, {built.evidence_count} evidence rows and {built.tag_count} tags "
        f"in {built.data_dir} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
