"""Backing up the library to a folder (a USB drive), restoring it on a new laptop, and when to remind."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.storage import backup_log
from portfolio_app.storage.database import DB_NAME, Database
from portfolio_app.storage.datadir import resolve_data_dir
from portfolio_app.storage.mediastore import MediaStore

if TYPE_CHECKING:
    from portfolio_app.storage.backup import BackupReport, RestoreReport

# The encryption (cryptography) is imported by backing up and restoring only: the window's reminder
# asks `backup_overdue` after every start, and should not load a cipher for it.

DEFAULT_REMINDER_DAYS = 14


def back_up_library(
    data_dir: Path,
    target: Path,
    passphrase: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BackupReport:
    """Write (or bring up to date) an encrypted backup of the library in `data_dir` in the folder `target`.

    Reads through connections of its own, so it runs beside the app; record it with `record_backup`.
    """
    from portfolio_app.bundle.key_backup import check_passphrase
    from portfolio_app.storage.backup import make_backup

    check_passphrase(passphrase)  # the same rule as a key backup's, for the window and the CLI alike
    if target.resolve().is_relative_to(data_dir.resolve()):
        raise InvalidInputError(f"{target} is inside the library folder; back up to another drive or folder.")
    return make_backup(data_dir / DB_NAME, MediaStore(data_dir / "media"), target, passphrase, progress, cancelled)


def record_backup(db: Database, report: BackupReport) -> Outcome[BackupReport]:
    """Remember that `report`'s backup was made (for the reminder)."""
    with db.atomic():
        backup_log.record_backup(db, str(report.folder), report.finished_at, report.files, report.bytes_copied)
    return Outcome(report, Changes(trust=True))


def restore_library(
    source: Path,
    data_dir: str | Path | None,
    passphrase: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RestoreReport:
    """Rebuild the backed-up library as the (empty or absent) data folder `data_dir`."""
    from portfolio_app.storage.backup import restore_backup

    return restore_backup(source, resolve_data_dir(data_dir), passphrase, progress, cancelled)


def last_backup(db: Database) -> tuple[str, str] | None:
    """(folder, finished_at) of the latest backup of this library, or None."""
    return backup_log.last_backup(db)


def backup_overdue(db: Database, days: int = DEFAULT_REMINDER_DAYS, now: datetime | None = None) -> bool:
    """True when the library was never backed up, or not for `days` days."""
    last = backup_log.last_backup(db)
    if last is None:
        return True
    finished = datetime.fromisoformat(last[1].replace("Z", "+00:00"))
    return ((now or datetime.now(UTC)) - finished).days >= days
