"""Ops on the retention rule: what is due, the rule itself, and removing what is due.

Apart from the name fixes (operations/names.py) so that the window's reminder bar, built at
start-up, does not import the roster, names and privacy use cases. The reminder's first op comes
once the window is filled in, and imports the service on the worker.
"""

from __future__ import annotations

from portfolio_app.ui.operations import LibraryOp


def plan_retention() -> LibraryOp:
    """The retention rule, what is due and what will be within a week."""

    def plan(library):
        from portfolio_app.services import retention  # on the worker: the reminder asks right after start-up

        return retention.plan_retention(library)

    return LibraryOp(plan)


def set_retention(days: int | None, after: str) -> LibraryOp:
    from portfolio_app.services import retention

    return LibraryOp(lambda library: retention.set_policy(library, days, after))


def apply_retention() -> LibraryOp:
    """Remove the media that is due (files deleted: not undoable)."""
    from portfolio_app.services import retention

    return LibraryOp(lambda library: retention.apply_retention(library))
