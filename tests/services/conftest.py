"""Service fixtures: two people's desks (a library and a keychain each), for loops between them."""

from __future__ import annotations

import keyring
import pytest

from portfolio_app.services.library import open_library
from tests.keyring_memory import MemoryKeyring


class Desk:
    """One person's library and keychain; `with desk:` makes that keychain the one in use."""

    def __init__(self, folder):
        self.library = open_library(folder)
        self.keys = MemoryKeyring()

    def __enter__(self):
        keyring.set_keyring(self.keys)
        return self.library

    def __exit__(self, *exc):
        return False


@pytest.fixture
def desks(tmp_path):
    """A teacher's desk and a reviewer's."""
    teacher, reviewer = Desk(tmp_path / "teacher"), Desk(tmp_path / "reviewer")
    yield teacher, reviewer
    teacher.library.close()
    reviewer.library.close()
