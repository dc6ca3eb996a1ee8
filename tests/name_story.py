"""Issue 15's story, shared by the services and window tests: a ready portfolio whose class has Maya and
Leo, a photo named after Maya, a tag note and an answer naming her, and a PDF whose text has Leo."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.portfolio import TimeRange
from portfolio_app.services import appearances, portfolios, roster, rubric, tags
from portfolio_app.services.evidence import import_files, list_evidence
from tests import mediagen as gen
from tests.ready_portfolio import make_ready_portfolio


def make_story(library, tmp_path: Path):
    """(portfolio, the photo, the PDF, the tag, the prompt answered)."""
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    group = appearances.portfolio_class(library, portfolio.id)
    roster.add_student(library, group.id, "Leo", photo=True)
    photo_file = gen.make_jpeg(tmp_path / "exit-ticket-maya.jpg", serial=None)
    pdf_file = gen.make_pdf(tmp_path / "reading-log.pdf", pages=1, text="Leo explained why the ice melts")
    photo, pdf = import_files(library, portfolio.id, [photo_file, pdf_file]).value.imported
    rubric.link_requirement(library, [photo.id, pdf.id], "student-responses")
    for item in (photo, pdf):
        appearances.set_students(library, item.id, False)
    video = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.VIDEO)
    credential = portfolios.portfolio_with_credential(library, portfolio.id)[1]
    criterion = credential.criteria_for(Part.WORK_EXAMPLES)[0]
    tag = tags.add_tag(library, video.id, criterion.id, span=TimeRange(0.1, 0.8), note="Maya's answer goes past recall")
    prompt = credential.prompts[0]
    answer = rubric.get_responses(library, portfolio.id)[prompt.id].text + " Then Maya compared two models."
    rubric.save_response(library, portfolio.id, prompt.id, answer)
    return portfolio, photo, pdf, tag.value, prompt
