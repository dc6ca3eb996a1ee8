"""Issue 15's story: students' names that would leave the laptop are found where they are, block the
export, are fixed in one step each (undoably), and the bundle then carries no roster name anywhere."""

from __future__ import annotations

import io
import zipfile

import pytest

from portfolio_app.core.names import NameToFind, find_names
from portfolio_app.core.readiness import Place, Rule
from portfolio_app.media.embedded_text import image_text_metadata, pdf_page_texts, recording_text_metadata
from portfolio_app.services import appearances, export, names, roster, tags
from portfolio_app.services.private_copies import withdraw_copy
from portfolio_app.services.readiness import check_portfolio
from tests import mediagen as gen
from tests.name_story import make_story

ROSTER = [NameToFind("Maya", "m", "Maya", "Student A"), NameToFind("Leo", "l", "Leo", "Student B")]


def _found(items, rule=Rule.STUDENT_NAME):
    return {(i.spot, i.name) for i in items if i.rule == rule}


@pytest.fixture
def story(library, tmp_path):
    return make_story(library, tmp_path)


def test_names_block_the_export_until_fixed_and_the_bundle_carries_none(library, tmp_path, story):
    portfolio, photo, pdf, tag, prompt = story
    items = check_portfolio(library, portfolio.id).items
    title_spot, tag_spot = f"evidence:{photo.id}:title", f"tag:{tag.id}"
    answer_spot, page_spot = f"response:{prompt.id}", f"evidence:{pdf.id}:page:0"
    assert _found(items) == {(title_spot, "Maya"), (tag_spot, "Maya"), (answer_spot, "Maya"), (page_spot, "Leo")}
    places = {i.spot: (i.place, i.target) for i in items if i.rule == Rule.STUDENT_NAME}
    assert places[title_spot] == (Place.EVIDENCE, photo.id)
    assert places[answer_spot] == (Place.PROMPT, prompt.id)
    assert places[page_spot] == (Place.EVIDENCE, pdf.id)
    assert "page 1" in next(i.message for i in items if i.spot == page_spot)
    # the photo and the PDF may hold handwriting the app cannot read: the teacher must say so
    assert {i.target for i in items if i.rule == Rule.NAMES_UNCHECKED} == {photo.id, pdf.id}
    with pytest.raises(export.NotReadyError, match="Maya"):
        export.plan_export(library, portfolio.id)

    renamed = names.replace_name(library, portfolio.id, title_spot).value
    assert renamed.after == "exit-ticket-Student A"
    names.undo_text_edit(library, renamed)  # undoable: the name is back, and so is the item
    assert (title_spot, "Maya") in _found(check_portfolio(library, portfolio.id).items)
    names.replace_name(library, portfolio.id, title_spot)
    names.replace_name(library, portfolio.id, tag_spot)
    assert tags.get_tag(library, tag.id).note == "Student A's answer goes past recall"
    names.replace_name(library, portfolio.id, answer_spot)
    redacted = names.redact_names(library, portfolio.id, page_spot).value
    assert redacted.boxes == 1
    names.confirm_names_covered(library, photo.id)
    assert check_portfolio(library, portfolio.id).ready, check_portfolio(library, portfolio.id).items

    info = export.export_portfolio(library, portfolio.id, tmp_path / "bundle.zip").value
    _assert_no_roster_name(info.path, tmp_path / "unzipped")

    withdraw_copy(library, redacted.handover)  # undoing the redaction brings Leo's page back
    assert (page_spot, "Leo") in _found(check_portfolio(library, portfolio.id).items)


def _assert_no_roster_name(bundle, folder):
    folder.mkdir()
    with zipfile.ZipFile(bundle) as archive:
        entries = archive.namelist()
        assert not [n for n in entries if find_names(n, ROSTER, any_case=True)]
        assert any(n.endswith("/data/evidence/04-photo.jpg") or "-photo.jpg" in n for n in entries)
        for name in entries:
            data = archive.read(name)
            if name.endswith((".json", ".html", ".txt", ".minisig")):
                assert not find_names(data.decode("utf-8"), ROSTER, any_case=True), name
            elif name.endswith(".pdf"):
                path = folder / name.replace("/", "_")
                path.write_bytes(data)
                text = " ".join(pdf_page_texts(path))
                assert not find_names(text, ROSTER, any_case=True), name
                if name.endswith("report.pdf"):
                    assert "Student A" in text  # the report was read: it has the fixed title
            elif name.endswith((".jpg", ".png")):
                assert not image_text_metadata(io.BytesIO(data)), name
            elif name.endswith(".mp4"):
                path = folder / name.replace("/", "_")
                path.write_bytes(data)
                assert not find_names(" ".join(recording_text_metadata(path).values()), ROSTER, any_case=True)


def test_not_a_students_name_is_remembered_for_that_place_only(library, story):
    portfolio, photo, _, tag, prompt = story
    tag_spot, answer_spot = f"tag:{tag.id}", f"response:{prompt.id}"
    names.dismiss_name(library, portfolio.id, tag_spot, "maya")
    found = _found(check_portfolio(library, portfolio.id).items)
    assert (tag_spot, "Maya") not in found and (answer_spot, "Maya") in found
    names.dismiss_name(library, portfolio.id, tag_spot, "Maya", dismissed=False)  # undo
    assert (tag_spot, "Maya") in _found(check_portfolio(library, portfolio.id).items)


def test_full_names_and_pseudonyms_from_the_roster(library, story):
    portfolio, _, _, tag, _ = story
    group = appearances.portfolio_class(library, portfolio.id)
    maya = roster.students_named(library, group.id, ["Maya"])[0]
    names.set_student_names(library, maya.id, "Star", ["Maya Rossi"])
    edit = tags.get_tag(library, tag.id)
    tags.edit_tag(library, type(edit)(**{**edit.__dict__, "note": "Maya Rossi's answer"}))
    assert names.replace_name(library, portfolio.id, f"tag:{tag.id}").value.after == "Star's answer"


def test_the_teachers_own_name_and_ordinary_words_are_not_findings(library, story):
    portfolio, photo, _, tag, _ = story
    group = appearances.portfolio_class(library, portfolio.id)
    roster.add_student(library, group.id, "Will")
    roster.add_student(library, group.id, "Ana")  # the teacher is Ana Ortiz
    edit = tags.get_tag(library, tag.id)
    note = "Students will explain; Ms. Ortiz and Ana Ortiz ask; nobody else."
    tags.edit_tag(library, type(edit)(**{**edit.__dict__, "note": note}))
    assert not [i for i in check_portfolio(library, portfolio.id).items if i.spot == f"tag:{tag.id}"]


def test_text_inside_files_is_read(tmp_path):
    from PIL import Image

    photo = tmp_path / "p.jpg"
    exif = Image.Exif()
    exif[0x010E] = "Maya's exit ticket"
    exif[0x9C9B] = "Leo".encode("utf-16-le")
    Image.new("RGB", (16, 16)).save(photo, exif=exif)
    found = image_text_metadata(photo)
    assert found["description"] == "Maya's exit ticket" and found["title"] == "Leo"
    video = gen.make_video(tmp_path / "v.mp4", 0.5, width=64, height=64, metadata={"title": "Maya group"})
    assert recording_text_metadata(video)["title"] == "Maya group"
