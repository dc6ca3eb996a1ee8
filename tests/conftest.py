"""Fixtures for every test: a fresh library folder, and nothing read from the real user profile.

This file must not import Qt: the tests outside tests/ui run where PySide6 is not installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # so tests can use bench/ helpers


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("PORTFOLIO_DATA_DIR", raising=False)
    monkeypatch.delenv("PORTFOLIO_RESOURCES", raising=False)


@pytest.fixture(autouse=True)
def memory_keyring():
    """A fresh in-memory keychain: no test reads or writes the real one (tests marked keychain set their own)."""
    import keyring

    from tests.keyring_memory import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(data_dir: Path):
    from portfolio_app.services.library import open_library

    lib = open_library(data_dir)
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def talk_lesson(tmp_path_factory: pytest.TempPathFactory):
    """The generated lesson of tests/talk_lesson.py (espeak-ng voices, known turns and waits), made once."""
    from tests.talk_lesson import have_espeak, make_lesson

    if not have_espeak():
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng): it speaks the test lesson")
    return make_lesson(tmp_path_factory.mktemp("talk"))


@pytest.fixture
def catalog_dir() -> Path:
    return REPO / "resources" / "catalog"


def pytest_report_header() -> str:
    qt = "absent" if os.environ.get("PORTFOLIO_EXPECT_NO_QT") else "present"
    return f"PySide6 expected: {qt}"
