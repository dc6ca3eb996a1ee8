"""What an observation adds up to: shares per code and collapsed category, participation per student.

Shares are of intervals in interval mode (COPUS's "share of 2-minute intervals"), and of fixed bins
of the continuous record otherwise (10 s unless asked): a code counts in every bin it touches.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from portfolio_app.core.observation import Mode, ObservationRecord
from portfolio_app.core.scheme import Category, Code

DEFAULT_BIN_S = 10.0


@dataclass(frozen=True)
class Units:
    """How an observation is cut for shares and agreement: intervals or bins, their length and number."""

    kind: str  # "interval" or "bin"
    seconds: float
    count: int


@dataclass(frozen=True)
class CodeSummary:
    code: Code
    count: int  # events (continuous) or ticked intervals
    units: int  # intervals or bins in which the code is present
    share: float  # units / all units
    seconds: float  # how long a state was on (0 for points and ticks)


@dataclass(frozen=True)
class CategorySummary:
    category: Category
    units: int
    share: float


@dataclass(frozen=True)
class Summary:
    units: Units
    codes: tuple[CodeSummary, ...]
    categories: tuple[CategorySummary, ...]
    participation: dict[str, Counter]  # pseudonym -> code id -> count


def units_of(record: ObservationRecord, bin_s: float = DEFAULT_BIN_S) -> Units:
    """Intervals for an interval-mode observation, else bins of `bin_s` seconds over its length."""
    if record.observation.mode is Mode.INTERVAL and record.scheme.interval_seconds:
        length = float(record.scheme.interval_seconds)
        ticked = max((e.interval_index or 0 for e in record.events), default=-1) + 1
        return Units("interval", length, max(ticked, math.ceil(record.length_s() / length), 1))
    if bin_s <= 0:
        raise ValueError("a bin must be longer than 0 seconds")
    return Units("bin", float(bin_s), max(math.ceil(record.length_s() / bin_s), 1))


def presence(record: ObservationRecord, units: Units) -> dict[str, set[int]]:
    """For each code id, the intervals or bins it is present in."""
    found: dict[str, set[int]] = {c.id: set() for c in record.scheme.codes}
    for event in record.closed_events():
        if event.interval_index is not None and units.kind == "interval":
            found[event.code_id].add(event.interval_index)
            continue
        first = int(event.start_s // units.seconds)
        if event.end_s is None or event.end_s <= event.start_s:
            found[event.code_id].add(first)
            continue
        last = math.ceil(event.end_s / units.seconds) - 1  # a state ending on a boundary stays out of the next bin
        found[event.code_id].update(range(first, max(last, first) + 1))
    return found


def summarize(record: ObservationRecord, bin_s: float = DEFAULT_BIN_S) -> Summary:
    """Counts and shares per code and category, and contributions per student."""
    units = units_of(record, bin_s)
    present = presence(record, units)
    counts = Counter(e.code_id for e in record.events)
    seconds: Counter = Counter()
    for event in record.closed_events():
        if event.interval_index is None and event.end_s is not None:
            seconds[event.code_id] += event.end_s - event.start_s
    codes = tuple(
        CodeSummary(c, counts[c.id], len(present[c.id]), len(present[c.id]) / units.count, seconds[c.id])
        for c in record.scheme.codes
    )
    categories = []
    for category in record.scheme.categories:
        covered = set().union(*(present[code_id] for code_id in category.codes))
        categories.append(CategorySummary(category, len(covered), len(covered) / units.count))
    participation: dict[str, Counter] = {}
    for event in record.events:
        if event.student_id is not None:
            name = record.students.get(event.student_id, "?")
            participation.setdefault(name, Counter())[event.code_id] += 1
    return Summary(units, codes, tuple(categories), participation)
