"""Passphrases for key and library backups: from `--passphrase-file FILE` (scripts) or a prompt, never an argument."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from portfolio_app.core.errors import InvalidInputError


def add_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the passphrase from the first line of FILE (for scripts); otherwise you are asked for it",
    )


def passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The passphrase from --passphrase-file, or typed twice (`confirm`) or once at a prompt."""
    if args.passphrase_file is not None:
        try:
            lines = args.passphrase_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"The passphrase file {args.passphrase_file} cannot be read: {exc}") from None
        if not lines or not lines[0]:
            raise InvalidInputError(f"The passphrase file {args.passphrase_file} is empty.")
        return lines[0]
    if not sys.stdin.isatty():
        raise InvalidInputError("No terminal to ask for the passphrase: give it with --passphrase-file FILE.")
    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise InvalidInputError("The two passphrases differ; nothing was written.")
    return first
