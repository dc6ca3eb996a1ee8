"""Checking a submission bundle someone hands over; needs no library."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.bundle.verify import CancelCheck, Progress, VerificationReport, verify_bundle


def verify_submission(
    path: Path,
    *,
    allow_unsigned: bool = False,
    expect_key: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> VerificationReport:
    """Verify the bundle .zip or bag folder at `path` (see bundle.verify.verify_bundle)."""
    return verify_bundle(
        path, allow_unsigned=allow_unsigned, expect_key=expect_key, progress=progress, cancelled=cancelled
    )
