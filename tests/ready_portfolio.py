"""A portfolio that meets every readiness rule, made through the use cases with real media.

Shared by the export tests of services, CLI and window. The photo carries GPS and a camera
serial, and the video a location tag, so that export's metadata stripping is exercised.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.portfolio import Portfolio, Region, TimeRange
from portfolio_app.services import appearances, names, portfolios, roster, rubric, tags
from portfolio_app.services.evidence import import_files
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.profile import save_profile
from tests import mediagen as gen

CREDENTIAL = "questioning-to-deepen-thinking"


def _file(folder: Path, kind: EvidenceKind, n: int) -> Path:
    if kind == EvidenceKind.VIDEO:
        meta = {"location": "+37.7749-122.4194/", "make": "Apple", "model": "iPhone 15"}
        return gen.make_video(folder / f"lesson-{n}.mp4", 2.0, width=320, height=180, metadata=meta)
    if kind == EvidenceKind.IMAGE:
        return gen.make_jpeg(folder / f"student-work-{n}.jpg", serial=f"SN-{n}")
    return gen.make_pdf(folder / f"question-plan-{n}.pdf", text=f"Question plan {n}")


def make_ready_portfolio(library, folder: Path, *, answered: bool = True, credential_id: str = CREDENTIAL) -> Portfolio:
    folder.mkdir(parents=True, exist_ok=True)
    save_profile(library, "Ana Ortiz", "ana.ortiz@lincoln-ms.example.org")
    portfolio = create_portfolio(library, credential_id, "Grade 7 science").value
    credential = portfolios.portfolio_with_credential(library, portfolio.id)[1]
    imported = {}
    for requirement in credential.work_examples.requirements:
        files = [_file(folder, requirement.kinds[0], n) for n in range(requirement.min_count)]
        report = import_files(library, portfolio.id, files).value
        assert not report.failed, report.failed
        rubric.link_requirement(library, [e.id for e in report.imported], requirement.id)
        imported[requirement.id] = report.imported
    video = next(e for items in imported.values() for e in items if e.kind == EvidenceKind.VIDEO)
    photo = next(e for items in imported.values() for e in items if e.kind == EvidenceKind.IMAGE)
    # Maya, whose family consented to everything, is in the first video; nobody else is filmed
    group = roster.create_class(library, "7A").value
    maya = roster.add_student(library, group.id, "Maya", video=True, photo=True, audio=True).value
    appearances.set_portfolio_class(library, portfolio.id, group.id)
    for item in (e for items in imported.values() for e in items):
        appearances.set_students(library, item.id, item.id == video.id, [maya.id] if item.id == video.id else [])
    for number, criterion in enumerate(credential.criteria_for(Part.WORK_EXAMPLES)):
        tags.add_tag(library, video.id, criterion.id, span=TimeRange(0.2 * number, 0.2 * number + 1), note="Here")
    tags.add_tag(
        library, photo.id, credential.criteria_for(Part.WORK_EXAMPLES)[0].id, region=Region(0.1, 0.1, 0.5, 0.5)
    )
    for item in (e for items in imported.values() for e in items):
        names.confirm_names_covered(library, item.id)  # the teacher looked: no handwritten names
    if answered:
        for prompt in credential.prompts:
            text = " ".join(["Twenty-four students in grade seven science"] * (max(prompt.min_words, 60) // 6 + 1))
            rubric.save_response(library, portfolio.id, prompt.id, text)
    for criterion in credential.criteria:
        rubric.assess(library, portfolio.id, criterion.id, criterion.passing_level, "The tagged moments show it.")
    return portfolio
