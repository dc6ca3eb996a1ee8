"""What a benchmark returns: a ratio against a baseline measured in the same run, and its target."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Timings:
    """Wall-clock seconds of repeated runs of one program."""

    label: str
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "median_s": round(self.median, 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            "runs_s": [round(s, 4) for s in self.seconds],
        }


@dataclass(frozen=True)
class Check:
    """A target that is not a time, measured in the same run (a detector's recall, detail left after a blur)."""

    label: str
    value: float
    target: str  # how the value is judged, for people: "at least 90 %"
    passed: bool
    shown: str = ""  # the value as printed, if not plain

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return f"{self.label}: {self.shown or f'{self.value:.3f}'} (target {self.target}): {verdict}"


@dataclass(frozen=True)
class BenchmarkResult:
    """`measured` against `baseline`: passes when the ratio of their medians is at most `max_ratio`
    and, when `max_seconds` is set, no measured run took longer than that."""

    name: str
    description: str
    baseline: Timings
    measured: Timings
    max_ratio: float
    notes: tuple[str, ...] = ()  # printed under the timings
    details: dict[str, Any] = field(default_factory=dict)
    max_seconds: float | None = None  # an absolute limit on every measured run, e.g. a longest pause
    checks: tuple[Check, ...] = ()  # further targets; the benchmark passes only if each does

    @property
    def ratio(self) -> float:
        return self.measured.median / self.baseline.median

    @property
    def within_max_seconds(self) -> bool:
        return self.max_seconds is None or max(self.measured.seconds) <= self.max_seconds

    @property
    def passed(self) -> bool:
        return self.ratio <= self.max_ratio and self.within_max_seconds and all(c.passed for c in self.checks)

    def report(self) -> list[str]:
        """The lines `python -m bench` prints."""
        width = max(len(self.baseline.label), len(self.measured.label))
        lines = [f"{self.name}: {self.description}"]
        for timings in (self.baseline, self.measured):
            runs = " ".join(f"{s:.3f}" for s in timings.seconds)
            lines.append(f"  {timings.label:<{width}}  median {timings.median:.3f} s   (runs: {runs})")
        lines += [f"  {note}" for note in self.notes]
        lines += [f"  {check.line()}" for check in self.checks]
        verdict = "PASS" if self.passed else "FAIL"
        if self.max_seconds is not None:
            lines.append(
                f"  slowest measured run {max(self.measured.seconds):.3f} s (target at most {self.max_seconds:.3f} s)"
            )
        ratio = f"  ratio {self.ratio:.2f} (target at most {self.max_ratio:.2f}): "
        if self.checks:
            lines.append(ratio + f"{'PASS' if self.ratio <= self.max_ratio else 'FAIL'}; all targets: {verdict}")
        else:
            lines.append(ratio + verdict)
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "baseline": self.baseline.as_json(),
            "measured": self.measured.as_json(),
            "ratio": round(self.ratio, 4),
            "max_ratio": self.max_ratio,
            "passed": self.passed,
            "notes": list(self.notes),
            "details": self.details,
            "checks": [
                {"label": c.label, "value": round(c.value, 4), "target": c.target, "passed": c.passed}
                for c in self.checks
            ],
        } | ({"max_seconds": self.max_seconds} if self.max_seconds is not None else {})
