"""`portfolio blur`: exit codes, JSON, and the copy taking the original's place."""

from __future__ import annotations

import json

import pytest

from portfolio_app.cli import main
from portfolio_app.services import tags
from portfolio_app.services.evidence import get_evidence, import_files
from portfolio_app.services.library import open_library
from tests.face_evidence import import_face_files, make_face_files
from tests.mediagen import make_pdf


@pytest.fixture(scope="module")
def face_files(tmp_path_factory: pytest.TempPathFactory):
    return make_face_files(tmp_path_factory.mktemp("face-files"))


@pytest.fixture
def imported(data_dir, face_files, tmp_path):
    library = open_library(data_dir)
    try:
        video, photo = import_face_files(library, face_files)
        pdf = import_files(library, video.portfolio_id, [make_pdf(tmp_path / "plan.pdf")]).value.imported[0]
    finally:
        library.close()
    return video, photo, pdf


def _run(data_dir, capsys, *args: str):
    code = main([*args, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_blur_prints_the_copy_which_takes_the_originals_place(data_dir, imported, capsys) -> None:
    video, _, _ = imported
    code, out, err = _run(data_dir, capsys, "blur", video.id, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert (document["faces_blurred"], document["tracks"]) == (3, 3)
    assert document["derived_from"] == video.id
    library = open_library(data_dir)
    try:
        copy = get_evidence(library, document["id"])
        assert copy.derivation == "blur faces 3 of 3" and copy.title == "class (faces blurred)"
        assert copy.requirement_id == video.requirement_id is not None  # the copy is the one submitted
        assert get_evidence(library, video.id).requirement_id is None
        assert len(tags.tags_for_evidence(library, copy.id)) == 1
    finally:
        library.close()


def test_blur_of_a_photo_prints_just_the_id(data_dir, imported, capsys) -> None:
    _, photo, _ = imported
    code, out, err = _run(data_dir, capsys, "blur", photo.id)
    assert code == 0, err
    assert len(out.split()) == 1 and out.strip() != photo.id


def test_blur_refuses_a_document_and_an_unknown_id(data_dir, imported, capsys) -> None:
    _, _, pdf = imported
    code, out, err = _run(data_dir, capsys, "blur", pdf.id)
    assert code == 1 and out == ""
    assert "is not a video or a photo" in err
    code, _, err = _run(data_dir, capsys, "blur", "nosuchid00")
    assert code == 1 and "nosuchid00" in err


def test_faces_lists_tracks_and_blur_keeps_the_ones_named(data_dir, imported, capsys) -> None:
    from pathlib import Path

    _, photo, _ = imported
    code, out, err = _run(data_dir, capsys, "faces", photo.id, "--json")
    assert code == 0, err
    tracks = json.loads(out)["tracks"]
    assert len(tracks) == 4 and all(Path(t["thumbnail"]).read_bytes()[:2] == b"\xff\xd8" for t in tracks)
    assert {(t["start_s"], t["end_s"], t["kept"]) for t in tracks} == {(0.0, 0.0, False)}
    first = tracks[0]["id"]
    code, _, err = _run(data_dir, capsys, "blur", photo.id, "--keep", f"{first}:Maya")
    assert code == 1 and "no class" in err  # a student's face needs the portfolio's class
    code, _, err = _run(data_dir, capsys, "blur", photo.id, "--keep", "one:teacher")
    assert code == 1 and "TRACK:PERSON" in err
    code, out, err = _run(data_dir, capsys, "blur", photo.id, "--keep", f"{first}:adult=Ms Lee", "--json")
    assert code == 0, err
    assert json.loads(out)["faces_blurred"] == 3
    code, out, _ = _run(data_dir, capsys, "faces", photo.id, "--json")
    kept = [t for t in json.loads(out)["tracks"] if t["kept"]]
    assert kept == []  # the saved review is not changed by a headless blur: it applies only --keep
