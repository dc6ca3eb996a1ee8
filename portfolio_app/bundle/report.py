"""`data/report.pdf`: the printable summary of a submission, drawn with reportlab (no Qt).

Cover (credential, teacher, date, and a DRAFT watermark on every page of a draft), the written
responses, the rubric with the chosen levels, justifications and whether each meets its
passing level, and the evidence with thumbnails and tags. Text is set in Bitstream Vera
(resources/fonts, as shipped in reportlab's wheel), embedded, so the PDF looks the same everywhere.
"""

from __future__ import annotations

import io
from functools import cache
from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from portfolio_app.bundle.content import BundleEvidence, SubmissionContent
from portfolio_app.bundle.note_markup import note_blocks
from portfolio_app.bundle.region_pictures import region_picture
from portfolio_app.bundle.submission import word_count
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import Tag
from portfolio_app.core.text import clock, size_text
from portfolio_app.resource_paths import resources_dir

INK = colors.HexColor("#1d2430")
MUTED = colors.HexColor("#5b6472")
LINE = colors.HexColor("#d9dee6")
PASS = colors.HexColor("#1e7a46")
NOT_YET = colors.HexColor("#a4451b")
MARGIN = 18 * mm


def report_pdf(content: SubmissionContent) -> bytes:
    """The report as PDF bytes."""
    styles = _styles()
    out = io.BytesIO()
    credential = content.credential
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 6 * mm,
        bottomMargin=MARGIN,
        title=f"{credential.title} — {content.profile.name}",
        author=content.profile.name,
        subject=f"Micro-credential submission {credential.key}",
        creator="Micro-credential Portfolio",
    )
    story = (
        _cover(content, styles) + _responses(content, styles) + _rubric(content, styles) + _evidence(content, styles)
    )

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Vera", 8)
        canvas.setFillColor(MUTED)
        width, height = A4
        if doc.page > 1:
            canvas.drawString(MARGIN, height - MARGIN + 2 * mm, f"{credential.title} — {content.profile.name}"[:110])
        canvas.drawRightString(width - MARGIN, MARGIN - 8 * mm, f"Page {doc.page}")
        canvas.drawString(MARGIN, MARGIN - 8 * mm, f"{credential.key} · {content.created_at[:10]}")
        if content.draft:
            canvas.setFillColor(colors.Color(0.85, 0.2, 0.1, alpha=0.13))
            canvas.setFont("VeraBd", 110)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -35, "DRAFT")
        canvas.restoreState()

    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _cover(content: SubmissionContent, s: dict[str, ParagraphStyle]) -> list:
    c = content.credential
    passing = sum(
        1 for a in content.assessments if any(cr.id == a.criterion_id and cr.passes(a.level_id) for cr in c.criteria)
    )
    facts = [
        ("Teacher", f"{content.profile.name} <{content.profile.email}>"),
        ("Credential", f"{c.id}, version {c.version}"),
        ("Issuer", c.issuer.name),
        ("Portfolio", f"{content.portfolio.title} (attempt {content.portfolio.attempt})"),
        ("Created", f"{content.created_at[:16].replace('T', ' ')} UTC"),
        ("Self-assessment", f"{passing} of {len(c.criteria)} criteria at or above the passing level"),
        ("Evidence", f"{len(content.evidence)} items, {len(content.tags)} tags"),
    ]
    story: list = [
        Spacer(1, 30 * mm),
        Paragraph("MICRO-CREDENTIAL SUBMISSION" + (" · DRAFT" if content.draft else ""), s["eyebrow"]),
        Paragraph(_e(c.title), s["title"]),
        Paragraph(_e(c.competency), s["lead"]),
        Spacer(1, 8 * mm),
        _grid([[Paragraph(_e(k), s["label"]), Paragraph(_e(v), s["body"])] for k, v in facts], [38 * mm, None]),
    ]
    if content.draft:
        story += [Spacer(1, 8 * mm), Paragraph("This is a draft, not ready for review.", s["h3"])]
        story += [Paragraph("• " + _e(item), s["body"]) for item in content.outstanding]
    story.append(PageBreak())
    return story


