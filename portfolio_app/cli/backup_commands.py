"""`portfolio backup -o DIR` and `portfolio restore DIR`: the library, encrypted, to a folder and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, terminal_progress
from portfolio_app.cli.passphrase import add_passphrase_option, passphrase


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the library, encrypted, to a folder or USB drive",
        description="Write an encrypted copy of the library (the database through SQLite's online backup, so the "
        "window may stay open, and every media file) into the folder DIR. Running it again into the same folder "
        "copies only what changed, and goes on where an interrupted run stopped. The passphrase (asked for, or "
        "--passphrase-file) must be the same each time; keep it apart from the drive.",
    )
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the backup folder")
    add_passphrase_option(backup)
    backup.set_defaults(handler=_backup, needs_library=False)
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="rebuild the library from a backup, into an empty data folder",
        description="Rebuild a library from a backup folder made by `portfolio backup`, into the data folder "
        "(--data-dir, $PORTFOLIO_DATA_DIR or the usual one), which must be empty or not exist yet: a restore never "
        "goes over a library. Every file is checked against its hash; a wrong passphrase or a damaged backup "
        "restores nothing. Restore your signing key too (`portfolio keys restore`).",
    )
    restore.add_argument("backup", type=Path, metavar="DIR", help="the backup folder")
    add_passphrase_option(restore)
    restore.set_defaults(handler=_restore, needs_library=False)


def _backup(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.backup import back_up_library, record_backup
    from portfolio_app.services.library import open_existing_library
    from portfolio_app.storage.datadir import resolve_data_dir

    library = open_existing_library(args.data_dir)
    if library is None:
        from portfolio_app.core.errors import NotFoundError

        raise NotFoundError(f"There is no library in {resolve_data_dir(args.data_dir)} to back up.")
    try:
        phrase = passphrase(args, confirm=not (args.output / "backup.json").exists())
        report = back_up_library(library.data_dir, args.output, phrase, terminal_progress(args, "Backing up"))
        record_backup(library.db, report)
    finally:
        library.close()
    missing = f"\n{len(report.missing)} media files the library names were not there to copy." if report.missing else ""
    return Printed(
        f"Backed up {report.files} files ({report.bytes_total:,} bytes) to {report.folder}; "
        f"{report.files_copied} new or changed ({report.bytes_copied:,} bytes) copied this time.{missing}",
        {
            "folder": str(report.folder),
            "files": report.files,
            "bytes_total": report.bytes_total,
            "files_copied": report.files_copied,
            "bytes_copied": report.bytes_copied,
            "missing": list(report.missing),
            "finished_at": report.finished_at,
        },
    )


def _restore(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.backup import restore_library

    report = restore_library(
        args.backup, args.data_dir, passphrase(args, confirm=False), terminal_progress(args, "Restoring")
    )
    return Printed(
        f"Restored the library of {report.created_at[:16].replace('T', ' ')} into {report.data_dir}: "
        f"{report.files} files, {report.bytes_total:,} bytes, every one checked.\n"
        "Restore your signing key too, if it is not in this keychain: portfolio keys restore FILE",
        {
            "data_dir": str(report.data_dir),
            "files": report.files,
            "bytes_total": report.bytes_total,
            "created_at": report.created_at,
        },
    )
