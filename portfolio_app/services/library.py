"""Opening a library: its folder, database and media store, with the bundled catalog in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.errors import StorageError
from portfolio_app.storage.database import DB_NAME, Database, open_database
from portfolio_app.storage.datadir import resolve_data_dir
from portfolio_app.storage.mediastore import MediaStore


@dataclass
class Library:
    data_dir: Path
    db: Database
    store: MediaStore

    def close(self) -> None:
        self.db.close()
        self.store.close()


def open_library(data_dir: str | os.PathLike[str] | None = None, *, sync_catalog: bool = True) -> Library:
    """Open the library in `data_dir` (see resolve_data_dir), creating it on first use.

    Raises:
        StorageError: the folder cannot be created or the database cannot be used.
    """
    folder = resolve_data_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store = MediaStore(folder / "media")
        store.remove_temp_files()
    except OSError as exc:
        raise StorageError(f"The library folder {folder} cannot be used: {exc.strerror or exc}") from exc
    library = Library(folder, open_database(folder / DB_NAME), store)
    if sync_catalog:
        from portfolio_app.services.catalog import sync_bundled_catalog

        sync_bundled_catalog(library)
    return library


def open_existing_library(data_dir: str | os.PathLike[str] | None = None) -> Library | None:
    """The library in `data_dir` if there is one; None (and nothing created) where there is none."""
    folder = resolve_data_dir(data_dir)
    if not (folder / DB_NAME).is_file():
        return None
    return open_library(folder, sync_catalog=False)
