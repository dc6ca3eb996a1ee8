"""Rotate, crop and strip on real photos with EXIF GPS, serials and orientation (tests/mediagen.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from portfolio_app.core.errors import MediaError
from portfolio_app.media.images import crop_image, output_suffix, rotate_image, strip_image_metadata
from tests.mediagen import make_bomb_png, make_heic, make_jpeg, make_png, make_text_renamed, make_truncated

GPS_IFD, EXIF_IFD, SERIAL, MAKE, MODEL, ORIENTATION = 0x8825, 0x8769, 0xA431, 0x010F, 0x0110, 0x0112
SECRETS = (b"PhoneMaker", b"Phone 15", b"SN-0042-7731", b"SN-HEIC-1", b"Ms Rivera", b"Room 12")


def is_red(image: Image.Image, x: float, y: float) -> bool:
    """Whether the point at fractions (x, y) of the picture is the red of mediagen's top-left quarter."""
    r, g, b = image.convert("RGB").getpixel((int(x * image.width), int(y * image.height)))
    return r > 180 and g < 80 and b < 80


def red_quarter(image: Image.Image) -> str:
    quarters = {"top-left": (0.25, 0.3), "top-right": (0.75, 0.3), "bottom-left": (0.25, 0.7)}
    found = [name for name, point in {**quarters, "bottom-right": (0.75, 0.7)}.items() if is_red(image, *point)]
    assert len(found) == 1, found
    return found[0]


def only_file_is(folder: Path, *names: str) -> bool:
    return sorted(p.name for p in folder.iterdir()) == sorted(names)


def make_png_with_metadata(path: Path) -> Path:
    """A PNG carrying what phones and editors leave in one: text chunks and EXIF with a position."""
    image = Image.open(make_png(path))
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "PhoneMaker", "Phone 15"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (37.0, 46.0, 30.0)})
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Ms Rivera")
    text.add_text("Comment", "Room 12, period 3")
    image.save(path, "PNG", pnginfo=text, exif=exif)
    return path


def make_jpeg_with_extras(path: Path) -> tuple[Path, bytes]:
    """mediagen's JPEG (GPS, serial, orientation 6) plus an ICC profile, a comment and XMP."""
    make_jpeg(path, orientation=6)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    with Image.open(path) as image:
        exif = image.info["exif"]
        image.save(path, "JPEG", quality=90, exif=exif, icc_profile=icc, comment=b"Ms Rivera", xmp=b"<x>Room 12</x>")
    return path, icc


# -- rotate ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turns", "size", "quarter"),
    [
        (1, (600, 800), "top-right"),
        (2, (800, 600), "bottom-right"),
        (3, (600, 800), "bottom-left"),
        (-1, (600, 800), "bottom-left"),
        (4, (800, 600), "top-left"),
    ],
)
def test_rotate_turns_clockwise(tmp_path, turns, size, quarter) -> None:
    src = make_jpeg(tmp_path / "board.jpg")
    out = tmp_path / "turned.jpg"
    rotate_image(src, out, turns)
    with Image.open(out) as image:
        assert image.format == "JPEG" and image.size == size
        assert red_quarter(image) == quarter


def test_rotate_starts_from_the_exif_orientation(tmp_path) -> None:
    # Stored 800x600 with red top-left; orientation 6 shows it 600x800 with red top-right.
    src = make_jpeg(tmp_path / "sideways.jpg", orientation=6)
    upright, turned = tmp_path / "upright.jpg", tmp_path / "turned.jpg"
    rotate_image(src, upright, 0)
    rotate_image(src, turned, 1)
    with Image.open(upright) as image:
        assert image.size == (600, 800) and red_quarter(image) == "top-right"
        assert image.getexif().get(ORIENTATION, 1) == 1
    with Image.open(turned) as image:
        assert image.size == (800, 600) and red_quarter(image) == "bottom-right"
        assert image.getexif().get(ORIENTATION, 1) == 1
        assert image.getexif()[MAKE] == "PhoneMaker"  # an edit keeps the photo's own details


def test_rotate_png_stays_png_and_lossless(tmp_path) -> None:
    src = make_png(tmp_path / "chart.png")
    out = tmp_path / "turned.png"
    rotate_image(src, out, 1)
    with Image.open(src) as original, Image.open(out) as image:
        assert image.format == "PNG"
        assert image.tobytes() == original.transpose(Image.Transpose.ROTATE_270).tobytes()


def test_rotate_heic_gives_jpeg(tmp_path) -> None:
    src = make_heic(tmp_path / "IMG_0001.HEIC")
    out = tmp_path / ("IMG_0001" + output_suffix(src))
    rotate_image(src, out, 1)
    with Image.open(out) as image:
        assert image.format == "JPEG" and image.size == (480, 640)
        assert red_quarter(image) == "top-right"


# -- crop --------------------------------------------------------------------------------------


def test_crop_takes_the_exact_pixel_box(tmp_path) -> None:
    src = make_png(tmp_path / "chart.png", 640, 480)
    out = tmp_path / "part.png"
    crop_image(src, out, 0.25, 0.5, 0.5, 0.25)
    with Image.open(src) as original, Image.open(out) as image:
        assert image.size == (320, 120)
        assert image.tobytes() == original.crop((160, 240, 480, 360)).tobytes()


def test_crop_counts_in_the_upright_picture(tmp_path) -> None:
    src = make_jpeg(tmp_path / "sideways.jpg", orientation=6)  # upright: 600x800, red top-right
    out = tmp_path / "part.jpg"
    crop_image(src, out, 0.5, 0.0, 0.5, 0.5)
    with Image.open(out) as image:
        assert image.size == (300, 400)
        assert is_red(image, 0.5, 0.5)


