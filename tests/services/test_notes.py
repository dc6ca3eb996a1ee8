"""Notes the teacher writes: a blob of Markdown in the media store, edits as new blobs, tags kept,
searchable, checked for names, and exported as text."""

from __future__ import annotations

import zipfile

import pytest

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.readiness import Rule
from portfolio_app.services import notes, readiness, rubric, tags
from portfolio_app.services.evidence import get_evidence, import_files
from portfolio_app.services.leftovers import collect_leftovers
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.search import search
from tests import mediagen as gen

PLAN = "# Reteach plan\n\nSmall group of **six**: fraction strips first, then the number line.\n"


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value


def _stored_text(library, note) -> str:
    return library.store.path(note.blob).read_text(encoding="utf-8")


def test_a_new_note_is_a_blob_of_its_text_in_the_store(library, portfolio):
    outcome = notes.new_note(library, portfolio.id, "  Reteach   plan ", PLAN)
    note = outcome.value
    assert outcome.changes.evidence and outcome.changes.portfolios
    assert note.kind == EvidenceKind.NOTE and note.title == "Reteach plan"
    assert note.media_type == "text/markdown" and note.size_bytes == len(PLAN.encode())
    assert _stored_text(library, note) == PLAN
    assert library.store.verify(note.blob)  # named by the SHA-256 of its content
    assert get_evidence(library, note.id) == note


def test_editing_makes_a_new_blob_and_undo_points_back_at_the_old_one(library, portfolio):
    note = notes.new_note(library, portfolio.id, "Reflection", "First draft.").value
    first_blob = note.blob
    edited = notes.save_note(library, note.id, "Second draft, longer.").value
    assert edited.id == note.id and edited.blob != first_blob
    assert _stored_text(library, edited) == "Second draft, longer."
    assert library.store.has(first_blob)  # never changed in place
    assert get_evidence(library, note.id).note == "Second draft, longer."
    undone = notes.save_note(library, note.id, "First draft.").value
    assert undone.blob == first_blob and get_evidence(library, note.id).blob == first_blob


def test_saving_the_same_text_changes_nothing(library, portfolio):
    note = notes.new_note(library, portfolio.id, "Reflection", "Same.").value
    assert not notes.save_note(library, note.id, "Same.").changes


def test_tags_on_a_note_point_at_the_whole_note_and_survive_edits_and_undo(library, portfolio):
    note = notes.new_note(library, portfolio.id, "Question log", "Why do you think that?").value
    tag = tags.add_tag(library, note.id, "probing-follow-up", note="The follow-up question").value
    assert tag.span is None and tag.region is None
    notes.save_note(library, note.id, "Why do you think that? Who agrees, and why?")
    notes.save_note(library, note.id, "Why do you think that?")
    assert tags.tags_for_evidence(library, note.id) == [tag]


def test_a_note_cannot_take_a_time_range_or_a_region(library, portfolio):
    from portfolio_app.core.portfolio import Region, TimeRange

    note = notes.new_note(library, portfolio.id, "Question log", "text").value
    with pytest.raises(InvalidInputError, match="whole note"):
        tags.add_tag(library, note.id, "probing-follow-up", span=TimeRange(0, 1))
    with pytest.raises(InvalidInputError, match="whole note"):
        tags.add_tag(library, note.id, "probing-follow-up", region=Region(0, 0, 0.5, 0.5))


def test_bad_input_is_refused_and_leaves_nothing(library, portfolio):
    before = set(library.store.blobs())
    with pytest.raises(InvalidInputError, match="title"):
        notes.new_note(library, portfolio.id, "   ", "text")
    with pytest.raises(InvalidInputError, match="at most"):
        notes.new_note(library, portfolio.id, "Long", "x" * (notes.MAX_NOTE_CHARACTERS + 1))
    assert set(library.store.blobs()) == before


def test_only_notes_are_edited_as_text(library, portfolio, tmp_path):
    photo = import_files(library, portfolio.id, [gen.make_jpeg(tmp_path / "work.jpg")]).value.imported[0]
    with pytest.raises(InvalidInputError, match="not a note"):
        notes.save_note(library, photo.id, "text")


