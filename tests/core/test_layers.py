"""The core never needs Qt: proven by importing it in a fresh interpreter and, in CI, without PySide6."""

import importlib.util
import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not os.environ.get("PORTFOLIO_EXPECT_NO_QT"), reason="only in the venv without PySide6")
def test_pyside6_is_really_absent_here():
    assert importlib.util.find_spec("PySide6") is None


def test_non_ui_layers_and_cli_load_no_qt():
    code = (
        "import sys, portfolio_app.cli, portfolio_app.services.catalog, portfolio_app.services.portfolios, "
        "portfolio_app.services.profile, portfolio_app.core.badges, portfolio_app.storage.evidence; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