@pytest.mark.parametrize(
    "box",
    [(-0.1, 0, 0.5, 0.5), (0, 0, 0, 0.5), (0.6, 0, 0.5, 0.5), (0, 0.2, 0.5, 0.9), (float("nan"), 0, 0.5, 0.5)],
)
def test_crop_outside_the_picture_is_refused(tmp_path, box) -> None:
    src = make_png(tmp_path / "chart.png")
    with pytest.raises(MediaError, match=r"^chart\.png: the area to keep must lie inside the picture"):
        crop_image(src, tmp_path / "part.png", *box)
    assert only_file_is(tmp_path, "chart.png")


# -- strip -------------------------------------------------------------------------------------


def test_strip_jpeg_removes_gps_serial_device_comment_xmp_but_keeps_icc(tmp_path) -> None:
    src, icc = make_jpeg_with_extras(tmp_path / "IMG_2024.jpg")
    with Image.open(src) as image:  # the premise
        assert image.getexif().get_ifd(GPS_IFD) and image.getexif().get_ifd(EXIF_IFD)[SERIAL]
    out = tmp_path / "shared.jpg"
    strip_image_metadata(src, out)
    with Image.open(out) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD) and SERIAL not in exif.get_ifd(EXIF_IFD)
        assert MAKE not in exif and MODEL not in exif
        assert "comment" not in image.info and "xmp" not in image.info and "exif" not in image.info
        assert image.info["icc_profile"] == icc
        assert image.size == (600, 800) and red_quarter(image) == "top-right"  # upright pixels
    data = out.read_bytes()
    assert not any(secret in data for secret in SECRETS)


def test_strip_png_removes_text_and_exif(tmp_path) -> None:
    src = make_png_with_metadata(tmp_path / "scan.png")
    with Image.open(src) as image:
        assert image.info["Author"] == "Ms Rivera" and image.getexif()[MAKE] == "PhoneMaker"  # the premise
    out = tmp_path / "shared.png"
    strip_image_metadata(src, out)
    with Image.open(out) as image, Image.open(src) as original:
        assert image.format == "PNG" and not image.getexif()
        assert not {"Author", "Comment", "exif"} & set(image.info)
        assert image.tobytes() == original.tobytes()
    data = out.read_bytes()
    assert b"tEXt" not in data and b"eXIf" not in data
    assert not any(secret in data for secret in SECRETS)


def test_strip_keeps_a_palette_pngs_transparency(tmp_path) -> None:
    src = tmp_path / "sticker.png"
    sticker = Image.new("P", (40, 20))
    sticker.putpalette([0, 0, 0, 220, 30, 30] + [0] * 762)
    sticker.paste(1, (0, 0, 20, 20))
    sticker.save(src, transparency=0)
    out = tmp_path / "shared.png"
    strip_image_metadata(src, out)
    with Image.open(out) as image:
        assert image.convert("RGBA").getpixel((30, 10))[3] == 0  # still a hole
        assert image.convert("RGBA").getpixel((10, 10)) == (220, 30, 30, 255)


def test_strip_heic_gives_a_clean_jpeg(tmp_path) -> None:
    src = make_heic(tmp_path / "IMG_0002.heic")
    with Image.open(src) as image:
        assert image.getexif().get_ifd(GPS_IFD)  # the premise
    out = tmp_path / "IMG_0002.jpg"
    strip_image_metadata(src, out)
    with Image.open(out) as image:
        assert image.format == "JPEG" and image.size == (640, 480)
        assert not image.getexif() and red_quarter(image) == "top-left"
    assert not any(secret in out.read_bytes() for secret in SECRETS)


# -- bad input ---------------------------------------------------------------------------------


def test_decompression_bomb_is_refused(tmp_path) -> None:
    src = make_bomb_png(tmp_path / "huge.png")
    with pytest.raises(MediaError, match=r"^huge\.png: the picture is too large to open safely"):
        strip_image_metadata(src, tmp_path / "shared.png")
    assert only_file_is(tmp_path, "huge.png")


def test_truncated_photo_is_named_and_explained(tmp_path) -> None:
    whole = make_jpeg(tmp_path / "whole.jpg")
    src = make_truncated(whole, tmp_path / "half.jpg")
    with pytest.raises(MediaError, match=r"^half\.jpg: the file ends early"):
        rotate_image(src, tmp_path / "turned.jpg", 1)
    assert only_file_is(tmp_path, "whole.jpg", "half.jpg")


@pytest.mark.parametrize("name", ["notes.jpg", "empty.png"])
def test_files_that_are_not_photos_are_refused(tmp_path, name) -> None:
    src = tmp_path / name
    if name == "empty.png":
        src.write_bytes(b"")
    else:
        make_text_renamed(src)
    with pytest.raises(MediaError, match=rf"^{name}: (this is not a photo we can read|the file is empty)$"):
        crop_image(src, tmp_path / "part.jpg", 0, 0, 0.5, 0.5)
    assert only_file_is(tmp_path, name)


def test_output_suffix() -> None:
    names = ("a.jpg", "b.JPEG", "c.heic", "d.HEIF", "e.png")
    assert [output_suffix(Path(name)) for name in names] == [".jpg", ".jpg", ".jpg", ".jpg", ".png"]
    with pytest.raises(MediaError, match=r"^f\.gif: only JPEG, PNG and HEIC photos can be edited"):
        output_suffix(Path("f.gif"))
