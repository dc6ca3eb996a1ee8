"""Review rows of the reviewer's library: the review, a score per criterion, privacy flags."""

from __future__ import annotations

import json
from typing import Any

from portfolio_app.core.ids import CriterionId, EvidenceId, LevelId
from portfolio_app.core.review import (
    CriterionScore,
    Decision,
    EvidenceFlag,
    Review,
    Submitter,
    criteria_from_rubric,
    flagged_criteria,
)
from portfolio_app.storage.database import Database


def insert(
    db: Database,
    review_id: str,
    bundle_sha256: str,
    rubric_sha256: str,
    bundle_path: str,
    signer_fingerprint: str,
    submission_json: str,
    now: str,
) -> None:
    db.execute(
        "INSERT INTO reviews (id, bundle_sha256, rubric_sha256, bundle_path, signer_fingerprint, submission, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [review_id, bundle_sha256, rubric_sha256, bundle_path, signer_fingerprint, submission_json, now, now],
    )


def find(db: Database, bundle_sha256: str, rubric_sha256: str) -> str | None:
    """The review of that bundle against that rubric, if one was opened."""
    row = db.execute(
        "SELECT id FROM reviews WHERE bundle_sha256 = ? AND rubric_sha256 = ?", [bundle_sha256, rubric_sha256]
    ).fetchone()
    return row[0] if row else None


def ids_starting_with(db: Database, prefix: str) -> list[str]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute("SELECT id FROM reviews WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [escaped + "%"]).fetchall()
    return [r[0] for r in rows]


def set_bundle_path(db: Database, review_id: str, path: str) -> None:
    db.execute("UPDATE reviews SET bundle_path = ? WHERE id = ?", [path, review_id])


def submission(db: Database, review_id: str) -> dict[str, Any]:
    """The whole submission.json of the reviewed bundle, teacher included."""
    row = db.execute("SELECT submission FROM reviews WHERE id = ?", [review_id]).fetchone()
    return json.loads(row[0])


def bundle_path(db: Database, review_id: str) -> str:
    return db.execute("SELECT bundle_path FROM reviews WHERE id = ?", [review_id]).fetchone()[0]


def get(db: Database, review_id: str) -> Review | None:
    cursor = db.execute("SELECT * FROM reviews WHERE id = ?", [review_id])
    values = cursor.fetchone()
    if values is None:
        return None
    row = dict(zip([c[0] for c in cursor.description], values, strict=True))
    document = json.loads(row["submission"])
    scores = {
        CriterionId(r[0]): CriterionScore(CriterionId(r[0]), LevelId(r[1]), r[2], r[3])
        for r in db.execute(
            "SELECT criterion_id, level_id, feedback, updated_at FROM review_scores WHERE review_id = ?", [review_id]
        )
    }
    flags = tuple(
        EvidenceFlag(EvidenceId(r[0]), r[1], r[2])
        for r in db.execute(
            "SELECT evidence_id, reason, flagged_at FROM review_flags WHERE review_id = ? ORDER BY flagged_at",
            [review_id],
        )
    )
    credential = document.get("credential", {})
    signed = row["signed_at"] is not None
    teacher = document.get("teacher", {})
    return Review(
        id=row["id"],
        bundle_sha256=row["bundle_sha256"],
        rubric_sha256=row["rubric_sha256"],
        signer_fingerprint=row["signer_fingerprint"],
        credential_id=credential.get("id", ""),
        credential_version=credential.get("version", ""),
        credential_title=credential.get("title", ""),
        attempt=int(document.get("portfolio", {}).get("attempt", 1)),
        criteria=criteria_from_rubric(credential.get("rubric", [])),
        scores=scores,
        flags=flags,
        flagged_criteria=flagged_criteria(flags, document.get("tags", []), document.get("self_assessment", [])),
        overall_feedback=row["overall_feedback"],
        decision=Decision(row["decision"]) if row["decision"] else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        signed_at=row["signed_at"],
        # blind until signed: the name, email and file name are not even read into the value before
        submitter=Submitter(teacher.get("name", ""), teacher.get("email", ""), _file_name(row["bundle_path"]))
        if signed
        else None,
    )


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def save_score(db: Database, review_id: str, score: CriterionScore) -> None:
    db.execute(
        "INSERT INTO review_scores (review_id, criterion_id, level_id, feedback, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (review_id, criterion_id) DO UPDATE SET level_id = excluded.level_id, "
        "feedback = excluded.feedback, updated_at = excluded.updated_at",
        [review_id, score.criterion_id, score.level_id, score.feedback, score.updated_at],
    )
    touch(db, review_id, score.updated_at)


def save_flag(db: Database, review_id: str, flag: EvidenceFlag) -> None:
    db.execute(
        "INSERT INTO review_flags (review_id, evidence_id, reason, flagged_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (review_id, evidence_id) DO UPDATE SET reason = excluded.reason",
        [review_id, flag.evidence_id, flag.reason, flag.flagged_at],
    )
    touch(db, review_id, flag.flagged_at)


def delete_flag(db: Database, review_id: str, evidence_id: str, now: str) -> None:
    db.execute("DELETE FROM review_flags WHERE review_id = ? AND evidence_id = ?", [review_id, evidence_id])
    touch(db, review_id, now)


def set_overall(db: Database, review_id: str, feedback: str, now: str) -> None:
    db.execute("UPDATE reviews SET overall_feedback = ?, updated_at = ? WHERE id = ?", [feedback, now, review_id])


def set_decision(db: Database, review_id: str, decision: Decision | None, now: str) -> None:
    db.execute(
        "UPDATE reviews SET decision = ?, updated_at = ? WHERE id = ?",
        [str(decision) if decision else None, now, review_id],
    )


def set_signed(db: Database, review_id: str, signed_at: str) -> None:
    db.execute("UPDATE reviews SET signed_at = ? WHERE id = ? AND signed_at IS NULL", [signed_at, review_id])


def touch(db: Database, review_id: str, now: str) -> None:
    db.execute("UPDATE reviews SET updated_at = ? WHERE id = ?", [now, review_id])
