"""Where the bundled resources (catalog, schemas, icons, style) are, installed or frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder: PORTFOLIO_RESOURCES, a PyInstaller bundle, or the source tree."""
    override = os.environ.get("PORTFOLIO_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def catalog_dir() -> Path:
    return resources_dir() / "catalog"


def schemes_dir() -> Path:
    """The built-in observation coding schemes."""
    return resources_dir() / "schemes"


def schema_path(name: str) -> Path:
    return resources_dir() / "schemas" / name


def docs_dir() -> Path:
    """The user documentation (docs/), beside resources/ in the source tree and the frozen app."""
    return resources_dir().parent / "docs"


def bagit_profile_path() -> Path:
    """resources/bagit-profile.json: the BagIt Profile every signed record follows."""
    return resources_dir() / "bagit-profile.json"
