"""Importing evidence: every kind, bad input of every sort, dedupe, cancel, nothing left behind."""

import os
import stat

import pytest

from portfolio_app.core.errors import Cancelled, MediaError, NotFoundError
from portfolio_app.services import evidence as uc
from portfolio_app.services.portfolios import create_portfolio, list_portfolios
from tests import mediagen as gen


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _store_files(library) -> set[str]:
    return set(library.store.blobs())


def test_import_every_kind(library, portfolio, tmp_path):
    files = [
        gen.make_video(tmp_path / "lesson part 1.mp4", 2.0),
        gen.make_video(tmp_path / "discussion.mov", 1.0),
        gen.make_video(tmp_path / "group work.webm", 1.0),
        gen.make_audio(tmp_path / "interview.m4a"),
        gen.make_audio(tmp_path / "read aloud.mp3"),
        gen.make_jpeg(tmp_path / "exit ticket.jpg", orientation=6),
        gen.make_heic(tmp_path / "IMG_0042.heic"),
        gen.make_png(tmp_path / "anchor chart.png"),
        gen.make_pdf(tmp_path / "lesson plan.pdf", 3),
        gen.make_docx_like(tmp_path / "rubric notes.docx"),
    ]
    report = uc.import_files(library, portfolio.id, files).value
    assert report.failed == () and len(report.imported) == len(files)
    by_name = {e.original_name: e for e in uc.list_evidence(library, portfolio.id)}
    video = by_name["lesson part 1.mp4"]
    assert (video.kind, video.codecs, video.width, video.height) == ("video", "h264/aac", 640, 360)
    assert video.duration_s == pytest.approx(2.0, abs=0.05) and video.title == "lesson part 1"
    assert by_name["interview.m4a"].kind == "audio" and by_name["interview.m4a"].thumbnail is None
    photo = by_name["exit ticket.jpg"]
    assert (photo.kind, photo.width, photo.height) == ("image", 600, 800)  # EXIF orientation 6: upright is portrait
    assert by_name["IMG_0042.heic"].media_type == "image/heic"
    assert by_name["lesson plan.pdf"].thumbnail is not None
    assert by_name["rubric notes.docx"].kind == "document"
    for evidence in by_name.values():
        stored = uc.media_path(library, evidence)
        assert stored.read_bytes() == (tmp_path / evidence.original_name).read_bytes()
        if evidence.thumbnail:
            assert uc.thumbnail_path(library, evidence).read_bytes()[:3] == b"\xff\xd8\xff"
    assert list_portfolios(library)[0].evidence_count == len(files)


def test_folders_are_searched_and_hidden_or_unsupported_files_skipped(library, portfolio, tmp_path):
    folder = tmp_path / "Lesson 3 — français"
    (folder / "photos").mkdir(parents=True)
    gen.make_jpeg(folder / "photos" / "board.jpg")
    gen.make_png(folder / "page 1.png")
    (folder / ".DS_Store").write_bytes(b"junk")
    (folder / "notes.txt").write_text("not evidence")
    report = uc.import_files(library, portfolio.id, [folder]).value
    assert sorted(e.original_name for e in report.imported) == ["board.jpg", "page 1.png"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: _write(d / "empty.mp4", b""), "empty.mp4: is empty"),
        (
            lambda d: gen.make_text_renamed(d / "notes.mp4"),
            "notes.mp4: is not a video the app can read: it contains plain text",
        ),
        (
            lambda d: gen.make_truncated(gen.make_video(d / "src.mp4", 2.0), d / "cut short.mp4"),
            "cut short.mp4: the file ends early",
        ),
        (
            lambda d: gen.make_truncated(gen.make_jpeg(d / "src.jpg", 1600, 1200), d / "half.jpg", 0.5),
            "half.jpg: the file ends early",
        ),
        (lambda d: gen.make_bomb_png(d / "bomb.png"), "bomb.png: is too large to open safely"),
        (lambda d: gen.make_jpeg(d / "photo.mp4"), "photo.mp4: is named like a video but contains a photo"),
        (lambda d: _write(d / "setup.exe", b"MZ"), "setup.exe: is not a kind of file"),
        (lambda d: d / "gone.mov", "gone.mov: is no longer there"),
    ],
    ids=[
        "zero-bytes",
        "text-as-mp4",
        "truncated-video",
        "truncated-jpeg",
        "bomb",
        "wrong-kind",
        "unsupported",
        "missing",
    ],
)
def test_bad_files_are_named_the_batch_continues_and_nothing_is_left(library, portfolio, tmp_path, make, message):
    bad = make(tmp_path)
    good = gen.make_png(tmp_path / "good.png")
    before = _store_files(library)
    report = uc.import_files(library, portfolio.id, [bad, good]).value
    assert [f.message for f in report.failed][0].startswith(message)
    assert [e.original_name for e in report.imported] == ["good.png"]
    added = _store_files(library) - before
    good_evidence = report.imported[0]
    assert added == {good_evidence.blob, good_evidence.thumbnail}  # nothing from the bad file


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its permissions")
def test_unreadable_file_is_named(library, portfolio, tmp_path):
    path = gen.make_png(tmp_path / "locked.png")
    path.chmod(0)
    report = uc.import_files(library, portfolio.id, [path]).value
    assert "locked.png: cannot be read" in report.failed[0].message
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_identical_file_is_stored_once(library, portfolio, tmp_path):
    first = gen.make_jpeg(tmp_path / "a.jpg")
    copy = tmp_path / "copy of a.jpg"
    copy.write_bytes(first.read_bytes())
    report = uc.import_files(library, portfolio.id, [first, copy]).value
    assert len(report.imported) == 1 and len(report.already_there) == 1
    other = create_portfolio(library, "structured-student-discourse", "Other").value
    again = uc.import_files(library, other.id, [copy]).value
    assert again.imported[0].blob == report.imported[0].blob  # a second portfolio shares the blob
    assert len([b for b in library.store.blobs()]) == 2  # the photo and its thumbnail, once each


