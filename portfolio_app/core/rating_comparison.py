"""A coach's ratings beside the teacher's self-assessment, criterion by criterion, with agreement.

Agreement is the share of criteria both rated at the same level, and Cohen's kappa over the levels
of the criteria both rated (levels compared by their rank, lowest 0, so "progressing" on two
criteria with different level ids still agrees).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from portfolio_app.core.credential import Credential


@dataclass(frozen=True)
class CriterionComparison:
    criterion_id: str
    title: str
    coach_level: str | None  # level label, None when not rated
    teacher_level: str | None
    coach_note: str = ""
    difference: int | None = None  # teacher rank minus coach rank, when both rated

    @property
    def agree(self) -> bool | None:
        return None if self.difference is None else self.difference == 0


@dataclass(frozen=True)
class RatingComparison:
    criteria: tuple[CriterionComparison, ...]
    both_rated: int
    same_level: int
    kappa: float | None  # None when undefined (fewer than one rated criterion, or no variation)


def compare_ratings(
    credential: Credential, coach: dict[str, tuple[str, str]], teacher: dict[str, str]
) -> RatingComparison:
    """Compare `coach` (criterion -> (level id, note)) with `teacher` (criterion -> level id)."""
    rows = []
    pairs = []
    for criterion in credential.criteria:
        labels = {level.id: level.label for level in criterion.levels}
        coach_level, note = coach.get(criterion.id, (None, ""))
        teacher_level = teacher.get(criterion.id)
        difference = None
        if coach_level in labels and teacher_level in labels:
            coach_rank, teacher_rank = criterion.rank(coach_level), criterion.rank(teacher_level)
            difference = teacher_rank - coach_rank
            pairs.append((coach_rank, teacher_rank))
        rows.append(
            CriterionComparison(
                criterion.id,
                criterion.title,
                labels.get(coach_level) if coach_level else None,
                labels.get(teacher_level) if teacher_level else None,
                note,
                difference,
            )
        )
    same = sum(1 for a, b in pairs if a == b)
    return RatingComparison(tuple(rows), len(pairs), same, _kappa(pairs))


def _kappa(pairs: list[tuple[int, int]]) -> float | None:
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    coach, teacher = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(coach[level] * teacher[level] for level in coach) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)
