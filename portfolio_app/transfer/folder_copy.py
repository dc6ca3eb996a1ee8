"""Delivering a file into a folder (a USB drive, a OneDrive or Google Drive folder): copy, verify, rename.

The copy is written under a hidden temporary name, flushed to the device, read back and hashed,
and only then renamed to its final name, so a sync client never uploads half a bundle and a
pulled-out drive never holds a file that looks complete but is not.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from portfolio_app.core.errors import Cancelled, PortfolioError

BLOCK = 1 << 20


class FolderUnavailable(PortfolioError):
    """The folder is not there (drive not plugged in) or cannot be written."""


def deliver_to_folder(
    source: Path,
    folder: Path,
    name: str,
    sha256: str,
    *,
    on_offset: Callable[[int], None] = lambda _: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Copy `source` into `folder` as `name`, verified against `sha256`; returns the final path.

    A file of that name with the same content counts as delivered; one with other content keeps
    its name and the copy gets a free one ("name (2).zip").

    Raises:
        FolderUnavailable: the folder is missing or not writable (try again when the drive is back).
        PortfolioError: the copy read back differs (a failing drive).
        Cancelled: `cancelled()` became true.
    """
    if not folder.is_dir():
        raise FolderUnavailable(f"The folder {folder} is not there (is the drive plugged in?).")
    target = folder / name
    if target.exists() and _sha256_of(target) == sha256:
        return target
    temp = folder / f".{name}.{os.getpid()}.partial"
    try:
        with open(source, "rb") as reader, open(temp, "wb") as writer:
            done = 0
            while block := reader.read(BLOCK):
                if cancelled():
                    raise Cancelled("Copying stopped; it starts again next time.")
                writer.write(block)
                done += len(block)
                on_offset(done)
            writer.flush()
            os.fsync(writer.fileno())
        copied = _sha256_of(temp)
        if copied != sha256:
            raise PortfolioError(
                f"The copy of {name} in {folder} does not match the original (SHA-256 {copied[:12]}… instead "
                f"of {sha256[:12]}…): the drive may be failing."
            )
        target = _free_name(folder, name)
        os.replace(temp, target)
        return target
    except OSError as exc:
        raise FolderUnavailable(f"{name} cannot be written to {folder}: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)


def _free_name(folder: Path, name: str) -> Path:
    stem, suffix = os.path.splitext(name)
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem} ({number}){suffix}"
    return candidate


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()
