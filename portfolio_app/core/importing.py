"""What an import batch did, file by file, in words for the teacher."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portfolio_app.core.portfolio import Evidence


@dataclass(frozen=True)
class ImportProblem:
    """A file that could not be used, and why."""

    name: str
    reason: str
    path: Path | None = None  # the file as given, where there is one

    @property
    def message(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class ImportSummary:
    """A batch as it goes: filled in step by step, final once the batch has finished."""

    portfolio_id: str
    total: int = 0
    imported: list[Evidence] = field(default_factory=list)
    already_there: list[Evidence] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def failed(self) -> tuple[ImportProblem, ...]:
        """The problems, as the CLI reports them."""
        return tuple(self.problems)

    @property
    def not_imported(self) -> int:
        """Files the batch never reached because it was cancelled."""
        return self.total - len(self.imported) - len(self.already_there) - len(self.problems)
