"""Ops on submission bundles: plan and build an export, record it; verify and extract a bundle."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from portfolio_app.core.outcome import Outcome
from portfolio_app.services import export
from portfolio_app.ui.operations import LibraryOp, LongOp, MediaOp


def plan_export(portfolio_id: str, *, draft: bool) -> LibraryOp:
    """What the bundle will hold and what must happen to each file; a draft plan always comes
    back, listing what is outstanding without refusing."""

    def plan(library):
        made = export.plan_export(library, portfolio_id, draft=True)  # lists what is open
        return made if draft or made.outstanding else replace(made, draft=False)

    return LibraryOp(plan)


def export_bundle(plan: export.ExportPlan, target: Path) -> MediaOp:
    """Write the signed bundle on the media worker (prepares files, signs, writes atomically), then
    record the export on the database worker (a draft changes nothing); the BundleInfo comes back.
    A bundle that was written stays even if recording fails: it is complete and valid."""

    def record(library, info):
        # its tag-manifest hash (which feedback will name) and, for a non-draft, that it was exported
        return Outcome(info, export.record_export(library, plan.portfolio.id, info).changes)

    return MediaOp(
        lambda library, report, cancelled: export.build_bundle(
            library.store, plan, target, lambda f: report(f, ""), cancelled
        ),
        record,
        discard=lambda _library, _info: None,
    )


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


def check_keychain() -> LongOp:
    """The keychain's name if it can keep and give the signing key; fails with what to do if not.

    On the media worker: asking a keychain may wait for the user to unlock it."""
    from portfolio_app.services.keys import check_keychain as check

    return LongOp(lambda _library, _report, _cancelled: check())


def extract_entry(path: Path, entry: str) -> LongOp:
    """Copy one file of a bundle, read-only, into a new temporary folder; its path comes back."""
    import tempfile

    from portfolio_app.bundle.extract import extract_entry as extract

    return LongOp(
        lambda _library, _report, _cancelled: extract(path, entry, Path(tempfile.mkdtemp(prefix="portfolio-bundle-")))
    )
