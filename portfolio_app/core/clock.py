"""Timestamps as stored: UTC, ISO 8601, to the millisecond so that orderings are stable."""

from datetime import datetime, timezone


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
