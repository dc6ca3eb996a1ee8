"""The picture a credential is baked into: a round seal with the credential's title, as PNG or SVG.

Drawn from the title alone, so the same credential always gets the same picture and no image
file has to ship with a catalog entry.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from portfolio_app.resource_paths import resources_dir

SIZE = 512
_PALETTE = ("#1f5f8b", "#2e7d4f", "#8a4b08", "#6a3d9a", "#a83232", "#1d6b6b")


def _colour(title: str) -> str:
    return _PALETTE[hashlib.sha256(title.encode("utf-8")).digest()[0] % len(_PALETTE)]


def _lines(title: str) -> list[str]:
    return textwrap.wrap(title, width=16)[:4] or [""]


def badge_png(title: str, caption: str = "Micro-credential") -> bytes:
    """A PNG seal for `title` (SIZE × SIZE pixels)."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = _colour(title)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=colour)
    draw.ellipse((36, 36, SIZE - 36, SIZE - 36), outline="white", width=6)
    fonts = resources_dir() / "fonts"
    title_font = ImageFont.truetype(str(fonts / "VeraBd.ttf"), 40)
    caption_font = ImageFont.truetype(str(fonts / "Vera.ttf"), 24)
    lines = _lines(title)
    top = SIZE / 2 - len(lines) * 25
    for index, line in enumerate(lines):
        draw.text((SIZE / 2, top + index * 50), line, font=title_font, fill="white", anchor="mm")
    draw.text((SIZE / 2, SIZE - 110), caption, font=caption_font, fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def badge_svg(title: str, caption: str = "Micro-credential") -> str:
    """An SVG seal for `title`, the same design as badge_png."""
    lines = _lines(title)
    top = SIZE / 2 - len(lines) * 25
    texts = "\n".join(
        f'  <text x="{SIZE // 2}" y="{top + i * 50:.0f}" font-size="40" font-weight="bold">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    half = SIZE // 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">\n'
        f"  <title>{escape(title)}</title>\n"
        f'  <circle cx="{half}" cy="{half}" r="{half - 8}" fill="{_colour(title)}"/>\n'
        f'  <circle cx="{half}" cy="{half}" r="{half - 36}" fill="none" stroke="white" stroke-width="6"/>\n'
        f'  <g fill="white" font-family="Bitstream Vera Sans, DejaVu Sans, sans-serif" text-anchor="middle" '
        f'dominant-baseline="middle">\n{texts}\n'
        f'  <text x="{half}" y="{SIZE - 110}" font-size="24">{escape(caption)}</text>\n  </g>\n'
        "</svg>\n"
    )
