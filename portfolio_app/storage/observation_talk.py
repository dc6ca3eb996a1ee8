"""Talk-time analyses of recordings made while observing, one row per recording (its result as JSON)."""

from __future__ import annotations

import json

from portfolio_app.core.talk import TalkResult
from portfolio_app.storage.database import Database


def save(
    db: Database, recording_id: int, blob: str, questions: tuple[float, ...], result: TalkResult, now: str
) -> None:
    """Store the analysis of a recording, replacing any earlier one."""
    db.execute(
        "INSERT OR REPLACE INTO observation_talk (recording_id, blob, questions, result, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [recording_id, blob, json.dumps(list(questions)), json.dumps(result.as_json()), now],
    )


def get(db: Database, recording_id: int) -> tuple[tuple[float, ...], TalkResult, str] | None:
    """The questions the teacher marked, the result and when it was measured; None if never measured."""
    row = db.execute(
        "SELECT questions, result, created_at FROM observation_talk WHERE recording_id = ?", [recording_id]
    ).fetchone()
    if row is None:
        return None
    questions, result, created_at = row
    return tuple(json.loads(questions)), TalkResult.from_json(json.loads(result)), created_at
