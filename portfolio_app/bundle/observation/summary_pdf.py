"""The PDF summary of an observation: who and what, shares per category and per code as bar charts,
a timeline with a lane per code, participation per student, the coach's ratings, and the notes."""

from __future__ import annotations

import io
from html import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portfolio_app.bundle.report import INK, LINE, MARGIN, MUTED, _styles
from portfolio_app.core.observation import ObservationRecord, clock_text
from portfolio_app.core.observation_summary import Summary, summarize

BAR = colors.HexColor("#2f6db5")
CATEGORY = colors.HexColor("#1e7a46")
NOTE = colors.HexColor("#a4451b")
WIDTH = A4[0] - 2 * MARGIN


def summary_pdf(record: ObservationRecord) -> bytes:
    """The summary as PDF bytes."""
    s = _styles()
    o = record.observation
    summary = summarize(record)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Observation: {o.title}",
        author=o.observer,
        subject=f"Classroom observation coded with {o.scheme.title}",
        creator="Micro-credential Portfolio",
    )
    unit = "interval" if summary.units.kind == "interval" else "bin"
    story: list = [
        Paragraph("CLASSROOM OBSERVATION", s["eyebrow"]),
        Paragraph(_e(o.title), s["title"]),
        Paragraph(
            _e(
                f"Observer: {o.observer or '—'} · Teacher: {o.teacher or '—'} · Lesson: {o.lesson or '—'} · "
                f"{o.created_at[:10]}"
            ),
            s["lead"],
        ),
        Paragraph(
            _e(
                f"Coded with {o.scheme.title} ({o.mode}); {clock_text(record.length_s())} observed; "
                f"{_count(len(record.events), 'event')}, {_count(len(record.notes), 'note')}. Shares are of "
                f"{summary.units.count} {unit}s of {summary.units.seconds:g} s."
            ),
            s["muted"],
        ),
        Spacer(1, 4 * mm),
    ]
    if summary.categories:
        story += [Paragraph("Collapsed categories", s["h2"]), _bars(_category_rows(summary), CATEGORY)]
    story += [Paragraph(f"Share of {unit}s per code", s["h2"]), _bars(_code_rows(summary), BAR)]
    story += [Paragraph("Timeline", s["h2"]), _timeline(record)]
    if summary.participation:
        story += [Paragraph("Participation", s["h2"]), _participation(summary, s)]
    if record.ratings:
        rows = [[Paragraph("<b>Criterion</b>", s["cell"]), Paragraph("<b>Level</b>", s["cell"]), ""]]
        rows += [
            [Paragraph(_e(r.criterion_id), s["cell"]), r.level_id, Paragraph(_e(r.note), s["cell"])]
            for r in record.ratings
        ]
        story += [Paragraph("The coach's ratings", s["h2"]), _grid(rows, [55 * mm, 30 * mm, WIDTH - 85 * mm])]
    story.append(Paragraph("Notes", s["h2"]))
    if record.notes:
        rows = [[clock_text(n.at_s), Paragraph(_e(n.text), s["cell"])] for n in record.notes]
        story.append(_grid(rows, [20 * mm, WIDTH - 20 * mm]))
    else:
        story.append(Paragraph("No notes.", s["muted"]))
    document.build(story)
    return out.getvalue()


def _category_rows(summary: Summary) -> list[tuple[str, float]]:
    return [(f"{c.category.label} ({c.category.group})", c.share) for c in summary.categories]


def _code_rows(summary: Summary) -> list[tuple[str, float]]:
    return [(f"{c.code.id} {c.code.label}", c.share) for c in summary.codes]


def _bars(rows: list[tuple[str, float]], colour) -> Drawing:
    """Horizontal bars, one per row, labelled, with the percentage at the end."""
    row_h, label_w = 11, 62 * mm
    drawing = Drawing(WIDTH, row_h * len(rows) + 4)
    bar_w = WIDTH - label_w - 14 * mm
    for index, (label, share) in enumerate(rows):
        y = row_h * (len(rows) - index - 1) + 2
        drawing.add(String(0, y + 1.5, label[:42], fontName="Vera", fontSize=7, fillColor=INK))
        drawing.add(Rect(label_w, y, bar_w, row_h - 3, fillColor=colors.HexColor("#eef1f5"), strokeColor=None))
        if share > 0:
            drawing.add(Rect(label_w, y, bar_w * share, row_h - 3, fillColor=colour, strokeColor=None))
        drawing.add(String(label_w + bar_w + 2, y + 1.5, f"{share * 100:.0f}%", fontName="Vera", fontSize=7))
    return drawing


def _timeline(record: ObservationRecord) -> Drawing:
    """A lane per code used (bars for states and ticks, ticks for points) and a lane of note flags."""
    used = [c for c in record.scheme.codes if any(e.code_id == c.id for e in record.events)]
    lane_h, label_w = 9, 22 * mm
    length = max(record.length_s(), 1.0)
    span = WIDTH - label_w
    height = lane_h * (len(used) + 1) + 12
    drawing = Drawing(WIDTH, height)
    x = lambda seconds: label_w + span * min(seconds / length, 1.0)  # noqa: E731
    lanes = {c.id: height - 12 - lane_h * (n + 1) for n, c in enumerate(used)}
    for code in used:
        drawing.add(String(0, lanes[code.id] + 2, code.id, fontName="Vera", fontSize=6.5, fillColor=INK))
        drawing.add(Line(label_w, lanes[code.id], WIDTH, lanes[code.id], strokeColor=LINE, strokeWidth=0.3))
    for event in record.closed_events():
        y = lanes[event.code_id]
        if event.end_s is None or event.end_s <= event.start_s:
            drawing.add(
                Line(x(event.start_s), y + 1, x(event.start_s), y + lane_h - 2, strokeColor=BAR, strokeWidth=0.8)
            )
        else:
            width = max(x(event.end_s) - x(event.start_s), 0.8)
            drawing.add(Rect(x(event.start_s), y + 1, width, lane_h - 3, fillColor=BAR, strokeColor=None))
    notes_y = height - 12 - lane_h * (len(used) + 1)
    drawing.add(String(0, notes_y + 2, "Notes", fontName="Vera", fontSize=6.5, fillColor=MUTED))
    for note in record.notes:
        drawing.add(Line(x(note.at_s), notes_y + 1, x(note.at_s), notes_y + lane_h - 2, strokeColor=NOTE))
    for minute in range(0, int(length // 60) + 1, max(1, int(length // 600))):
        drawing.add(String(x(minute * 60), height - 8, f"{minute} min", fontName="Vera", fontSize=6, fillColor=MUTED))
    return drawing


def _participation(summary: Summary, s) -> Table:
    rows = [
        [
            Paragraph("<b>Student</b>", s["cell"]),
            Paragraph("<b>Times</b>", s["cell"]),
            Paragraph("<b>Codes</b>", s["cell"]),
        ]
    ]
    for name, counts in sorted(summary.participation.items(), key=lambda item: -sum(item[1].values())):
        kinds = ", ".join(f"{code} × {n}" for code, n in counts.most_common())
        rows.append([name, str(sum(counts.values())), Paragraph(_e(kinds), s["cell"])])
    return _grid(rows, [25 * mm, 25 * mm, WIDTH - 50 * mm])


def _grid(rows: list, widths: list) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if len(rows) > 1 else 0)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Vera", 8.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, LINE),
            ]
        )
    )
    return table


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _e(text: object) -> str:
    return escape(str(text), quote=False)
