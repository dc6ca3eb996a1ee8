"""Real media files for tests, made on the spot (nothing binary is committed).

Videos carry their frame number in a strip of black and white blocks at the top, so a test
can decode any frame and tell exactly which source frame it is (`read_frame_number`): that is
how trimming is checked to be frame-accurate. Audio is a sine tone. Photos carry EXIF with a
GPS position, a camera serial and an orientation, so metadata stripping can be checked.
"""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

BITS = 12  # frame numbers up to 4095
BLOCK = 16  # pixels per bit block; large enough to survive H.264 at any sensible quality

VIDEO_CODECS = {
    ".mp4": "libx264",
    ".mov": "libx264",
    ".m4v": "libx264",
    ".mkv": "libx264",
    ".avi": "mpeg4",
    ".webm": "libvpx",
}
AUDIO_CODECS = {
    ".mp4": "aac",
    ".mov": "aac",
    ".m4v": "aac",
    ".mkv": "aac",
    ".avi": "mp3",
    ".webm": "libopus",
    ".m4a": "aac",
    ".mp3": "libmp3lame",
    ".wav": "pcm_s16le",
}
GPS = {"lat": (37, 46, 30.0), "lat_ref": "N", "lon": (122, 25, 10.0), "lon_ref": "W"}


def _frame_pixels(number: int, width: int, height: int) -> np.ndarray:
    """An RGB frame: a moving gradient, with `number` written as bits in the top-left corner."""
    x = np.linspace(0, 255, width, dtype=np.float32)
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    base = ((x + number * 4) % 256 * 0.5 + y * 0.3).astype(np.uint8)
    image = np.stack([base, np.roll(base, number, axis=1), 255 - base], axis=-1)
    for bit in range(BITS):
        value = 235 if number >> bit & 1 else 16
        image[0:BLOCK, bit * BLOCK : (bit + 1) * BLOCK] = value
    return image


def read_frame_number(frame: av.VideoFrame) -> int:
    """The frame number written into a decoded frame by `make_video`."""
    gray = frame.to_ndarray(format="gray")
    number = 0
    for bit in range(BITS):
        block = gray[2 : BLOCK - 2, bit * BLOCK + 2 : (bit + 1) * BLOCK - 2]
        if block.mean() > 128:
            number |= 1 << bit
    return number


def make_video(
    path: Path,
    seconds: float = 3.0,
    *,
    width: int = 640,
    height: int = 360,
    fps: int = 30,
    audio: bool = True,
    gop: int | None = None,
    metadata: dict[str, str] | None = None,
    rotation: int = 0,
) -> Path:
    """Encode a real video (H.264/AAC for .mp4/.mov/.m4v/.mkv, VP8/Opus for .webm, MPEG-4/MP3 for .avi)."""
    suffix = path.suffix.lower()
    frames = round(seconds * fps)
    with av.open(str(path), "w") as container:
        if metadata:
            container.metadata.update(metadata)
        video = container.add_stream(VIDEO_CODECS[suffix], rate=fps)
        video.width, video.height = width, height
        video.pix_fmt = "yuv420p"
        if gop:
            video.gop_size = gop
        if VIDEO_CODECS[suffix] == "libx264":
            video.options = {"preset": "ultrafast", "crf": "18"}
        if rotation:
            video.set_display_rotation(rotation)  # a phone held upright writes a display matrix
        sound = None
        if audio:
            sound = container.add_stream(AUDIO_CODECS[suffix], rate=48000)
            sound.layout = "mono"
        for n in range(frames):
            frame = av.VideoFrame.from_ndarray(_frame_pixels(n, width, height), format="rgb24")
            frame.pts = n
            frame.time_base = Fraction(1, fps)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if sound is not None:
            _write_tone(container, sound, seconds)
    return path


def _write_tone(container: av.container.OutputContainer, stream, seconds: float, hz: float = 440.0) -> None:
    rate = 48000
    chunk = stream.codec_context.frame_size or 1024
    total = int(seconds * rate)
    fmt = stream.codec_context.format.name
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        t = (np.arange(start, start + count) / rate).astype(np.float32)
        wave = (0.3 * np.sin(2 * math.pi * hz * t)).astype(np.float32)
        if fmt.startswith("s16"):
            samples = (wave * 32767).astype(np.int16)[None, :]
        elif fmt.startswith("s32"):
            samples = (wave * 2147483647).astype(np.int32)[None, :]
        else:
            samples = wave.astype(np.float64 if fmt.startswith("dbl") else np.float32)[None, :]
        frame = av.AudioFrame.from_ndarray(samples, format=fmt, layout="mono")
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def make_audio(path: Path, seconds: float = 2.0) -> Path:
    """A sine tone as .wav (PCM), .m4a (AAC) or .mp3."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream(AUDIO_CODECS[path.suffix.lower()], rate=48000)
        stream.layout = "mono"
        _write_tone(container, stream, seconds)
    return path


def _exif(orientation: int | None, gps: bool, serial: str | None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[0x0112] = orientation
    if serial:
        exif.get_ifd(0x8769)[0xA431] = serial  # Exif IFD: BodySerialNumber
    if gps:
        exif.get_ifd(0x8825).update(
            {
                1: GPS["lat_ref"],
                2: GPS["lat"],
                3: GPS["lon_ref"],
                4: GPS["lon"],
            }
        )
    return exif


def photo_pixels(width: int, height: int) -> Image.Image:
    """A photo-like RGB image whose top-left quarter is red, so orientation can be checked."""
    image = Image.fromarray(_frame_pixels(7, width, height))
    image.paste((220, 30, 30), (0, BLOCK, width // 2, height // 2))
    return image


def make_jpeg(
    path: Path,
    width: int = 800,
    height: int = 600,
    *,
    orientation: int | None = None,
    gps: bool = True,
    serial: str | None = "SN-0042-7731",
) -> Path:
    """A JPEG with EXIF: GPS position, camera make/model/serial and, if given, an orientation."""
    photo_pixels(width, height).save(path, "JPEG", quality=90, exif=_exif(orientation, gps, serial))
    return path


def make_png(path: Path, width: int = 640, height: int = 480) -> Path:
    photo_pixels(width, height).save(path, "PNG")
    return path


def make_heic(path: Path, width: int = 640, height: int = 480, *, gps: bool = True) -> Path:
    """An HEIC photo (as iPhones take them), with EXIF GPS when `gps`."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    photo_pixels(width, height).save(path, "HEIF", quality=80, exif=_exif(None, gps, "SN-HEIC-1"))
    return path


