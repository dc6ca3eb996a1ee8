"""Inter-observer agreement: Cohen's kappa per code and overall, with the confusion counts behind it.

Each code is a yes/no judgement per unit (a COPUS interval, or a fixed bin of a continuous record):
observer A and observer B each said the code was present or not. Per code, the 2×2 table gives

    p_o = (both + neither) / n
    p_e = ((both + only_a) (both + only_b) + (only_b + neither) (only_a + neither)) / n²
    κ   = (p_o − p_e) / (1 − p_e)

Overall pools every code's table (all code × unit judgements). κ is undefined when p_e = 1 (both
observers said the same thing in every unit, e.g. neither ever used the code): it is reported as None.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.observation import ObservationRecord
from portfolio_app.core.observation_summary import DEFAULT_BIN_S, Units, presence, units_of


@dataclass(frozen=True)
class Confusion:
    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def observed(self) -> float:
        return (self.both + self.neither) / self.n if self.n else 1.0

    @property
    def expected(self) -> float:
        if not self.n:
            return 1.0
        yes_a, yes_b = self.both + self.only_a, self.both + self.only_b
        no_a, no_b = self.only_b + self.neither, self.only_a + self.neither
        return (yes_a * yes_b + no_a * no_b) / (self.n * self.n)

    @property
    def kappa(self) -> float | None:
        expected = self.expected
        if expected >= 1.0:
            return None
        return (self.observed - expected) / (1.0 - expected)

    def __add__(self, other: Confusion) -> Confusion:
        return Confusion(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )


@dataclass(frozen=True)
class CodeAgreement:
    code_id: str
    label: str
    confusion: Confusion


@dataclass(frozen=True)
class Agreement:
    units: Units  # intervals or bins, with their length and how many
    codes: tuple[CodeAgreement, ...]
    overall: Confusion


def confusion(a: set[int], b: set[int], n: int) -> Confusion:
    """The 2×2 table of two observers' yes/no over units 0 … n-1."""
    both = len(a & b)
    return Confusion(both, len(a - b), len(b - a), n - len(a | b))


def agreement(a: ObservationRecord, b: ObservationRecord, bin_s: float = DEFAULT_BIN_S) -> Agreement:
    """Kappa of two observations of one lesson with one scheme.

    Interval-mode observations are compared on their intervals; otherwise on `bin_s` bins.

    Raises:
        InvalidInputError: different schemes, or one coded per interval and the other not.
    """
    if a.scheme.id != b.scheme.id or [c.id for c in a.scheme.codes] != [c.id for c in b.scheme.codes]:
        raise InvalidInputError(
            f"“{a.observation.title}” uses {a.scheme.title} and “{b.observation.title}” uses {b.scheme.title}: "
            "agreement needs the same scheme."
        )
    units_a, units_b = units_of(a, bin_s), units_of(b, bin_s)
    if units_a.kind != units_b.kind or units_a.seconds != units_b.seconds:
        raise InvalidInputError(
            "One observation is coded per interval and the other continuously: compare like with like."
        )
    units = Units(units_a.kind, units_a.seconds, max(units_a.count, units_b.count))
    present_a, present_b = presence(a, units), presence(b, units)
    codes = tuple(
        CodeAgreement(c.id, c.label, confusion(present_a[c.id], present_b[c.id], units.count)) for c in a.scheme.codes
    )
    overall = Confusion(0, 0, 0, 0)
    for code in codes:
        overall = overall + code.confusion
    return Agreement(units, codes, overall)