def _responses(content: SubmissionContent, s: dict[str, ParagraphStyle]) -> list:
    answers = {r.prompt_id: r for r in content.responses}
    story: list = [Paragraph("Written responses", s["h1"])]
    for part in (content.credential.overview, content.credential.reflection):
        story.append(Paragraph(_e(part.title), s["h2"]))
        for prompt in part.prompts:
            response = answers.get(prompt.id)
            story.append(Paragraph(_e(prompt.text), s["h3"]))
            if response is None or not response.text.strip():
                story.append(Paragraph("No response.", s["muted"]))
                continue
            story += [Paragraph(_e(par), s["body"]) for par in response.text.split("\n\n") if par.strip()]
            limit = f"{prompt.min_words}–{prompt.max_words}" if prompt.min_words else f"up to {prompt.max_words}"
            story.append(Paragraph(f"{word_count(response.text)} words ({limit})", s["muted"]))
    return story


def _rubric(content: SubmissionContent, s: dict[str, ParagraphStyle]) -> list:
    chosen = {a.criterion_id: a for a in content.assessments}
    rows = [[Paragraph(h, s["label"]) for h in ("Criterion", "Level", "Result", "Justification")]]
    results = []
    for criterion in content.credential.criteria:
        assessment = chosen.get(criterion.id)
        if assessment is None:
            level, result, justification, passes = "—", "Not assessed", "", None
        else:
            passes = criterion.passes(assessment.level_id)
            level = criterion.level(assessment.level_id).label
            result = "Meets" if passes else "Not yet"
            justification = assessment.justification
        results.append(passes)
        passing_label = criterion.level(criterion.passing_level).label
        rows.append(
            [
                Paragraph(
                    f"<b>{_e(criterion.title)}</b><br/><font size=7 color='#5b6472'>passing level: "
                    f"{_e(passing_label)}</font>",
                    s["cell"],
                ),
                Paragraph(_e(level), s["cell"]),
                Paragraph(_e(result), s["pass" if passes else "notyet" if passes is False else "cell"]),
                Paragraph(_e(justification), s["cell"]),
            ]
        )
    table = _grid(rows, [45 * mm, 27 * mm, 20 * mm, None], header=True)
    # the rubric follows the answers on their last page when a few of its rows fit there (no lone answer)
    return [CondPageBreak(70 * mm), Paragraph("Self-assessment against the rubric", s["h1"]), table]


def _evidence(content: SubmissionContent, s: dict[str, ParagraphStyle]) -> list:
    by_evidence: dict[str, list[Tag]] = {}
    for tag in content.tags:
        by_evidence.setdefault(tag.evidence_id, []).append(tag)
    story: list = [CondPageBreak(80 * mm), Paragraph("Evidence", s["h1"])]
    for number, item in enumerate(content.evidence, start=1):
        story.append(KeepTogether(_evidence_block(content, number, item, by_evidence.get(item.evidence.id, []), s)))
    return story


def _evidence_block(
    content: SubmissionContent, number: int, item: BundleEvidence, tags: list[Tag], s: dict[str, ParagraphStyle]
) -> list:
    e = item.evidence
    facts = [str(e.kind).capitalize(), size_text(item.size_bytes)]
    if e.duration_s:
        facts.append(clock(e.duration_s))
    if e.derivation:
        facts.append(f"edited: {e.derivation}")
    text = [
        Paragraph(f"{number}. {_e(e.title)}", s["h3"]),
        Paragraph(_e(" · ".join(facts)), s["muted"]),
        Paragraph(f"File: data/{_e(item.archive_name)}", s["small"]),
        Paragraph(f"SHA-256: {_e(item.sha256)}", s["small"]),
    ]
    if e.kind == EvidenceKind.NOTE:  # written in the app: its headings, emphasis and lists, as in the viewer
        text += _note(e.note, s)
    elif e.note:
        text.append(Paragraph(_e(e.note), s["body"]))
    for tag in tags:
        try:
            criterion = content.credential.criterion(tag.criterion_id).title
        except KeyError:
            criterion = tag.criterion_id
        note = f" — {_e(tag.note)}" if tag.note else ""
        text.append(Paragraph(f"• <b>{_e(criterion)}</b>: {_e(_where(tag))}{note}", s["cell"]))
        if tag.region is not None:
            text += _region_picture(item, tag, s)
    picture = _thumbnail(item.thumbnail)
    return [_grid([[picture, text]], [48 * mm, None], lines=False), Spacer(1, 4 * mm)]