def test_an_edited_note_is_found_by_its_new_words(library, portfolio):
    note = notes.new_note(library, portfolio.id, "Reflection", "Fraction strips helped.").value
    notes.save_note(library, note.id, "The number line helped more.")
    assert [h.evidence_id for h in search(library, "number line")] == [note.id]
    assert search(library, "strips") == []


def test_the_old_text_stays_while_this_process_may_undo(library, portfolio):
    note = notes.new_note(library, portfolio.id, "Reflection", "Old words.").value
    notes.save_note(library, note.id, "New words.")
    collect_leftovers(library)
    assert library.store.has(note.blob)  # held for undo while the app runs


def test_a_note_fulfils_a_requirement_for_a_document(library, portfolio):
    requirement = next(r for r in _requirements(library, portfolio) if EvidenceKind.DOCUMENT in r.kinds)
    video_only = next(r for r in _requirements(library, portfolio) if r.kinds == (EvidenceKind.VIDEO,))
    note = notes.new_note(library, portfolio.id, "Question plan", "Three questions, each with a follow-up.").value
    rubric.link_requirement(library, [note.id], video_only.id)
    wrong = [i for i in readiness.check_portfolio(library, portfolio.id).items if i.rule == Rule.WRONG_KIND]
    assert [i.target for i in wrong] == [note.id]
    rubric.link_requirement(library, [note.id], requirement.id)
    wrong = [i for i in readiness.check_portfolio(library, portfolio.id).items if i.rule == Rule.WRONG_KIND]
    assert wrong == []


def test_a_submitted_note_is_exported_as_a_text_file_with_its_latest_text(library, tmp_path):
    from portfolio_app.services.export import export_portfolio
    from tests.ready_portfolio import make_ready_portfolio

    ready = make_ready_portfolio(library, tmp_path / "media")
    requirement = next(r for r in _requirements(library, ready) if EvidenceKind.DOCUMENT in r.kinds)
    note = notes.new_note(library, ready.id, "Question plan", "Draft.").value
    notes.save_note(library, note.id, PLAN)
    rubric.link_requirement(library, [note.id], requirement.id)
    (tmp_path / "out").mkdir()
    info = export_portfolio(library, ready.id, tmp_path / "out" / "bundle.zip", draft=True).value
    with zipfile.ZipFile(info.path) as archive:
        texts = [n for n in archive.namelist() if n.endswith("-note.txt")]
        assert len(texts) == 1
        assert archive.read(texts[0]).decode("utf-8") == f"Question plan\n\n{PLAN}\n"
        report = next(n for n in archive.namelist() if n.endswith("report.pdf"))
        printed = _pdf_text(archive.read(report))
    assert "Reteach plan" in printed and "Small group of six: fraction strips first" in printed
    assert "**" not in printed and "# Reteach" not in printed  # the report shows the note, not its Markdown


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return " ".join(" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))
    finally:
        document.close()


def _requirements(library, portfolio):
    from portfolio_app.services.portfolios import portfolio_with_credential

    return portfolio_with_credential(library, portfolio.id)[1].work_examples.requirements


def test_replacing_a_students_name_in_a_note_rewrites_its_blob(library, portfolio):
    from portfolio_app.services import appearances, names, roster

    group = roster.create_class(library, "7A").value
    roster.add_student(library, group.id, "Maya", video=True, photo=True, audio=True)
    appearances.set_portfolio_class(library, portfolio.id, group.id)
    note = notes.new_note(library, portfolio.id, "Question log", "Maya explained why 2/4 equals 1/2.").value
    requirement = next(r for r in _requirements(library, portfolio) if EvidenceKind.DOCUMENT in r.kinds)
    rubric.link_requirement(library, [note.id], requirement.id)  # what is submitted is checked for names
    (found,) = [i for i in names.name_findings(library, portfolio.id) if i.spot == f"evidence:{note.id}:note"]
    edit = names.replace_name(library, portfolio.id, found.spot).value
    replaced = get_evidence(library, note.id)
    assert "Maya" not in replaced.note and replaced.blob != note.blob
    assert _stored_text(library, replaced) == replaced.note  # the file and the row say the same
    names.undo_text_edit(library, edit)
    assert get_evidence(library, note.id).blob == note.blob
