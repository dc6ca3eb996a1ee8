"""`portfolio`: the app's use cases from a terminal. With no subcommand it opens the window.

Exit codes: 0 success, 1 the operation failed or the input is invalid (message on stderr),
2 usage errors (argparse). `--json` prints exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from portfolio_app import APP_NAME, __version__
from portfolio_app.cli.output import Failed, Printed, Refused, print_json
from portfolio_app.core.errors import PortfolioError
from portfolio_app.services.library import Library, open_library

Handler = Callable[[Library, argparse.Namespace], Any]


# Each module registers its subcommands; their handlers import services lazily, so `--help` stays fast.
# Named, not imported here: opening the window (no subcommand) imports none of them (55-100 ms of start-up).
MODULES = (
    "catalog_commands",
    "portfolio_commands",
    "evidence_commands",
    "faces_commands",
    "rubric_commands",
    "privacy_commands",
    "names_commands",
    "retention_commands",
    "export_commands",
    "bundle_commands",
    "outbox_commands",
    "inbox_commands",
    "key_commands",
    "trust_commands",
    "backup_commands",
    "scheme_commands",
    "observation_commands",
    "badges_commands",
    "review_commands",
    "feedback_commands",
    "talk_commands",
    "leftovers_commands",
)


def build_parser() -> argparse.ArgumentParser:
    # The global options are accepted before the subcommand (on the main parser, which sets the
    # defaults) and after it (on each subcommand). SUPPRESS keeps a subcommand that was not given
    # the option from overwriting the value given before it with its own default.
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="portfolio",
        description=f"{APP_NAME}: evidence, self-assessment and signed submissions for micro-credentials. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"portfolio {__version__}")
    _add_global_options(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name in MODULES:
        importlib.import_module(f"portfolio_app.cli.{name}").register(commands, common)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="library folder (default: $PORTFOLIO_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=False if default is None else default,
        help="print one JSON document instead of text",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand (or the window) and return the exit code."""
    try:
        code = _run(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        # The reader went away (`portfolio list --json | head`): what it wanted it has. Point
        # stdout at nothing so that the interpreter's final flush cannot raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _opens_window(argv: list[str]) -> bool:
    """True when `argv` holds only the global options (the window opens): no subcommand's module is needed.

    Anything else (a subcommand, --help, --version, an abbreviation) goes to the full parser.
    """
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            value = next(words, None)
            if value is None or value.startswith("-"):
                return False
        elif word != "--json" and not word.startswith("--data-dir="):
            return False
    return True


def _run(argv: list[str]) -> int:
    if _opens_window(argv):
        window_options = argparse.ArgumentParser(prog="portfolio")
        _add_global_options(window_options, default=None)
        from portfolio_app.ui.app import run_app  # Qt is loaded only for the window

        return run_app(window_options.parse_args(argv).data_dir)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from portfolio_app.ui.app import run_app

        return run_app(args.data_dir)
    try:
        if getattr(args, "needs_library", True):
            library = open_library(args.data_dir)
            try:
                result = args.handler(library, args)
            finally:
                library.close()
        else:  # keys and verify: nothing is created where a reviewer checks a bundle
            result = args.handler(None, args)
    except PortfolioError as exc:
        print(f"portfolio: {exc}", file=sys.stderr)
        return 1
    if isinstance(result, Refused):
        if args.json:
            print_json(result.document)
        print(result.text, file=sys.stderr)
        return 1
    if isinstance(result, Failed):  # partly done: what worked still goes to stdout
        if args.json:
            print_json(result.document)
        elif result.text:
            print(result.text)
        return 1
    if args.json:
        print_json(result.document if isinstance(result, Printed) else result)
    elif isinstance(result, Printed):
        print(result.text)
    return 0