def _region_picture(item: BundleEvidence, tag: Tag, s: dict[str, ParagraphStyle]) -> list:
    """The tagged region as the viewer shows it: its photo or page cropped around it, outlined."""
    assert tag.region is not None
    picture = region_picture(item, tag.region)
    if picture is None:
        return []
    data = io.BytesIO()
    picture.save(data, "JPEG", quality=85)
    width, height = picture.size
    scale = min(90 * mm / width, 60 * mm / height)
    where = f"page {tag.region.page + 1}" if item.evidence.kind != EvidenceKind.IMAGE else "the photo"
    return [
        Image(data, width=width * scale, height=height * scale, hAlign="LEFT"),
        Paragraph(f"Region outlined on {where}", s["small"]),
        Spacer(1, 2 * mm),
    ]


def _thumbnail(path: Path | None):
    if path is None:
        return ""
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(str(path))
        width, height = reader.getSize()
    except Exception:  # a thumbnail is a nicety: a broken one leaves an empty cell
        return ""
    scale = min(44 * mm / width, 33 * mm / height)
    return Image(str(path), width=width * scale, height=height * scale)


def _grid(rows: list, widths: list, *, header: bool = False, lines: bool = True) -> Table:
    page_width = A4[0] - 2 * MARGIN
    fixed = sum(w for w in widths if w)
    widths = [w or (page_width - fixed) for w in widths]
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4)]
    if lines:
        style.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE))
    if header:
        style += [("LINEBELOW", (0, 0), (-1, 0), 1.2, INK), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f4f6f9"))]
    table.setStyle(TableStyle(style))
    return table


def _where(tag: Tag) -> str:
    if tag.span is not None:
        return f"{clock(tag.span.start_s)}–{clock(tag.span.end_s)}"
    if tag.region is not None:
        return f"the region pictured on page {tag.region.page + 1}" if tag.region.page else "the region pictured"
    return "whole item"


def _e(text: object) -> str:
    return escape(str(text), quote=False).replace("\n", "<br/>")


def _note(note: str, s: dict[str, ParagraphStyle]) -> list:
    paragraphs = []
    for block in note_blocks(note):
        indent = 12 * block.depth
        if block.kind == "heading":
            paragraphs.append(Paragraph(block.markup, s["h3"]))
        elif block.kind == "item":
            style = ParagraphStyle(f"item{block.depth}", parent=s["body"], leftIndent=indent, bulletIndent=indent - 9)
            paragraphs.append(Paragraph(block.markup, style, bulletText=block.bullet))
        else:
            paragraphs.append(Paragraph(block.markup, ParagraphStyle("para", parent=s["body"], leftIndent=indent)))
    return paragraphs


@cache
def _styles() -> dict[str, ParagraphStyle]:
    fonts = resources_dir() / "fonts"  # resources/, not reportlab's folder: the packaged app bundles resources/
    for name, file in (
        ("Vera", "Vera.ttf"),
        ("VeraBd", "VeraBd.ttf"),
        ("VeraIt", "VeraIt.ttf"),
        ("VeraBI", "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="VeraIt", boldItalic="VeraBI")

    def style(name: str, size: float, **extra) -> ParagraphStyle:
        base = {"fontName": "Vera", "fontSize": size, "leading": size * 1.35, "textColor": INK, "alignment": TA_LEFT}
        return ParagraphStyle(name, **(base | extra))

    return {
        "eyebrow": style("eyebrow", 9, textColor=MUTED, spaceAfter=4),
        "title": style("title", 26, fontName="VeraBd", leading=31, spaceAfter=10),
        "lead": style("lead", 12, textColor=MUTED),
        "h1": style("h1", 17, fontName="VeraBd", spaceAfter=8, spaceBefore=4),
        "h2": style("h2", 13, fontName="VeraBd", spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "h3": style("h3", 10.5, fontName="VeraBd", spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "body": style("body", 9.5, spaceAfter=4),
        "muted": style("muted", 8.5, textColor=MUTED, spaceAfter=4),
        "small": style("small", 7, textColor=MUTED),
        "label": style("label", 8, fontName="VeraBd", textColor=MUTED),
        "cell": style("cell", 8.5),
        "pass": style("pass", 8.5, fontName="VeraBd", textColor=PASS),
        "notyet": style("notyet", 8.5, fontName="VeraBd", textColor=NOT_YET),
    }
