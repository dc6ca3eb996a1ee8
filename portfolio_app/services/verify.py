"""Checking a bundle or any signed record someone hands over, and naming its signer by the trust lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.bundle.verify import VerificationReport, verify_bundle
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.trust import SignerStatus, describe_signer
from portfolio_app.services import trust
from portfolio_app.storage.database import Database


@dataclass(frozen=True)
class CheckedRecord:
    """A verification report and who the signer is by the imported trust lists (None: not signed, not valid)."""

    report: VerificationReport
    signer: SignerStatus | None

    @property
    def accepted(self) -> bool:
        """Valid, and not signed by a key revoked before it signed."""
        return self.report.valid and not (self.signer is not None and self.signer.refused)


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


def verify_and_name_signer(
    db: Database | None,
    path: Path,
    *,
    allow_unsigned: bool = False,
    expect_key: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> CheckedRecord:
    """Verify the record at `path`, then say who signed it by the trust lists in `db` (none: no library)."""
    report = verify_submission(
        path, allow_unsigned=allow_unsigned, expect_key=expect_key, progress=progress, cancelled=cancelled
    )
    return CheckedRecord(report, name_signer(db, report))


def name_signer(db: Database | None, report: VerificationReport) -> SignerStatus | None:
    """Who signed a valid, signed report by the trust lists in `db`; None when it is not both."""
    if not (report.valid and report.signed and report.fingerprint):
        return None
    if db is None:
        return describe_signer([], report.fingerprint, report.signed_at, "")
    return trust.describe_signer(db, report.fingerprint, report.signed_at)
