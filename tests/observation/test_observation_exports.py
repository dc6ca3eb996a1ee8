"""Each export read back by an independent parser: lxml against ELAN's XSD and pympi-ling for EAF,
webvtt-py for WebVTT and SRT, the csv module for CSV, pypdfium2 for the PDF."""

import csv
import io
from pathlib import Path

import pytest

from portfolio_app.bundle.observation.formats import render
from portfolio_app.services.observation_exports import export_observation
from portfolio_app.services.observations import get_record
from tests.observation.lesson import copus_lesson, discussion_lesson

XSD_PATH = Path(__file__).with_name("EAFv3.0.xsd")
DEV = "needs the dev extra (pip install -e '.[dev]')"


@pytest.fixture
def lessons(library):
    return {"copus": copus_lesson(library), "discussion": discussion_lesson(library)}


@pytest.mark.parametrize("which", ["copus", "discussion"])
def test_eaf_is_valid_against_elans_schema_and_pympi_reads_every_event(library, lessons, tmp_path, which):
    etree = pytest.importorskip("lxml.etree", reason=DEV)
    pympi = pytest.importorskip("pympi", reason=DEV)

    path = export_observation(library, lessons[which], "eaf", tmp_path / "lesson.eaf")
    etree.XMLSchema(etree.parse(str(XSD_PATH))).assertValid(etree.parse(str(path)))
    record = get_record(library, lessons[which])
    eaf = pympi.Elan.Eaf(str(path))
    read = []
    for tier in eaf.get_tier_names():
        if tier != "Notes":
            read += [(start, end, value) for start, end, value in eaf.get_annotation_data_for_tier(tier)]
    expected = []
    for event in record.closed_events():
        start = round(event.start_s * 1000)
        end = round(event.end_s * 1000) if event.end_s is not None else start
        expected.append((start, max(end, start + 1), event.code_id))
    assert sorted(read) == sorted(expected)
    notes = eaf.get_annotation_data_for_tier("Notes")
    assert [n[2] for n in notes] == [n.text for n in record.notes]
    scheme = record.scheme
    cv = list(eaf.get_controlled_vocabulary_names())
    assert cv == [f"cv-{scheme.id}"]
    entries = eaf.get_cv_entries(cv[0])
    assert sorted(value[0][0][0] for value in entries.values()) == sorted(c.id for c in scheme.codes)
    # one tier per group, more lanes only where a group's events overlap (COPUS ticks several codes at once)
    tiers = eaf.get_tier_names()
    for group in scheme.groups:
        assert group.label in tiers
    for tier in tiers:
        spans = sorted((s, e) for s, e, _ in eaf.get_annotation_data_for_tier(tier))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), tier


def test_webvtt_and_srt_are_read_back_with_every_event_and_note(library, lessons, tmp_path):
    webvtt = pytest.importorskip("webvtt", reason=DEV)
    record = get_record(library, lessons["discussion"])
    vtt = export_observation(library, record.observation.id, "vtt", tmp_path / "lesson.vtt")
    srt = export_observation(library, record.observation.id, "srt", tmp_path / "lesson.srt")
    from_vtt = webvtt.read(str(vtt))
    from_srt = webvtt.from_srt(str(srt))
    assert len(from_vtt) == len(from_srt) == len(record.events) + len(record.notes)
    assert [c.text for c in from_vtt] == [c.text for c in from_srt]
    assert [c.start for c in from_vtt] == [c.start for c in from_srt]
    texts = [c.text for c in from_vtt]
    assert "Q-probe: Probe or follow-up (S2)" in texts  # Maya is S2 of Leo, Maya, Sam: never her name
    assert not any("Maya" in t for t in texts)
    note = next(c for c in from_vtt if c.text.startswith("Note:"))
    assert note.start == "00:01:41.000" and "-->" not in note.text
    assert b"00:01:41,000 --> 00:01:43,000" in srt.read_bytes()


def test_csv_has_one_row_per_event(library, lessons, tmp_path):
    record = get_record(library, lessons["copus"])
    path = export_observation(library, record.observation.id, "csv", tmp_path)
    assert path.name == f"observation-{record.observation.id}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == len(record.events)
    first = rows[0]
    assert (first["code"], first["kind"], first["start_s"], first["end_s"], first["interval"]) == (
        "I-Lec",
        "tick",
        "0.000",
        "120.000",
        "1",
    )
    assert {r["group"] for r in rows} == {"students", "instructor"}


def test_pdf_summary_holds_the_charts_and_the_notes(library, lessons, tmp_path):
    import pypdfium2

    path = export_observation(library, lessons["copus"], "pdf", tmp_path / "summary.pdf")
    pdf = pypdfium2.PdfDocument(str(path))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for expected in ("Collapsed categories", "Presenting", "Guiding", "Working", "Timeline", "Notes"):
        assert expected in text
    assert "Writes 3/4 and 6/8 side by side" in text
    assert "50%" in text  # lecture in 5 of the 10 intervals


def test_unknown_format_is_refused(library, lessons, tmp_path):
    from portfolio_app.core.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="eaf, vtt, srt, csv, pdf"):
        export_observation(library, lessons["copus"], "docx", tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_render_is_deterministic_but_for_the_eaf_date(library, lessons):
    record = get_record(library, lessons["discussion"])
    for name in ("vtt", "srt", "csv"):
        assert render(record, name) == render(record, name)
