"""Finding a row by what a person types: its whole id, or enough of its start to be unambiguous."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from portfolio_app.core.errors import NotFoundError

T = TypeVar("T")
MIN_PREFIX = 4  # shorter prefixes match too much to be worth guessing


def by_id_or_prefix(
    key: str,
    get: Callable[[str], T | None],
    ids_starting_with: Callable[[str], Sequence[str]],
    what: str,
    hint: str = "",
) -> T:
    """The row whose id is `key`, or the only one whose id starts with it (4+ characters).

    Raises:
        NotFoundError: nothing matches ("There is no <what> '<key>'." and `hint`), or the prefix
            matches more than one.
    """
    found = get(key)
    if found is None and len(key) >= MIN_PREFIX:
        matches = ids_starting_with(key)
        if len(matches) > 1:
            raise NotFoundError(f"More than one {what} id starts with '{key}': type more of it.")
        found = get(matches[0]) if matches else None
    if found is None:
        raise NotFoundError(f"There is no {what} '{key}'.{' ' + hint if hint else ''}")
    return found
