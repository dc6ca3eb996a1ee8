"""Where a user's library lives."""

from __future__ import annotations

import os
from pathlib import Path

from portfolio_app import APP_ID

ENV_VAR = "PORTFOLIO_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else $PORTFOLIO_DATA_DIR, else the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
