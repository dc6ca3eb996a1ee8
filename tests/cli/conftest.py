"""CLI fixtures: `run(*args)` calls `portfolio` in-process on the test's library folder."""

from __future__ import annotations

import pytest

from portfolio_app.cli import main


@pytest.fixture
def run(data_dir, capsys):
    """`run("list", "--json")` -> (exit code, stdout, stderr), with --data-dir set to the test's library."""

    def invoke(*args: str):
        code = main([*args, "--data-dir", str(data_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
