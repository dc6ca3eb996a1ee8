"""New evidence from old: trim, compress, rotate, crop, strip. The original never changes."""

import av
import pytest
from PIL import Image

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services import edits
from portfolio_app.services import evidence as uc
from portfolio_app.services.portfolios import create_portfolio
from tests import mediagen as gen


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value


def _import(library, portfolio, path):
    [item] = uc.import_files(library, portfolio.id, [path]).value.imported
    return item


def test_trim_makes_a_frame_accurate_clip_and_leaves_the_original(library, portfolio, tmp_path):
    video = _import(library, portfolio, gen.make_video(tmp_path / "lesson.mp4", 4.0, gop=30))
    original_bytes = uc.media_path(library, video).read_bytes()
    clip = edits.trim_evidence(library, video.id, 1.2, 2.5).value
    assert clip.derived_from == video.id and clip.derivation == "trim 1.200-2.500"
    assert clip.title == "lesson (0:01.2–0:02.5)" and clip.codecs == "h264/aac"
    assert clip.duration_s == pytest.approx(1.3, abs=0.05)
    with av.open(str(uc.media_path(library, clip))) as container:
        numbers = [gen.read_frame_number(f) for f in container.decode(video=0)]
    assert numbers[0] == 36 and numbers[-1] == 74  # frames 1.2 s .. 2.5 s at 30 fps
    assert uc.media_path(library, video).read_bytes() == original_bytes
    assert {e.id for e in uc.list_evidence(library, portfolio.id)} == {video.id, clip.id}


@pytest.mark.parametrize(
    "start, end, message", [(2.0, 1.0, "must come after"), (-1, 1, "must come after"), (1.0, 9.0, "past it")]
)
def test_bad_trim_ranges_say_why(library, portfolio, tmp_path, start, end, message):
    video = _import(library, portfolio, gen.make_video(tmp_path / "lesson.mp4", 2.0))
    with pytest.raises(InvalidInputError, match=message):
        edits.trim_evidence(library, video.id, start, end)
    assert len(uc.list_evidence(library, portfolio.id)) == 1
    assert list(library.store.staging.iterdir()) == []


def test_trim_refuses_a_photo(library, portfolio, tmp_path):
    photo = _import(library, portfolio, gen.make_jpeg(tmp_path / "p.jpg"))
    with pytest.raises(InvalidInputError, match="not a video or audio"):
        edits.trim_evidence(library, photo.id, 0, 1)


def test_compress_to_a_size_and_height(library, portfolio, tmp_path):
    video = _import(library, portfolio, gen.make_video(tmp_path / "hd.mov", 3.0, width=1920, height=1080))
    progress = []
    small = edits.compress_evidence(library, video.id, max_mb=0.4, max_height=720, progress=progress.append).value
    assert (small.width, small.height) == (1280, 720) and small.codecs == "h264/aac"
    assert small.size_bytes <= 400_000 and small.derivation == "compress 720p, at most 0.4 MB"
    assert progress and progress[-1] == pytest.approx(1.0)


def test_compress_refuses_impossible_budgets(library, portfolio, tmp_path):
    video = _import(library, portfolio, gen.make_video(tmp_path / "v.mp4", 2.0))
    with pytest.raises(InvalidInputError, match="too small"):
        edits.compress_evidence(library, video.id, max_mb=0.01)


def test_rotate_crop_and_strip_a_photo(library, portfolio, tmp_path):
    photo = _import(library, portfolio, gen.make_jpeg(tmp_path / "work.jpg", 800, 600))
    turned = edits.edit_image(library, photo.id, "rotate", quarter_turns=1).value
    assert (turned.width, turned.height) == (600, 800) and turned.derived_from == photo.id
    cropped = edits.edit_image(library, photo.id, "crop", x=0.5, y=0.5, w=0.5, h=0.5).value
    assert (cropped.width, cropped.height) == (400, 300)
    clean = edits.edit_image(library, photo.id, "strip").value
    exif = Image.open(uc.media_path(library, clean)).getexif()
    assert not exif.get_ifd(0x8825) and 0x010F not in exif
    assert Image.open(uc.media_path(library, photo)).getexif().get_ifd(0x8825)  # the original keeps its data


def test_strip_a_video_of_its_location(library, portfolio, tmp_path):
    video = _import(
        library, portfolio, gen.make_video(tmp_path / "phone.mov", 1.0, metadata={"location": "+37.7749-122.4194/"})
    )
    clean = edits.edit_image(library, video.id, "strip").value
    assert b"+37.7749" in uc.media_path(library, video).read_bytes()
    assert b"+37.7749" not in uc.media_path(library, clean).read_bytes()
    assert clean.original_name == "phone (no location).mov"