def test_cancel_stops_and_leaves_the_file_under_way_behind(library, portfolio, tmp_path):
    files = [gen.make_png(tmp_path / f"p{n}.png") for n in range(3)]
    big = tmp_path / "big.mp4"
    gen.make_video(big, 2.0)
    calls = {"n": 0}

    def cancelled() -> bool:  # cancel inside the copy of the second file
        calls["n"] += 1
        return calls["n"] > 1

    report = uc.import_files(library, portfolio.id, [files[0], big, files[1]], cancelled=cancelled).value
    assert report.cancelled and [e.original_name for e in report.imported] == ["p0.png"]
    assert len(library.store.blobs()) == 2 and list(library.store.staging.iterdir()) == []


def test_stage_cancel_raises(library, tmp_path):
    with pytest.raises(Cancelled):
        uc.stage_file(library.store, gen.make_video(tmp_path / "v.mp4", 1.0), cancelled=lambda: True)


def test_names_with_spaces_and_non_latin_letters(library, portfolio, tmp_path):
    path = gen.make_jpeg(tmp_path / "Übung 3 — 教室 (1).jpg")
    [evidence] = uc.import_files(library, portfolio.id, [path]).value.imported
    assert evidence.original_name == "Übung 3 — 教室 (1).jpg" and evidence.title == "Übung 3 — 教室 (1)"


def test_rename_delete_restore_and_markers(library, portfolio, tmp_path):
    [video] = uc.import_files(library, portfolio.id, [gen.make_video(tmp_path / "v.mp4", 2.0)]).value.imported
    assert uc.rename_evidence(library, video.id, "  Opening  discussion ").value.title == "Opening discussion"
    marker = uc.add_marker(library, video.id, 1.5, "wait time").value
    assert uc.list_markers(library, video.id) == [marker]
    with pytest.raises(MediaError.__mro__[1]):  # InvalidInputError
        uc.add_marker(library, video.id, 99.0)
    uc.delete_evidence(library, video.id)
    assert uc.list_evidence(library, portfolio.id) == []
    with pytest.raises(NotFoundError):
        uc.get_evidence(library, video.id)
    uc.restore_evidence(library, video.id)
    assert uc.get_evidence(library, video.id[:5]).title == "Opening discussion"


def test_full_disk_is_reported_and_nothing_partial_is_kept(library, portfolio, tmp_path, monkeypatch):
    import errno

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    video = gen.make_video(tmp_path / "lesson.mp4", 1.0)
    monkeypatch.setattr(os, "fsync", no_space)
    report = uc.import_files(library, portfolio.id, [video]).value
    assert report.failed[0].message.startswith("lesson.mp4: The disk is full")
    assert library.store.blobs() == [] and list(library.store.staging.iterdir()) == []
    assert uc.list_evidence(library, portfolio.id) == []


def test_a_made_file_that_cannot_be_used_leaves_nothing(library, tmp_path):
    made = library.store.temp_path(".mp4")
    made.write_bytes(gen.make_truncated(gen.make_video(tmp_path / "v.mp4", 2.0), tmp_path / "cut.mp4").read_bytes())
    with pytest.raises(MediaError, match="take.mp4: the file ends early"):
        uc.adopt_file(library.store, made, "take.mp4")
    assert library.store.blobs() == [] and list(library.store.staging.iterdir()) == []
    text = library.store.temp_path(".mp4")
    text.write_text("not a video")
    with pytest.raises(MediaError):
        uc.adopt_file(library.store, text, "take.mp4")
    assert list(library.store.staging.iterdir()) == []
