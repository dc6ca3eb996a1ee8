"""Agreement between two reviewers' signed decisions on the same bundle: per criterion, and
Cohen's kappa across criteria (BloomBoard calibrates its assessors to 80% agreement).

Kappa corrects the share of agreeing criteria for the agreement chance alone would give, from
each reviewer's own spread of levels: kappa = (p_o - p_e) / (1 - p_e). When both reviewers put
every criterion at one and the same level, chance explains everything (p_e = 1): kappa is then
undefined, and reported as None, though the agreement is 100%.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from portfolio_app.core.errors import InvalidInputError


@dataclass(frozen=True)
class CriterionAgreement:
    criterion_id: str
    first_level: str
    second_level: str
    first_passes: bool
    second_passes: bool

    @property
    def agree(self) -> bool:
        return self.first_level == self.second_level

    @property
    def agree_on_passing(self) -> bool:
        return self.first_passes == self.second_passes


@dataclass(frozen=True)
class Agreement:
    first: str  # a reviewer, by key fingerprint
    second: str
    criteria: tuple[CriterionAgreement, ...]
    kappa: float | None
    same_decision: bool

    @property
    def share(self) -> float:
        """The share of criteria scored at the same level."""
        return sum(c.agree for c in self.criteria) / len(self.criteria)


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired categorical ratings; None when chance agreement is 1."""
    if not pairs:
        raise InvalidInputError("There is nothing to compare: no criterion was scored by both reviewers.")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def agreement(
    first: str,
    first_levels: Mapping[str, tuple[str, bool]],
    second: str,
    second_levels: Mapping[str, tuple[str, bool]],
    same_decision: bool,
) -> Agreement:
    """Compare two reviewers' (level, passes) per criterion id; both must score the same criteria."""
    if first_levels.keys() != second_levels.keys():
        missing = sorted(first_levels.keys() ^ second_levels.keys())
        raise InvalidInputError(
            f"The two decisions do not score the same criteria (only one has: {', '.join(missing)})."
        )
    criteria = tuple(
        CriterionAgreement(c, first_levels[c][0], second_levels[c][0], first_levels[c][1], second_levels[c][1])
        for c in first_levels
    )
    kappa = cohens_kappa([(c.first_level, c.second_level) for c in criteria])
    return Agreement(first, second, criteria, kappa, same_decision)


@dataclass(frozen=True)
class PairAgreement:
    """Two reviewers over every bundle both scored: agreement per criterion and kappa over all scores."""

    first: str
    second: str
    bundles: int
    per_criterion: dict[str, float]  # criterion id -> share of bundles scored at the same level
    share: float
    kappa: float | None


def pooled_agreement(
    first: str,
    first_scores: Mapping[str, Mapping[str, str]],
    second: str,
    second_scores: Mapping[str, Mapping[str, str]],
) -> PairAgreement:
    """Agreement of two reviewers across the bundles both scored: {bundle: {criterion: level}} each."""
    shared = sorted(first_scores.keys() & second_scores.keys())
    if not shared:
        raise InvalidInputError("The two reviewers scored no bundle in common: there is nothing to compare.")
    pairs: list[tuple[str, str]] = []
    by_criterion: dict[str, list[bool]] = {}
    for bundle in shared:
        for criterion, level in first_scores[bundle].items():
            if criterion in second_scores[bundle]:
                other = second_scores[bundle][criterion]
                pairs.append((level, other))
                by_criterion.setdefault(criterion, []).append(level == other)
    per_criterion = {c: sum(agree) / len(agree) for c, agree in by_criterion.items()}
    share = sum(a == b for a, b in pairs) / len(pairs) if pairs else 0.0
    return PairAgreement(first, second, len(shared), per_criterion, share, cohens_kappa(pairs))
