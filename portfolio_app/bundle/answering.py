"""What a record that answers a bundle names: the bundle's tag-manifest SHA-256 and the rubric's hash.

The tag manifest covers every other file of a bag, and the signature covers it, so its SHA-256
names one signed bundle exactly. The rubric's hash is the SHA-256 of its canonical JSON
(RFC 8785) as submission.json states it: a rubric changed in any word hashes differently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from portfolio_app.bundle.bag_sources import open_bag
from portfolio_app.bundle.bagit_files import RECORD_TYPE_LABEL, parse_tag_fields
from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.bundle.submission import canonical_json, rubric_document
from portfolio_app.core.credential import Credential

TAG_MANIFEST = "tagmanifest-sha256.txt"


def tag_manifest_sha256(path: Path) -> str:
    """The SHA-256 of the bag's tag manifest (a .zip or a folder); reads only that file.

    Raises:
        BundleFormatError: not a bag, or a bag without a tag manifest.
    """
    bag = open_bag(path)
    if TAG_MANIFEST not in bag.files:
        raise BundleFormatError(f"{path.name} has no {TAG_MANIFEST}: it is not a signed bundle.")
    return hashlib.sha256(bag.read(TAG_MANIFEST)).hexdigest()


def rubric_sha256(rubric: Sequence[Mapping[str, Any]]) -> str:
    """The hash of a rubric as submission.json states it."""
    return hashlib.sha256(canonical_json(list(rubric))).hexdigest()


def credential_rubric_sha256(credential: Credential) -> str:
    """The hash of a credential's rubric, equal to `rubric_sha256` of its bundles' rubric."""
    return rubric_sha256(rubric_document(credential))


def stated_record_type(path: Path) -> str | None:
    """What a record says it is in its bag-info (not verified: to route a dropped file); None if unreadable."""
    try:
        bag = open_bag(path)
        if "bag-info.txt" not in bag.files or bag.files["bag-info.txt"] > 1 << 20:
            return None
        stated = parse_tag_fields(bag.read("bag-info.txt")).get(RECORD_TYPE_LABEL, ["submission"])
    except (OSError, EOFError, BundleFormatError):
        return None
    return stated[0] if stated else None
