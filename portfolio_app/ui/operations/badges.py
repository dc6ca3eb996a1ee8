"""Ops of the Badges page: the shelf and stacks, importing, exporting and the badge's picture."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.bundle.openbadges.baking import carries_credential
from portfolio_app.core.outcome import Outcome
from portfolio_app.services import badges
from portfolio_app.ui.operations import LibraryOp, MediaOp


def is_badge_file(path: Path) -> bool:
    """A dropped file that is a badge (reads at most 64 KiB of it: quick enough for a drop)."""
    return carries_credential(path)


def load_shelf() -> LibraryOp[badges.Shelf]:
    return LibraryOp(badges.shelf)


def import_badges(paths: Sequence[Path]) -> LibraryOp[Outcome[badges.BadgeImport]]:
    return LibraryOp(lambda lib: badges.import_badges(lib, list(paths)))


def export_badge(badge_id: str, target: Path) -> LibraryOp[Path]:
    return LibraryOp(lambda lib: badges.export_badge(lib, badge_id, target))


@dataclass(frozen=True)
class BadgeView:
    """What the page shows of the selected badge beyond its row: its picture and the levels it states."""

    image: bytes
    image_type: str  # "png" or "svg"
    results: tuple[tuple[str, str], ...]  # (criterion, level reached)


def badge_view(badge_id: str) -> LibraryOp[BadgeView]:
    return LibraryOp(lambda lib: BadgeView(*badges.badge_image(lib, badge_id), badges.badge_results(lib, badge_id)))


def issue_from_files(bundle: Path, decision: Path, target: Path) -> MediaOp:
    """For an issuer who did not review: verify the bundle on the media worker, then issue from the decision."""

    def verify(lib, report, cancelled):
        from portfolio_app.services.reviews import verify_for_review

        return verify_for_review(bundle, progress=lambda fraction: report(fraction, ""), cancelled=cancelled)

    def issue(lib, verified):
        from portfolio_app.services.badge_issuing import issue_badge_for_submission

        return issue_badge_for_submission(lib, verified, decision, target)

    return MediaOp(verify, issue, lambda lib, verified: None)  # verifying leaves nothing behind
