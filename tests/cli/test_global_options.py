"""`--data-dir` and `--json` work before or after any subcommand; a closed pipe ends quietly."""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_app.cli import build_parser, main
from tests.cli.test_docs import COMMANDS

REPO = Path(__file__).resolve().parents[2]


def _required_arguments(parser: argparse.ArgumentParser) -> list[str]:
    """The fewest arguments that the subcommand's parser accepts (placeholders for its values)."""
    arguments: list[str] = []
    for action in parser._actions:
        if not action.option_strings:
            if action.nargs in (None, "+", 1):
                arguments.append(action.choices[0] if action.choices else "1")
        elif action.required:
            value = [action.choices[0] if action.choices else "1"] if action.nargs != 0 else []
            arguments += [action.option_strings[0], *map(str, value)]
    for group in parser._mutually_exclusive_groups:
        if group.required:  # the first choice of a required either-or
            first = group._group_actions[0]
            arguments += [*first.option_strings[:1], *(["1"] if first.nargs != 0 else [])]
    return arguments


@pytest.mark.parametrize("name,subparser", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_global_options_before_or_after_every_subcommand(name, subparser, tmp_path):
    words = name.split()
    rest = _required_arguments(subparser)
    options = ["--data-dir", str(tmp_path), "--json"]
    parser = build_parser()
    for argv in ([*options, *words, *rest], [*words, *rest, *options]):
        args = parser.parse_args(argv)
        assert (args.data_dir, args.json) == (str(tmp_path), True), argv
    args = parser.parse_args([*words, *rest])
    assert (args.data_dir, args.json) == (None, False)


def test_data_dir_before_the_subcommand_is_the_library_used(tmp_path, monkeypatch, capsys):
    default, chosen = tmp_path / "default", tmp_path / "chosen"
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(default))
    code = main(["--data-dir", str(chosen), "--json", "new", "questioning-to-deepen-thinking", "--title", "Mine"])
    created = json.loads(capsys.readouterr().out)
    assert code == 0
    main(["--json", "list", "--data-dir", str(chosen)])
    assert [p["id"] for p in json.loads(capsys.readouterr().out)] == [created["id"]]
    main(["--json", "list"])  # the environment's library never saw it
    assert json.loads(capsys.readouterr().out) == []


def test_a_closed_pipe_ends_quietly(library):
    from portfolio_app.services.portfolios import create_portfolio

    for n in range(250):  # more JSON than a pipe holds, so the writer meets the closed end for sure
        create_portfolio(library, "questioning-to-deepen-thinking", f"Portfolio {n}")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "portfolio_app", "list", "--json", "--data-dir", str(library.data_dir)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout.read(10)  # like `head -c 10`
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert stderr == ""
