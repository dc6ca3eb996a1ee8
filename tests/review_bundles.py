"""Teachers' bundles for review tests: a ready portfolio exported from its own library and keychain."""

from __future__ import annotations

from pathlib import Path

import keyring

from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from tests.keyring_memory import MemoryKeyring
from tests.ready_portfolio import make_ready_portfolio


def teacher_bundle(folder: Path) -> tuple[Path, str]:
    """Export a ready portfolio from a library of its own in `folder`: the bundle's path and the portfolio id.

    Uses a keychain of its own too, and puts back the one that was in use.
    """
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    library = open_library(folder / "teacher")
    try:
        portfolio = make_ready_portfolio(library, folder / "media")
        (folder / "out").mkdir(exist_ok=True)
        info = export_portfolio(library, portfolio.id, folder / "out" / "ana-ortiz-submission.zip").value
        return info.path, portfolio.id
    finally:
        library.close()
        keyring.set_keyring(previous)
