"""Every subcommand has --help text and a README entry (the idea of sqlite-utils' test_docs)."""

import argparse
import re
from pathlib import Path

import pytest

from portfolio_app.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix}{name}"
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    yield from _commands(sub, full + " ")
                else:
                    yield full, sub


COMMANDS = list(_commands(build_parser()))


def test_there_are_commands():
    assert {name for name, _ in COMMANDS} >= {
        "credentials list",
        "credentials show",
        "credentials import",
        "new",
        "list",
    }


@pytest.mark.parametrize("name,parser", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_and_a_readme_entry(name, parser):
    assert parser.description and len(parser.description) > 20
    for action in parser._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, f"{name} {action.option_strings} has no help text"
    assert re.search(rf"^#+ `portfolio {re.escape(name)}\b", README, re.MULTILINE), f"README has no entry for {name}"
