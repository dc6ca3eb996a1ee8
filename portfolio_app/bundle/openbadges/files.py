"""A credential as a file: `.json`, or baked into a `.png` or `.svg` badge image; read back from any of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portfolio_app.atomic_files import write_atomically
from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.openbadges import baking
from portfolio_app.bundle.openbadges.badge_image import badge_png, badge_svg
from portfolio_app.bundle.openbadges.issue import credential_json
from portfolio_app.bundle.openbadges.verify import parse_credential_json
from portfolio_app.core.errors import StorageError

FORMS = (".json", ".png", ".svg")
MAX_BADGE_FILE = 32 * 1024 * 1024  # a badge image is small; anything far larger is not one


def badge_bytes(document: dict[str, Any], form: str) -> bytes:
    """The credential in one of FORMS (a baked image for .png and .svg)."""
    text = credential_json(document)
    title = str(document.get("name", ""))
    if form == ".json":
        return text.encode("utf-8")
    if form == ".png":
        return baking.bake_png(badge_png(title), text)
    if form == ".svg":
        return baking.bake_svg(badge_svg(title), text).encode("utf-8")
    raise BadgeError(f"A badge is saved as {', '.join(FORMS)}, not as {form or 'a file without an extension'}.")


def write_badge(document: dict[str, Any], target: Path) -> Path:
    """Write the credential to `target` in the form its extension names, atomically."""
    return write_badge_bytes(badge_bytes(document, target.suffix.lower()), target)


def write_badge_bytes(data: bytes, target: Path) -> Path:
    """Write a badge file's bytes to `target` atomically."""
    write_atomically(target, data, f"The badge {target.name}")
    return target


def credential_from_bytes(data: bytes, source: str) -> dict[str, Any]:
    """The credential document in a badge file's bytes, whichever form it has (told by content, not name)."""
    head = data[:512].lstrip()
    if data.startswith(b"\x89PNG"):
        text = baking.unbake_png(data, source)
    elif head.startswith(b"<"):
        text = baking.unbake_svg(data, source)
    elif head.startswith(b"{"):
        text = data
    else:
        raise BadgeError(f"{source} is not a badge: expected a credential as JSON, or a PNG or SVG badge image.")
    return parse_credential_json(text, source)


def read_badge(path: Path) -> dict[str, Any]:
    """The credential in a badge file.

    Raises:
        BadgeError: the file is not a badge or carries no credential.
        StorageError: the file cannot be read.
    """
    return credential_from_bytes(read_badge_file_bytes(path), path.name)


def read_badge_file_bytes(path: Path) -> bytes:
    """The bytes of a badge file, refusing one far too large to be a badge."""
    try:
        if path.stat().st_size > MAX_BADGE_FILE:
            raise BadgeError(f"{path.name} is too large to be a badge ({path.stat().st_size // 2**20} MB).")
        return path.read_bytes()
    except FileNotFoundError:
        raise StorageError(f"{path} does not exist.") from None
    except OSError as exc:
        raise StorageError(f"{path} cannot be read: {exc.strerror or exc}") from exc
