"""Talk-time analyses, one row per evidence item; the result is stored as its JSON form."""

from __future__ import annotations

import json

from portfolio_app.core.ids import BlobHash, EvidenceId, PortfolioId
from portfolio_app.core.talk import StoredTalk, TalkResult
from portfolio_app.storage.database import Database


def save(db: Database, evidence_id: str, blob: str, questions: tuple[float, ...], result: TalkResult, now: str) -> None:
    """Store the analysis of `evidence_id`, replacing any earlier one."""
    db.execute(
        "INSERT OR REPLACE INTO talk_analyses (evidence_id, blob, sample_start_s, sample_end_s, questions, result, "
        "teacher_share, student_share, silence_share, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            evidence_id,
            blob,
            result.teacher_sample[0],
            result.teacher_sample[1],
            json.dumps(list(questions)),
            json.dumps(result.as_json()),
            result.teacher_share,
            result.student_share,
            result.silence_share,
            now,
        ],
    )


def get(db: Database, evidence_id: str) -> StoredTalk | None:
    row = db.execute(
        "SELECT evidence_id, blob, questions, result, created_at FROM talk_analyses WHERE evidence_id = ?",
        [evidence_id],
    ).fetchone()
    return _stored(row) if row else None


def for_portfolio(db: Database, portfolio_id: PortfolioId) -> list[StoredTalk]:
    """The analyses of a portfolio's evidence that is not in the trash."""
    rows = db.execute(
        "SELECT t.evidence_id, t.blob, t.questions, t.result, t.created_at FROM talk_analyses t "
        "JOIN evidence e ON e.id = t.evidence_id WHERE e.portfolio_id = ? AND e.deleted_at IS NULL "
        "ORDER BY e.created_at, e.id",
        [portfolio_id],
    ).fetchall()
    return [_stored(row) for row in rows]


def delete(db: Database, evidence_id: str) -> None:
    db.execute("DELETE FROM talk_analyses WHERE evidence_id = ?", [evidence_id])


def _stored(row) -> StoredTalk:
    evidence_id, blob, questions, result, created_at = row
    return StoredTalk(
        EvidenceId(evidence_id),
        BlobHash(blob),
        tuple(json.loads(questions)),
        TalkResult.from_json(json.loads(result)),
        created_at,
    )
