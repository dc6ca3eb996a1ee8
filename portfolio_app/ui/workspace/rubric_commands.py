"""Undoable answer and self-assessment edits, pushed on the main window's undo stack.

An answer step holds the text before and after; saves made in one burst of typing merge into
one step. A self-assessment step holds the rating before and after, as the worker saw them:
the first run records them (through `assess`), undo restores the one before, redo the one after
(through `restore_assessment`). The worker runs tasks in order, so an undo queued straight
after a change finds the change's record filled in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import SelfAssessment
from portfolio_app.services import rubric as uc
from portfolio_app.services.library import Library
from portfolio_app.ui.operations.runner import Failed, TaskRunner

ANSWER_MERGE_ID = 0x0A5E
JUSTIFICATION_MERGE_ID = 0x0A5F
# A burst of typing is one undo step, but not for ever: a step covers at most this much writing,
# so Undo takes back the last sentence or two, not the whole answer.
MERGE_SPAN_S = 60.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class AnswerTarget(Protocol):
    def apply_response(self, portfolio_id: str, prompt_id: str, text: str) -> None: ...


class JustificationTarget(Protocol):
    def apply_justification(self, portfolio_id: str, criterion_id: str, text: str) -> None: ...


class EditResponse(QUndoCommand):
    """The answer to one prompt went from `old` to `new`; the target shows and saves either."""

    def __init__(
        self, target: AnswerTarget, portfolio_id: str, prompt_id: str, prompt_text: str, old: str, new: str, burst: int
    ):
        super().__init__(_tr("Typing in “{prompt}”").format(prompt=short(prompt_text)))
        self.target = target
        self.portfolio_id, self.prompt_id = portfolio_id, prompt_id
        self.old, self.new = old, new
        self.burst = burst
        self.started = time.monotonic()

    def id(self) -> int:
        return ANSWER_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditResponse)
            and (other.portfolio_id, other.prompt_id, other.burst) == (self.portfolio_id, self.prompt_id, self.burst)
            and other.old == self.new
            and other.started - self.started < MERGE_SPAN_S
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)  # typed and deleted again: no step at all
        return True

    def redo(self) -> None:
        self.target.apply_response(self.portfolio_id, self.prompt_id, self.new)

    def undo(self) -> None:
        self.target.apply_response(self.portfolio_id, self.prompt_id, self.old)


@dataclass
class AssessmentRecord:
    """The rating of one criterion before and after a change, filled in on the worker."""

    before: SelfAssessment | None = None
    after: SelfAssessment | None = None


class AssessmentStep(QUndoCommand):
    """One change to a self-assessment: `change()` runs on the worker and returns assess's Outcome."""

    def __init__(
        self,
        text: str,
        library: Library,
        runner: TaskRunner,
        portfolio_id: str,
        criterion_id: str,
        change: Callable[[], Outcome[uc.Saved]],
        on_error: Failed | None = None,
    ):
        super().__init__(text)
        self.library, self.runner = library, runner
        self.portfolio_id, self.criterion_id = portfolio_id, criterion_id
        self.change = change
        self.on_error = on_error
        self.first = AssessmentRecord()
        self.last = self.first  # a merged step ends with the record of the last change merged in
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True
            record, change = self.first, self.change

            def work() -> Outcome[uc.Saved]:
                outcome = change()
                record.before, record.after = outcome.value.previous, outcome.value.value
                return outcome

            self.runner.run(work, None, self.on_error)
        else:
            self._restore(lambda: self.last.after)

    def undo(self) -> None:
        self._restore(lambda: self.first.before)

    def _restore(self, state: Callable[[], SelfAssessment | None]) -> None:
        # `state` is read on the worker, after the first run has filled the record in.
        library, portfolio_id, criterion_id = self.library, self.portfolio_id, self.criterion_id
        self.runner.run(
            lambda: uc.restore_assessment(library, portfolio_id, criterion_id, state()), None, self.on_error
        )


def choose_level(
    library: Library, runner: TaskRunner, portfolio_id: str, criterion_id: str, level_id: str, label: str, on_error=None
) -> AssessmentStep:
    """Rate a criterion at a level (a first rating offers every tag already made for it)."""
    return AssessmentStep(
        _tr("Rate yourself “{level}”").format(level=label),
        library,
        runner,
        portfolio_id,
        criterion_id,
        lambda: uc.assess(library, portfolio_id, criterion_id, level_id),
        on_error,
    )


def offer_tags(
    library: Library,
    runner: TaskRunner,
    portfolio_id: str,
    criterion_id: str,
    tag_ids: Sequence[str],
    offered: bool,
    on_error=None,
) -> AssessmentStep:
    """Offer tags as evidence for a rated criterion, or withhold them."""

    def change() -> Outcome[uc.Saved]:
        current = uc.get_assessments(library, portfolio_id)[criterion_id]  # read on the worker: never stale
        kept = [t for t in current.tag_ids if t not in tag_ids]
        return uc.assess(
            library, portfolio_id, criterion_id, current.level_id, tag_ids=kept + (list(tag_ids) if offered else [])
        )

    text = _tr("Offer evidence") if offered else _tr("Withhold evidence")
    return AssessmentStep(text, library, runner, portfolio_id, criterion_id, change, on_error)


class EditJustification(AssessmentStep):
    """The justification of a rated criterion went from `old` to `new`; typing bursts merge."""

    def __init__(
        self,
        target: JustificationTarget,
        library: Library,
        runner: TaskRunner,
        portfolio_id: str,
        criterion_id: str,
        old: str,
        new: str,
        burst: int,
        on_error=None,
    ):
        def change() -> Outcome[uc.Saved]:
            current = uc.get_assessments(library, portfolio_id).get(criterion_id)
            if current is None:
                raise InvalidInputError(_tr("Choose a level for this criterion before saying why."))
            return uc.assess(library, portfolio_id, criterion_id, current.level_id, justification=new)

        super().__init__(_tr("Typing the justification"), library, runner, portfolio_id, criterion_id, change, on_error)
        self.target = target
        self.old, self.new = old, new
        self.burst = burst
        self.started = time.monotonic()

    def id(self) -> int:
        return JUSTIFICATION_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditJustification)
            and (other.portfolio_id, other.criterion_id, other.burst)
            == (self.portfolio_id, self.criterion_id, self.burst)
            and other.old == self.new
            and other.started - self.started < MERGE_SPAN_S
        ):
            return False
        self.new, self.last = other.new, other.last
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        if self._done_once:
            self.target.apply_justification(self.portfolio_id, self.criterion_id, self.new)
        super().redo()

    def undo(self) -> None:
        self.target.apply_justification(self.portfolio_id, self.criterion_id, self.old)
        super().undo()
