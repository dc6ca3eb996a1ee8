"""Files that carry location and device metadata lose it in every copy that can leave the laptop.

The sources are made as phones make them (tests/mediagen.py): a JPEG with EXIF GPS, make, model
and a body serial; a QuickTime/MP4 with ISO 6709 location, make, model and software tags on the
file and location on the streams. Each test first checks that the source really carries them.
"""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from PIL import Image

from portfolio_app.media.blur import blur_image, blur_video
from portfolio_app.media.face_tracks import FaceTrack, FaceTracks
from portfolio_app.media.images import crop_image, rotate_image, strip_image_metadata
from portfolio_app.media.redact import redact_image
from portfolio_app.media.transcode import compress, strip_video_metadata, trim
from tests.mediagen import PHONE_LOCATION, make_jpeg, make_phone_video

GPS_IFD, EXIF_IFD, BODY_SERIAL, MAKE, MODEL = 0x8825, 0x8769, 0xA431, 0x010F, 0x0110
SERIAL = b"SN-0042-7731"
DEVICE_TAGS = ("location", "make", "model", "software", "creation_time", "ISO6709")


def exif_leaks(path: Path) -> list[str]:
    with Image.open(path) as image:
        exif = image.getexif()
        leaks = [name for tag, name in ((MAKE, "make"), (MODEL, "model")) if tag in exif]
        if exif.get_ifd(GPS_IFD):
            leaks.append("GPS")
        if BODY_SERIAL in exif.get_ifd(EXIF_IFD):
            leaks.append("serial")
    if SERIAL in path.read_bytes():
        leaks.append("serial bytes")
    return leaks


def video_leaks(path: Path) -> list[str]:
    with av.open(str(path)) as container:
        tags = dict(container.metadata)
        for stream in container.streams:
            tags.update({f"stream {stream.index} {k}": v for k, v in stream.metadata.items()})
    leaks = [key for key in tags if any(word.lower() in key.lower() for word in DEVICE_TAGS)]
    data = path.read_bytes()
    leaks += [text for text in ("+37.7750", "iPhone", "Apple", "17.4.1") if text.encode() in data]
    return leaks


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = make_jpeg(tmp_path / "phone photo.jpg", 320, 240, orientation=6)
    assert set(exif_leaks(path)) == {"make", "model", "GPS", "serial", "serial bytes"}
    return path


@pytest.mark.parametrize(
    "make_copy",
    [
        pytest.param(lambda src, dst: strip_image_metadata(src, dst), id="strip"),
        pytest.param(lambda src, dst: blur_image(src, dst, [(0.2, 0.2, 0.3, 0.3)]), id="blur"),
        pytest.param(lambda src, dst: redact_image(src, dst, [(0.2, 0.2, 0.3, 0.3)]), id="redact"),
    ],
)
def test_photo_copies_that_leave_the_laptop_carry_no_gps_serial_or_device(photo: Path, tmp_path: Path, make_copy):
    out = tmp_path / "copy.jpg"
    make_copy(photo, out)
    assert exif_leaks(out) == []


@pytest.mark.parametrize(
    "make_copy",
    [
        pytest.param(lambda src, dst: rotate_image(src, dst, 1), id="rotate"),
        pytest.param(lambda src, dst: crop_image(src, dst, 0.1, 0.1, 0.5, 0.5), id="crop"),
    ],
)
def test_rotate_and_crop_keep_metadata_so_export_must_strip(photo: Path, tmp_path: Path, make_copy) -> None:
    """Edits for the teacher's own library keep EXIF (by design); strip_image_metadata is what export uses."""
    out = tmp_path / "edited.jpg"
    make_copy(photo, out)
    assert "GPS" in exif_leaks(out)
    stripped = tmp_path / "stripped.jpg"
    strip_image_metadata(out, stripped)
    assert exif_leaks(stripped) == []


@pytest.fixture(scope="module", params=[".mov", ".mp4"])
def phone_video(request, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_phone_video(tmp_path_factory.mktemp("phone") / f"IMG_0042{request.param}", 1.0)
    leaks = video_leaks(path)
    assert {"location", "com.apple.quicktime.location.ISO6709", "+37.7750", "iPhone"} <= set(leaks), leaks
    return path


@pytest.mark.parametrize(
    "make_copy",
    [
        pytest.param(lambda src, dst: strip_video_metadata(src, dst), id="strip"),
        pytest.param(lambda src, dst: compress(src, dst, max_height=240), id="compress"),
        pytest.param(lambda src, dst: trim(src, dst, 0.2, 0.8), id="trim"),
        pytest.param(
            lambda src, dst: blur_video(
                src, dst, FaceTracks(640, 360, 1.0, 0.2, (FaceTrack(1, ((0.5, (0.4, 0.4, 0.2, 0.2)),)),)), []
            ),
            id="blur",
        ),
    ],
)
def test_video_copies_carry_no_location_or_device_tags(phone_video: Path, tmp_path: Path, make_copy) -> None:
    out = tmp_path / f"copy{phone_video.suffix}"
    make_copy(phone_video, out)
    assert video_leaks(out) == []
    assert PHONE_LOCATION.encode() not in out.read_bytes()
