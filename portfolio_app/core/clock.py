"""Timestamps as stored: UTC, ISO 8601, to the millisecond so that orderings are stable."""

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
