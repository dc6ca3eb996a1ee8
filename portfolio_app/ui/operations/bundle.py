"""Ops on submission bundles: plan and build an export, record it; verify and extract a bundle."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from portfolio_app.services import export
from portfolio_app.ui.operations import LibraryOp, LongOp


def plan_export(portfolio_id: str, *, draft: bool) -> LibraryOp:
    """What the bundle will hold and what must happen to each file; a draft plan always comes
    back, listing what is outstanding without refusing."""

    def plan(library):
        made = export.plan_export(library, portfolio_id, draft=True)  # lists what is open
        return made if draft or made.outstanding else replace(made, draft=False)

    return LibraryOp(plan)


def build_bundle(plan: export.ExportPlan, target: Path) -> LongOp:
    """Write the signed bundle (media worker): prepares files, signs, writes atomically."""
    return LongOp(
        lambda library, report, cancelled: export.build_bundle(
            library.store, plan, target, lambda f: report(f, ""), cancelled
        )
    )


def mark_exported(portfolio_id: str) -> LibraryOp:
    return LibraryOp(lambda library: export.mark_exported(library, portfolio_id))


def verify_bundle(path: Path) -> LongOp:
    """The verification report of a bundle (unsigned bundles are reported, not refused)."""
    from portfolio_app.services.verify import verify_submission

    return LongOp(
        lambda _library, report, cancelled: verify_submission(
            path, allow_unsigned=True, progress=lambda f: report(f, ""), cancelled=cancelled
        )
    )


def extract_bundle(path: Path, folder: Path) -> LongOp:
    """Unpack a bundle into a new subfolder of `folder`; the subfolder's path comes back."""
    from portfolio_app.bundle.extract import extract_bundle as extract

    return LongOp(
        lambda _library, report, cancelled: extract(path, folder, progress=lambda f: report(f, ""), cancelled=cancelled)
    )
