"""Where the outbox sends: tus upload endpoints (a token in the OS keychain) and folders."""

from __future__ import annotations

import contextlib
from pathlib import Path

import keyring
import keyring.errors

from portfolio_app.bundle.errors import KeychainUnavailableError
from portfolio_app.bundle.keys import SERVICE
from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.outbox import Destination, DestinationKind, ItemState, check_destination_name, check_tus_url
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.library import Library
from portfolio_app.storage import outbox as stored


def add_destination(
    library: Library, name: str, *, url: str | None = None, token: str | None = None, folder: str | None = None
) -> Outcome[Destination]:
    """Add a tus endpoint (with an optional token, kept in the keychain) or a folder under `name`."""
    name = check_destination_name(name)
    if (url is None) == (folder is None):
        raise InvalidInputError("A destination is either an upload address (--url) or a folder (--folder).")
    if folder is not None and token:
        raise InvalidInputError("A folder destination takes no token.")
    if stored.get_destination(library.db, name) is not None:
        raise InvalidInputError(f"There is already a destination called “{name}”. Remove it first to replace it.")
    if url is not None:
        destination = Destination(name, DestinationKind.TUS, check_tus_url(url), bool(token), now_iso())
    else:
        target = Path(folder).expanduser().resolve()  # type: ignore[arg-type]
        if not target.is_dir():
            raise InvalidInputError(f"The folder {target} does not exist: create it (or plug in the drive) first.")
        destination = Destination(name, DestinationKind.FOLDER, str(target), False, now_iso())
    if token:
        _keychain(keyring.set_password, SERVICE, _account(name), token)
    with library.db.atomic():
        stored.insert_destination(library.db, destination)
    return Outcome(destination, Changes(outbox=True))


def list_destinations(library: Library) -> list[Destination]:
    return stored.list_destinations(library.db)


def get_destination(library: Library, name: str) -> Destination:
    destination = stored.get_destination(library.db, name)
    if destination is None:
        known = ", ".join(d.name for d in stored.list_destinations(library.db)) or "none yet"
        raise NotFoundError(f"There is no destination called “{name}” (destinations: {known}).")
    return destination


def remove_destination(library: Library, name: str) -> Outcome[Destination]:
    """Remove a destination, its token and its finished or failed items; refused while items wait for it."""
    destination = get_destination(library, name)
    waiting = stored.count_items_for(library.db, destination.name, (ItemState.WAITING,))
    if waiting:
        raise InvalidInputError(
            f"{waiting} item{'s' if waiting != 1 else ''} still wait{'s' if waiting == 1 else ''} to go to "
            f"“{destination.name}”: remove {'them' if waiting != 1 else 'it'} from the outbox first."
        )
    with library.db.atomic():
        stored.delete_items_for(library.db, destination.name)
        stored.delete_destination(library.db, destination.name)
    if destination.has_token:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):  # already gone from the keychain
            keyring.get_keyring().delete_password(SERVICE, _account(destination.name))
    return Outcome(destination, Changes(outbox=True))


def destination_token(destination: Destination) -> str | None:
    """The destination's token from the OS keychain (None when it has none)."""
    if not destination.has_token:
        return None
    token = _keychain(keyring.get_password, SERVICE, _account(destination.name))
    if token is None:
        raise KeychainUnavailableError(
            f"The token of “{destination.name}” is no longer in the system keychain: remove the destination "
            "and add it again with its token."
        )
    return token


def _account(name: str) -> str:
    return f"outbox-token:{name.lower()}"


def _keychain(method, *args):
    try:
        return method(*args)
    except keyring.errors.KeyringError as exc:
        raise KeychainUnavailableError(
            f"The system keychain cannot keep the destination's token ({exc}). Unlock or install a keychain."
        ) from None
