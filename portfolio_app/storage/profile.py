"""The single profile row: who uses this library."""

from __future__ import annotations

from portfolio_app.core.portfolio import Profile
from portfolio_app.storage.database import Database


def get(db: Database) -> Profile | None:
    row = db.execute("SELECT name, email FROM profile WHERE id = 1").fetchone()
    return Profile(name=row[0], email=row[1]) if row else None


def save(db: Database, profile: Profile, now: str) -> None:
    db.execute(
        "INSERT INTO profile (id, name, email, created_at, updated_at) VALUES (1, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, "
        "updated_at = excluded.updated_at",
        [profile.name, profile.email, now, now],
    )
