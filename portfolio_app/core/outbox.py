"""The outbox: where signed files go (destinations), what waits to go (items), and the proof (receipts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from portfolio_app.core.errors import InvalidInputError

OutboxItemId = NewType("OutboxItemId", str)


class DestinationKind(StrEnum):
    TUS = "tus"  # a tus 1.0 upload endpoint (the district inbox)
    FOLDER = "folder"  # a USB drive, or a folder a sync client (OneDrive, Google Drive) uploads


class ItemState(StrEnum):
    WAITING = "waiting"  # queued or part-sent: `send` (or the window) carries on from the server's offset
    DONE = "done"  # the receipt is written
    FAILED = "failed"  # cannot go on without the teacher: the file changed, or the server refused it


@dataclass(frozen=True)
class Destination:
    name: str
    kind: DestinationKind
    target: str  # the tus endpoint URL, or the folder
    has_token: bool  # the token itself is in the OS keychain, never in the library
    created_at: str


@dataclass(frozen=True)
class Receipt:
    """What the destination confirmed: where the file is, and whether its SHA-256 was checked there."""

    destination: str
    location: str  # the upload URL, or the file in the folder
    size: int
    sha256: str  # the destination's SHA-256 when verified, else the queued one
    verified: bool
    at: str


@dataclass(frozen=True)
class OutboxItem:
    id: OutboxItemId
    file: str  # absolute path of the queued file
    name: str  # its file name, sent as the `filename` metadata
    sha256: str
    size: int
    mtime_ns: int  # with size: a cheap check that the file has not changed since it was queued
    destination: str
    upload_url: str | None  # persisted so that a new process resumes where the server is
    offset: int
    state: ItemState
    attempts: int
    last_error: str
    queued_at: str
    receipt: Receipt | None

    @property
    def fraction(self) -> float:
        if self.state == ItemState.DONE:
            return 1.0
        return self.offset / self.size if self.size else 0.0


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")


def check_destination_name(name: str) -> str:
    """A destination's name as typed at a terminal: letters, digits, space, dot, dash, underscore."""
    cleaned = name.strip()
    if not _NAME.match(cleaned):
        raise InvalidInputError(
            f"“{name}” cannot name a destination: use up to 64 letters, digits, spaces, dots, dashes or "
            "underscores, starting with a letter or digit."
        )
    return cleaned


def check_tus_url(url: str) -> str:
    """An upload endpoint must be an http(s) URL; plain http is allowed for a loopback or a school LAN."""
    cleaned = url.strip()
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", cleaned):
        raise InvalidInputError(
            f"“{url}” is not an upload address: it should look like https://inbox.example.org/files"
        )
    return cleaned
