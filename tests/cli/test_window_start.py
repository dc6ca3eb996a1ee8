"""Opening the window (no subcommand) imports no subcommand's module: start-up pays for the window alone."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_app.cli import MODULES, main

REPO = Path(__file__).resolve().parents[2]

# Stands in for portfolio_app.ui.app (no Qt here), then runs the CLI as `python -m portfolio_app` does.
SCRIPT = r"""
import json, sys, types

opened = []
window = types.ModuleType("portfolio_app.ui.app")
window.run_app = lambda data_dir: opened.append(data_dir) or 0
sys.modules["portfolio_app.ui.app"] = window

from portfolio_app.cli import main

code = main(sys.argv[1:])
commands = sorted(name for name in sys.modules if name.startswith("portfolio_app.cli.") and name.endswith("_commands"))
print(json.dumps({"code": code, "opened": opened, "commands": commands}))
"""


def _start(*argv: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *argv], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "argv,data_dir",
    [
        ((), None),
        (("--data-dir", "lib"), "lib"),
        (("--json", "--data-dir=lib"), "lib"),
        (("--data-dir", "a", "--data-dir", "b"), "b"),
    ],
)
def test_the_window_opens_without_importing_a_command_module(argv, data_dir):
    started = _start(*argv)
    assert started == {"code": 0, "opened": [data_dir], "commands": []}


def test_a_subcommand_still_finds_every_command_module(tmp_path):
    started = _start("--data-dir", str(tmp_path / "lib"), "--json", "list")
    assert started["code"] == 0 and started["opened"] == []
    assert started["commands"] == sorted(f"portfolio_app.cli.{name}" for name in MODULES)


def test_a_global_option_without_its_value_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir"])
    assert stopped.value.code == 2 and "--data-dir: expected one argument" in capsys.readouterr().err
