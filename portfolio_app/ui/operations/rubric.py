"""Ops and undo steps on answers and the self-assessment.

A self-assessment step holds the rating before and after, as the worker saw them: the first run
records them (through `assess`), undo restores the one before, redo the one after (through
`restore_assessment`). The worker runs ops in order, so an undo queued straight after a change
finds the change's record filled in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import SelfAssessment
from portfolio_app.services import readiness
from portfolio_app.services import rubric as uc
from portfolio_app.services.library import Library
from portfolio_app.ui.operations import Failure, LibraryOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand, undo_text

JUSTIFICATION_MERGE_ID = 0x0A5F
MERGE_SPAN_S = 60.0  # as for answers: Undo takes back the last sentence or two, not the whole text


class JustificationTarget(Protocol):
    def apply_justification(self, portfolio_id: str, criterion_id: str, text: str) -> None: ...


def save_response(portfolio_id: str, prompt_id: str, text: str) -> LibraryOp:
    return LibraryOp(lambda library: uc.save_response(library, portfolio_id, prompt_id, text))


def load_content(portfolio_id: str, *, with_tags: bool) -> LibraryOp:
    """(portfolio, PortfolioContent): the answers, and the tags when asked."""
    # the answers and the self-assessment read no names: the checklist does (check_portfolio)
    return LibraryOp(
        lambda library: readiness.load_content(library, portfolio_id, with_tags=with_tags, with_names=False)
    )


def load_answers(portfolio_id: str) -> LibraryOp:
    """(credential, answers by prompt id, resubmission or None): what the Answers tab shows."""
    return LibraryOp(lambda library: uc.answers(library, portfolio_id))


def check_portfolio(portfolio_id: str) -> LibraryOp:
    """The portfolio's Readiness: what is missing before it can be exported."""
    return LibraryOp(lambda library: readiness.check_portfolio(library, portfolio_id))


@dataclass
class AssessmentRecord:
    """The rating of one criterion before and after a change, filled in on the worker."""

    before: SelfAssessment | None = None
    after: SelfAssessment | None = None


class AssessmentStep(LibraryCommand):
    """One change to a self-assessment: `change(library)` runs on the worker and returns assess's Outcome."""

    def __init__(
        self,
        text: str,
        ops: Operations,
        portfolio_id: str,
        criterion_id: str,
        change: Callable[[Library], Outcome[uc.Saved]],
        on_error: Failure | None = None,
    ):
        super().__init__(text, ops, self._do_op, self._undo_op, on_error=on_error)
        self.portfolio_id, self.criterion_id = portfolio_id, criterion_id
        self.change = change
        self.first = AssessmentRecord()
        self.last = self.first  # a merged step ends with the record of the last change merged in
        self._done_once = False

    def _do_op(self) -> LibraryOp:
        if self._done_once:
            return self._restore(lambda: self.last.after)
        self._done_once = True
        record, change = self.first, self.change

        def work(library: Library) -> Outcome[uc.Saved]:
            outcome = change(library)
            record.before, record.after = outcome.value.previous, outcome.value.value
            return outcome

        return LibraryOp(work)

    def _undo_op(self) -> LibraryOp:
        return self._restore(lambda: self.first.before)

    def _restore(self, state: Callable[[], SelfAssessment | None]) -> LibraryOp:
        # `state` is read on the worker, after the first run has filled the record in.
        portfolio_id, criterion_id = self.portfolio_id, self.criterion_id
        return LibraryOp(lambda library: uc.restore_assessment(library, portfolio_id, criterion_id, state()))


def choose_level(
    ops: Operations, portfolio_id: str, criterion_id: str, level_id: str, label: str, on_error=None
) -> AssessmentStep:
    """Rate a criterion at a level (a first rating offers every tag already made for it)."""
    return AssessmentStep(
        undo_text("Rate yourself “{level}”").format(level=label),
        ops,
        portfolio_id,
        criterion_id,
        lambda library: uc.assess(library, portfolio_id, criterion_id, level_id),
        on_error,
    )


def offer_tags(
    ops: Operations,
    portfolio_id: str,
    criterion_id: str,
    tag_ids: Sequence[str],
    offered: bool,
    on_error=None,
) -> AssessmentStep:
    """Offer tags as evidence for a rated criterion, or withhold them."""

    def change(library: Library) -> Outcome[uc.Saved]:
        current = uc.get_assessments(library, portfolio_id)[criterion_id]  # read on the worker: never stale
        kept = [t for t in current.tag_ids if t not in tag_ids]
        return uc.assess(
            library, portfolio_id, criterion_id, current.level_id, tag_ids=kept + (list(tag_ids) if offered else [])
        )

    text = undo_text("Offer evidence") if offered else undo_text("Withhold evidence")
    return AssessmentStep(text, ops, portfolio_id, criterion_id, change, on_error)


class EditJustification(AssessmentStep):
    """The justification of a rated criterion went from `old` to `new`; typing bursts merge."""

    def __init__(
        self,
        target: JustificationTarget,
        ops: Operations,
        portfolio_id: str,
        criterion_id: str,
        old: str,
        new: str,
        burst: int,
        on_error=None,
    ):
        def change(library: Library) -> Outcome[uc.Saved]:
            current = uc.get_assessments(library, portfolio_id).get(criterion_id)
            if current is None:
                raise InvalidInputError(undo_text("Choose a level for this criterion before saying why."))
            return uc.assess(library, portfolio_id, criterion_id, current.level_id, justification=new)

        super().__init__(undo_text("Typing the justification"), ops, portfolio_id, criterion_id, change, on_error)
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
