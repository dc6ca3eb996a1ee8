"""Use cases of the teacher's profile (name and email, asked on first run)."""

from __future__ import annotations

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Profile, check_profile
from portfolio_app.services.library import Library
from portfolio_app.storage import profile as stored


def get_profile(library: Library) -> Profile | None:
    return stored.get(library.db)


def save_profile(library: Library, name: str, email: str) -> Outcome[Profile]:
    """Raises InvalidInputError for an empty name or an email address without a domain."""
    profile = check_profile(name, email)
    with library.db.atomic():
        stored.save(library.db, profile, now_iso())
    return Outcome(profile, Changes(profile=True))
