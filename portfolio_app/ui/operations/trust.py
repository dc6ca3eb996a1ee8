"""Ops on trust lists, signers, keys and library backups (the only ui place that imports those services)."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.ui.operations import LibraryOp, LongOp


def name_signer(report) -> LibraryOp:
    """Who signed a verified report, by the library's trust lists (None: not valid and signed)."""
    from portfolio_app.services.verify import name_signer as name

    return LibraryOp(lambda library: name(library.db, report))


def trust_lists() -> LibraryOp:
    from portfolio_app.services import trust

    return LibraryOp(lambda library: trust.trust_lists(library.db))


def import_trust_list(path: Path) -> LibraryOp:
    """Verify and keep a trust list; the outcome's value says what it replaced."""
    from portfolio_app.services import trust

    return LibraryOp(lambda library: trust.import_trust_list(library.db, path))


def remove_trust_list(issuer_fingerprint: str) -> LibraryOp:
    from portfolio_app.services import trust

    return LibraryOp(lambda library: trust.remove_trust_list(library.db, issuer_fingerprint))


def back_up_library(target: Path, passphrase: str) -> LongOp:
    """The encrypted backup (media worker; it reads the database through a connection of its own)."""
    from portfolio_app.services import backup

    return LongOp(
        lambda library, report, cancelled: backup.back_up_library(
            library.data_dir, target, passphrase, lambda f: report(f, ""), cancelled
        )
    )


def record_backup(report) -> LibraryOp:
    from portfolio_app.services import backup

    return LibraryOp(lambda library: backup.record_backup(library.db, report))


def backup_state(days: int) -> LibraryOp:
    """(last backup's (folder, finished_at) or None, a reminder due after `days` days, the library holds work)."""

    def read(library):
        # Imported on the worker: the reminder's first read comes right after the window's first
        # screen, and the GUI thread stays free for the teacher meanwhile.
        from portfolio_app.services import backup
        from portfolio_app.services.portfolios import has_portfolios

        return backup.last_backup(library.db), backup.backup_overdue(library.db, days), has_portfolios(library)

    return LibraryOp(read)


def back_up_key(target: Path, passphrase: str) -> LongOp:
    """Write the signing key encrypted with `passphrase` (the key derivation takes a moment)."""
    from portfolio_app.services import keys

    return LongOp(lambda _library, _report, _cancelled: keys.backup_key(target, passphrase))
