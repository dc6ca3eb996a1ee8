"""Ops of the Badges page: the shelf and stacks, importing, exporting and the badge's picture."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from portfolio_app.core.outcome import Outcome
from portfolio_app.services import badges
from portfolio_app.ui.operations import LibraryOp


def load_shelf() -> LibraryOp[badges.Shelf]:
    return LibraryOp(badges.shelf)


def import_badges(paths: Sequence[Path]) -> LibraryOp[Outcome[badges.BadgeImport]]:
    return LibraryOp(lambda lib: badges.import_badges(lib, list(paths)))


def export_badge(badge_id: str, target: Path) -> LibraryOp[Path]:
    return LibraryOp(lambda lib: badges.export_badge(lib, badge_id, target))


def badge_image(badge_id: str) -> LibraryOp[tuple[bytes, str]]:
    return LibraryOp(lambda lib: badges.badge_image(lib, badge_id))
