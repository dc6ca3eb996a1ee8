"""Whether a file carries what may say where it was made or by which device.

Export asks this of every photo and recording before it leaves the laptop: a file that carries
nothing of the sort goes into the bundle as stored (its hash already known); one that does is
first copied without it (media.images.strip_image_metadata, media.transcode.strip_video_metadata).
"""

from __future__ import annotations

from pathlib import Path

# EXIF tags that are harmless: how to show the picture, not where or by what it was taken.
_HARMLESS_EXIF = {
    0x0112,  # Orientation
    0x011A,  # XResolution
    0x011B,  # YResolution
    0x0128,  # ResolutionUnit
    0x0213,  # YCbCrPositioning
    0x8769,  # the Exif IFD pointer: what it holds is checked below
    0xA001,  # ColorSpace
}
_PRIVATE_KEYS = ("location", "gps", "make", "model", "serial", "software", "creation_time", "com.apple", "com.android")
# Words people type into a recording's title or comment can name a student ("Maya's group"):
# export leaves them out as it leaves out places and devices.
_TEXT_KEYS = ("title", "comment", "description", "synopsis", "artist", "album", "keywords", "author")


def image_has_private_metadata(path: Path) -> bool:
    """True when a photo holds EXIF beyond display settings (GPS, camera, serials, dates), XMP,
    IPTC or a comment."""
    from PIL import Image

    with Image.open(path) as image:
        if any(key in image.info for key in ("xmp", "XML:com.adobe.xmp", "comment", "iptc", "photoshop")):
            return True
        exif = image.getexif()
        if set(exif) - _HARMLESS_EXIF:
            return True
        return bool(exif.get_ifd(0x8769)) or bool(exif.get_ifd(0x8825))  # Exif and GPS sub-IFDs


def video_has_private_metadata(path: Path) -> bool:
    """True when a recording's container or streams are tagged with a place, a device, a
    creation time or typed words (title, comment), or it carries data tracks (timed GPS from
    phones and action cameras)."""
    import av

    with av.open(str(path), metadata_errors="replace") as container:
        tagged = [container.metadata] + [stream.metadata for stream in container.streams]
        if any(stream.type not in ("video", "audio") for stream in container.streams):
            return True
        private = _PRIVATE_KEYS + _TEXT_KEYS
        return any(any(word in key.lower() for word in private) for tags in tagged for key in tags)
