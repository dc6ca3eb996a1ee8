"""Use cases of the teacher's profile (name and email, asked on first run)."""

from __future__ import annotations

import re

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.portfolio import Profile
from portfolio_app.services.library import Library
from portfolio_app.services.outcome import Outcome
from portfolio_app.storage import profile as stored

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def get_profile(library: Library) -> Profile | None:
    return stored.get(library.db)


def check_profile(name: str, email: str) -> Profile:
    """The profile these entries make; InvalidInputError for an empty name or a malformed email."""
    name, email = name.strip(), email.strip()
    if not name:
        raise InvalidInputError("Please enter your name; it appears on your submissions.")
    if not _EMAIL.match(email):
        raise InvalidInputError(f"'{email}' does not look like an email address (name@school.org).")
    return Profile(name=name, email=email)


def save_profile(library: Library, name: str, email: str) -> Outcome[Profile]:
    """Raises InvalidInputError for an empty name or an email address without a domain."""
    profile = check_profile(name, email)
    with library.db.atomic():
        stored.save(library.db, profile, now_iso())
    return Outcome(profile, Changes(profile=True))
