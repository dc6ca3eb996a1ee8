"""Unpack a bundle .zip into a folder the reviewer chose, and nowhere else.

The archive is read through bag_sources, which has already refused unsafe names (`..`,
absolute paths, links), duplicates and bomb-like sizes; every path is checked once more
against the destination before anything is written. The bag is written under a hidden
temporary name and renamed when complete, so a cancelled or failed extraction leaves nothing.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from portfolio_app.bundle.bag_sources import open_bag
from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.core.errors import Cancelled, StorageError
from portfolio_app.core.progress import CancelCheck, Progress


def extract_bundle(
    path: Path, destination: Path, *, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> Path:
    """Unpack the bundle at `path` into a new folder inside `destination`; returns that folder.

    A bag folder given as `path` is returned as it is. Raises BundleFormatError for an archive
    with structural problems, StorageError when the destination cannot be written, Cancelled.
    """
    source = open_bag(path)
    if path.is_dir():
        return path if (path / "data").is_dir() or source.name is None else path / source.name
    if source.problems or source.name is None:
        first = source.problems[0] if source.problems else None
        reason = f"{first.entry}: {first.reason}" if first else "it holds no bag folder"
        raise BundleFormatError(f"{path.name} cannot be extracted safely: {reason}.")
    root = destination.resolve()
    target = _free_name(root, source.name)
    temp = root / f".{source.name}.{secrets.token_hex(4)}.part"
    total = sum(source.files.values()) or 1
    done = 0
    try:
        temp.mkdir()
        for name, _size in sorted(source.files.items()):
            out = (temp / name).resolve()
            if not out.is_relative_to(temp.resolve()):
                raise BundleFormatError(f"{path.name} cannot be extracted safely: {name} would leave the folder.")
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "xb") as writer:
                for chunk in source.chunks(name):
                    if cancelled and cancelled():
                        raise Cancelled()
                    writer.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done / total)
        os.replace(temp, target)
    except OSError as exc:
        raise StorageError(f"Cannot extract into {root}: {exc.strerror or exc}.") from exc
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return target


def _free_name(folder: Path, name: str) -> Path:
    """folder/name, or folder/name-2, -3 … when that is taken."""
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{name}-{number}"
    return candidate


def extract_entry(path: Path, entry: str, destination: Path) -> Path:
    """Copy one file of the bundle (e.g. "data/lesson.mp4") into the folder `destination`, read-only,
    to look at it without unpacking the rest; returns the copy.

    Raises BundleFormatError when the bundle holds no such file, StorageError when it cannot be written.
    """
    source = open_bag(path)
    if entry not in source.files:
        raise BundleFormatError(f"{path.name} holds no {entry}.")
    target = destination / Path(entry).name
    temp = destination / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        destination.mkdir(parents=True, exist_ok=True)
        with open(temp, "xb") as writer:
            for chunk in source.chunks(entry):
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        os.chmod(temp, 0o444)  # a copy to look at: the bundle is what counts
        os.replace(temp, target)
    except OSError as exc:
        raise StorageError(f"Cannot copy {entry} into {destination}: {exc.strerror or exc}.") from exc
    finally:
        if temp.exists():
            temp.unlink()
    return target
