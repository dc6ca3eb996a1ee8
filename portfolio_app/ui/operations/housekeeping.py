"""Housekeeping the window does by itself: collecting leftovers when it starts."""

from __future__ import annotations

import threading

from portfolio_app.services import leftovers
from portfolio_app.ui.operations import Operations


def collect_leftovers_in_background(ops: Operations) -> threading.Thread:
    """What killed exports and ended processes left, collected on a thread with its own connection.

    Not on the database worker: the collection only deletes what nothing names, checked under
    SQLite's write lock, so it needs no turn in the window's queue of edits.
    """
    return leftovers.collect_in_background(ops.data_dir)