def make_pdf(path: Path, pages: int = 2, text: str = "Exit ticket - Period 3") -> Path:
    """A small valid PDF with real text on each page (so text extraction and redaction can be tested)."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * n for n in range(pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for n in range(pages):
        line = f"{text} - page {n + 1}".encode("latin-1", "replace")
        stream = b"BT /F1 24 Tf 72 700 Td (" + line + b") Tj ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[n] + 1} 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())
    return path


def make_docx_like(path: Path) -> Path:
    """An office file as the app meets it: a ZIP container (stored as-is, opened by the system)."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Lesson plan</w:document>")
    return path


# -- bad input ---------------------------------------------------------------------------------


def make_truncated(source: Path, target: Path, keep: float = 0.5) -> Path:
    """The first `keep` fraction of `source`, as a download or copy cut short would leave it."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def make_text_renamed(path: Path) -> Path:
    path.write_text("These are my lesson notes, not a video.\n" * 20, encoding="utf-8")
    return path


def make_bomb_png(path: Path) -> Path:
    """A tiny PNG that claims 200 million pixels: Pillow refuses it as a decompression bomb."""
    Image.new("1", (20000, 10000)).save(path, "PNG", optimize=True)
    return path


# -- faces and phone metadata ---------------------------------------------------------------------

PHONE_LOCATION = "+37.7750-122.4183+010.000/"  # ISO 6709, as iPhones write it
PHONE_TAGS = {
    "com.apple.quicktime.location.ISO6709": PHONE_LOCATION,
    "location": PHONE_LOCATION,
    "com.apple.quicktime.make": "Apple",
    "com.apple.quicktime.model": "iPhone 15 Pro",
    "make": "Apple",
    "model": "iPhone 15 Pro",
    "com.apple.quicktime.software": "17.4.1",
    "creation_time": "2026-03-02T09:41:00.000000Z",
}


def make_phone_video(path: Path, seconds: float = 1.0) -> Path:
    """A .mov/.mp4 as a phone writes it: location (ISO 6709) and make/model tags on the file and its streams."""
    plain = make_video(path.with_name(f"plain-{path.name}"), seconds)
    with av.open(str(plain)) as source, av.open(str(path), "w", options={"movflags": "use_metadata_tags"}) as out:
        out.metadata.update(PHONE_TAGS)
        copies = {}
        for stream in source.streams:
            copies[stream.index] = out.add_stream_from_template(stream)
            copies[stream.index].metadata.update({"location": PHONE_LOCATION, "make": "Apple"})
        for packet in source.demux():
            if packet.dts is not None:
                packet.stream = copies[packet.stream.index]
                out.mux(packet)
    plain.unlink()
    return path


def make_face_video(path: Path, seconds: float = 2.0, *, width: int = 640, height: int = 360, seed: int = 7):
    """A classroom video (H.264/AAC) with three faces of 45–90 px moving sideways; returns (path, people,
    boxes of each face in each frame). Faces are skimage's real photos (bench/face_scenes.py)."""
    from bench.face_scenes import face_video, moving_people

    people = moving_people(np.random.default_rng(seed), 3, width, height, (45, 90), move=0.25)
    truth = face_video(path, people, seconds=seconds, width=width, height=height, seed=seed)
    return path, people, truth


def laplacian_variance(pixels: np.ndarray) -> float:
    """High-frequency detail of a picture (RGB or grey): the variance of its Laplacian."""
    import cv2

    grey = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY) if pixels.ndim == 3 else pixels
    return float(cv2.Laplacian(grey.astype(np.float64), cv2.CV_64F).var())


def overlap(pixel_box: tuple[int, int, int, int], fractions: tuple[float, ...], width: int, height: int) -> float:
    """Intersection over union of a box in pixels and a box in fractions of a width×height picture."""
    ax, ay, aw, ah = pixel_box
    bx, by, bw, bh = fractions[0] * width, fractions[1] * height, fractions[2] * width, fractions[3] * height
    iw = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    ih = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    return iw * ih / (aw * ah + bw * bh - iw * ih)
