"""What every use case returns: its value and what it changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from portfolio_app.core.changes import Changes

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    value: T
    changes: Changes
