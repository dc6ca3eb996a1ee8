"""A realistic submission to bundle: the exit-tickets credential, real media files, tags and a self-assessment."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from PIL import Image

from portfolio_app.bundle.content import BundleEvidence, SubmissionContent, archive_name
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.definition import load_json, parse_credential
from portfolio_app.core.ids import BlobHash, CriterionId, EvidenceId, LevelId, PortfolioId, PromptId, TagId
from portfolio_app.core.portfolio import (
    Evidence,
    Portfolio,
    PortfolioStatus,
    Profile,
    Region,
    Response,
    SelfAssessment,
    Tag,
    TimeRange,
)
from portfolio_app.resource_paths import catalog_dir
from tests.mediagen import make_jpeg, make_pdf, make_video

NOW = "2026-11-20T14:30:00.000+00:00"
PORTFOLIO = PortfolioId("pf3kx9m2qa")

PARAGRAPH = (
    "My seventh-grade class of 28 students is working through a unit on proportional reasoning. "
    "About a third of them are learning English, so the exit tickets use pictures as well as words, "
    "and I read each item aloud before students answer. "
)


def credential() -> Credential:
    path = catalog_dir() / "formative-assessment-exit-tickets.json"
    return parse_credential(load_json(path), path.name)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def evidence_file(
    position: int, path: Path, kind: EvidenceKind, title: str, media_type: str, **fields
) -> BundleEvidence:
    """A BundleEvidence for a real file, its hash computed here as the media store would have."""
    digest = sha256_of(path)
    evidence = Evidence(
        id=EvidenceId(f"ev{position:08d}"),
        portfolio_id=PORTFOLIO,
        kind=kind,
        title=title,
        created_at=NOW,
        blob=BlobHash(digest),
        media_type=media_type,
        size_bytes=path.stat().st_size,
        **fields,
    )
    thumbnail = path.with_name(path.name + ".thumb.jpg")
    Image.new("RGB", (320, 180), (40 + position * 30 % 200, 90, 140)).save(thumbnail, "JPEG")
    return BundleEvidence(
        evidence=evidence,
        source=path,
        sha256=digest,
        size_bytes=path.stat().st_size,
        archive_name=archive_name(position, evidence, path.suffix),
        thumbnail=thumbnail,
    )


def make_content(folder: Path, *, draft: bool = False) -> SubmissionContent:
    """Three evidence files (a video, a photo, a PDF), tags on each, every prompt answered, every criterion assessed."""
    folder.mkdir(parents=True, exist_ok=True)
    cred = credential()
    items = (
        evidence_file(
            1,
            make_video(folder / "lesson.mp4", 4.0, width=320, height=180),
            EvidenceKind.VIDEO,
            "Next lesson: small-group reteach",
            "video/mp4",
            duration_s=4.0,
            width=320,
            height=180,
            requirement_id="next-lesson",
            codecs="h264/aac",
        ),
        evidence_file(
            2,
            make_jpeg(folder / "sorted.jpg", 640, 480, gps=False),
            EvidenceKind.IMAGE,
            "Sorted exit tickets & tally <grid>",
            "image/jpeg",
            width=640,
            height=480,
            requirement_id="sorted-responses",
        ),
        evidence_file(
            3,
            make_pdf(folder / "ticket.pdf", pages=2),
            EvidenceKind.DOCUMENT,
            "Exit ticket with key",
            "application/pdf",
            requirement_id="exit-ticket",
        ),
    )
    c = [CriterionId(criterion.id) for criterion in cred.criteria]
    video, photo, document = (item.evidence.id for item in items)
    tags = (
        Tag(TagId("tg00000001"), video, c[3], NOW, span=TimeRange(1.0, 2.5), note="Group B"),
        Tag(TagId("tg00000002"), video, c[4], NOW, span=TimeRange(2.5, 3.9)),
        Tag(TagId("tg00000003"), photo, c[2], NOW, region=Region(0.1, 0.2, 0.3, 0.25)),
        Tag(TagId("tg00000004"), document, c[1], NOW, region=Region(0.0, 0.0, 1.0, 0.5, 1)),
        Tag(TagId("tg00000005"), document, c[0], NOW, note="Objective at the top"),
    )
    responses = tuple(
        Response(PORTFOLIO, PromptId(prompt.id), (PARAGRAPH * 3).strip() + "\n\n" + PARAGRAPH.strip(), NOW)
        for prompt in cred.prompts
    )
    levels = ("demonstrated", "demonstrated", "progressing", "demonstrated", "demonstrated")
    linked = {0: ("tg00000005",), 1: ("tg00000004",), 2: ("tg00000003",), 3: ("tg00000001",), 4: ("tg00000002",)}
    assessments = tuple(
        SelfAssessment(
            PORTFOLIO,
            CriterionId(criterion.id),
            LevelId(levels[i]),
            f"Justification for {criterion.title}: students' tickets show it.",
            NOW,
            tag_ids=tuple(TagId(t) for t in linked[i]),
        )
        for i, criterion in enumerate(cred.criteria)
    )
    title = "Exit tickets, spring term"
    portfolio = Portfolio(PORTFOLIO, cred.id, cred.version, title, PortfolioStatus.DRAFT, NOW, NOW)
    return SubmissionContent(
        credential=cred,
        portfolio=portfolio,
        profile=Profile("Ana María Ortiz", "ana.ortiz@example.org"),
        evidence=items,
        tags=tags,
        responses=responses,
        assessments=assessments,
        draft=draft,
        created_at=NOW,
        outstanding=("Analysis of responses is below the passing level",) if draft else (),
    )


def as_draft(content: SubmissionContent) -> SubmissionContent:
    return replace(content, draft=True, outstanding=("Two more sorted responses are needed",))
