"""The teacher's side of reviews: exported bundles per attempt, imported feedback (insert-only)."""

from __future__ import annotations

from collections.abc import Callable

from portfolio_app.core.feedback import CriterionFeedback, ExportedBundle, Feedback
from portfolio_app.core.ids import CriterionId, LevelId, PortfolioId
from portfolio_app.core.review import Decision
from portfolio_app.storage.database import Database, rows_in


def insert_export(db: Database, bundle: ExportedBundle) -> None:
    db.execute(
        "INSERT INTO exports (bundle_sha256, portfolio_id, rubric_sha256, fingerprint, file_name, draft, exported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bundle_sha256) DO NOTHING",
        [
            bundle.bundle_sha256,
            bundle.portfolio_id,
            bundle.rubric_sha256,
            bundle.fingerprint,
            bundle.file_name,
            int(bundle.draft),
            bundle.exported_at,
        ],
    )


def insert_export_files(db: Database, bundle_sha256: str, files: list[tuple[str, str, str]]) -> None:
    """What each file of an exported bundle was: (sha256, evidence id, title) rows."""
    for sha256, evidence_id, title in files:
        db.execute(
            "INSERT OR IGNORE INTO export_files (bundle_sha256, sha256, evidence_id, title) VALUES (?, ?, ?, ?)",
            [bundle_sha256, sha256, evidence_id, title],
        )


def exported_titles(db: Database, sha256s: list[str]) -> dict[str, str]:
    """The title each file hash had in the latest export that carried it (copies made for the export included)."""
    sql = (
        "SELECT f.sha256, f.title FROM export_files f JOIN exports e ON e.bundle_sha256 = f.bundle_sha256 "
        "WHERE f.sha256 IN ({marks}) ORDER BY e.exported_at"
    )
    return dict(rows_in(db, sql, sha256s))  # in export order: the latest export's title wins


def _export(row: tuple) -> ExportedBundle:
    return ExportedBundle(row[0], PortfolioId(row[1]), row[2], row[3], row[4], bool(row[5]), row[6])


_EXPORT_COLUMNS = "bundle_sha256, portfolio_id, rubric_sha256, fingerprint, file_name, draft, exported_at"


def export_of(db: Database, bundle_sha256: str) -> ExportedBundle | None:
    row = db.execute(f"SELECT {_EXPORT_COLUMNS} FROM exports WHERE bundle_sha256 = ?", [bundle_sha256]).fetchone()
    return _export(row) if row else None


def exports_of(db: Database, portfolio_id: str) -> list[ExportedBundle]:
    rows = db.execute(
        f"SELECT {_EXPORT_COLUMNS} FROM exports WHERE portfolio_id = ? ORDER BY exported_at", [portfolio_id]
    )
    return [_export(r) for r in rows]


def insert_feedback(db: Database, feedback: Feedback) -> None:
    f = feedback
    db.execute(
        "INSERT INTO feedback (id, portfolio_id, bundle_sha256, record_sha256, reviewer_fingerprint, "
        "reviewer_public_key, decision, overall_feedback, signed_at, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            f.id,
            f.portfolio_id,
            f.bundle_sha256,
            f.record_sha256,
            f.reviewer_fingerprint,
            f.reviewer_public_key,
            str(f.decision),
            f.overall_feedback,
            f.signed_at,
            f.imported_at,
        ],
    )
    db.conn.executemany(
        "INSERT INTO feedback_criteria (feedback_id, criterion_id, level_id, passes, feedback) VALUES (?, ?, ?, ?, ?)",
        [(f.id, c.criterion_id, c.level_id, int(c.passes), c.feedback) for c in f.criteria],
    )


def feedback_with_record(db: Database, record_sha256: str) -> str | None:
    row = db.execute("SELECT id FROM feedback WHERE record_sha256 = ?", [record_sha256]).fetchone()
    return row[0] if row else None


def feedback_of(db: Database, portfolio_id: str) -> list[Feedback]:
    """Every feedback record of one attempt, oldest first."""
    criteria: dict[str, list[CriterionFeedback]] = {}
    for feedback_id, criterion_id, level_id, passes, text in db.execute(
        "SELECT fc.feedback_id, fc.criterion_id, fc.level_id, fc.passes, fc.feedback FROM feedback_criteria fc "
        "JOIN feedback f ON f.id = fc.feedback_id WHERE f.portfolio_id = ? ORDER BY fc.rowid",
        [portfolio_id],
    ):
        criteria.setdefault(feedback_id, []).append(
            CriterionFeedback(CriterionId(criterion_id), LevelId(level_id), bool(passes), text)
        )
    rows = db.execute(
        "SELECT id, portfolio_id, bundle_sha256, record_sha256, reviewer_fingerprint, reviewer_public_key, decision, "
        "overall_feedback, signed_at, imported_at FROM feedback WHERE portfolio_id = ? ORDER BY signed_at, imported_at",
        [portfolio_id],
    ).fetchall()
    return [
        Feedback(
            r[0],
            PortfolioId(r[1]),
            r[2],
            r[3],
            r[4],
            r[5],
            Decision(r[6]),
            r[7],
            r[8],
            r[9],
            tuple(criteria.get(r[0], ())),
        )
        for r in rows
    ]


def set_attempt_status(db: Database, portfolio_id: str, status: str) -> None:
    """What the last feedback decided of an attempt: passed or denied."""
    db.execute("UPDATE portfolios SET status = ? WHERE id = ?", [status, portfolio_id])


def next_attempt_of(db: Database, portfolio_id: str) -> str | None:
    """The attempt that resubmits this one, if there is one (in the trash or not)."""
    row = db.execute("SELECT id FROM portfolios WHERE resubmits = ? LIMIT 1", [portfolio_id]).fetchone()
    return row[0] if row else None


def copy_attempt(db: Database, source: str, target: str, now: str, new_id: Callable[[], str]) -> None:
    """Carry an attempt's evidence, tags, markers, who appears (and whose kept faces, names confirmed
    covered), answers and self-assessment into `target`.

    Rows are copied with new ids; evidence keeps pointing at the same blobs (references, not files).
    Whole rows are copied, so columns added by later migrations come along.
    """
    evidence_ids: dict[str, str] = {}
    evidence_rows = _rows(
        db, "SELECT * FROM evidence WHERE portfolio_id = ? AND deleted_at IS NULL ORDER BY created_at, id", [source]
    )
    for row in evidence_rows:
        evidence_ids[row["id"]] = new_id()
    for row in evidence_rows:
        row.update(
            id=evidence_ids[row["id"]],
            portfolio_id=target,
            derived_from=evidence_ids.get(row["derived_from"]) if row["derived_from"] else None,
            updated_at=now,
        )
    if evidence_rows:
        db["evidence"].insert_all(evidence_rows)
    tag_ids: dict[str, str] = {}
    tag_rows = [
        row
        for old in evidence_ids
        for row in _rows(db, "SELECT * FROM tags WHERE evidence_id = ? ORDER BY created_at, id", [old])
    ]
    for row in tag_rows:
        tag_ids[row["id"]] = new_id()
        row.update(id=tag_ids[row["id"]], evidence_id=evidence_ids[row["evidence_id"]], updated_at=now)
    if tag_rows:
        db["tags"].insert_all(tag_rows)
    for old, new in evidence_ids.items():
        markers = _rows(db, "SELECT * FROM markers WHERE evidence_id = ?", [old])
        for row in markers:
            row.update(id=new_id(), evidence_id=new)
        if markers:
            db["markers"].insert_all(markers)
        db.execute(
            "INSERT INTO evidence_students (evidence_id, student_id) SELECT ?, student_id FROM evidence_students "
            "WHERE evidence_id = ?",
            [new, old],
        )
        # what the teacher said of the same file stays said: its names are covered, whose kept faces are whose
        db.execute(
            "INSERT INTO names_covered (evidence_id, confirmed_at) SELECT ?, confirmed_at FROM names_covered "
            "WHERE evidence_id = ?",
            [new, old],
        )
        db.execute(
            "INSERT INTO kept_faces (evidence_id, track, person, student_id, note) "
            "SELECT ?, track, person, student_id, note FROM kept_faces WHERE evidence_id = ?",
            [new, old],
        )
    db.execute(
        "INSERT INTO responses (portfolio_id, prompt_id, text, updated_at) "
        "SELECT ?, prompt_id, text, updated_at FROM responses WHERE portfolio_id = ?",
        [target, source],
    )
    db.execute(
        "INSERT INTO assessments (portfolio_id, criterion_id, level_id, justification, updated_at) "
        "SELECT ?, criterion_id, level_id, justification, updated_at FROM assessments WHERE portfolio_id = ?",
        [target, source],
    )
    links = db.execute(
        "SELECT criterion_id, tag_id FROM assessment_tags WHERE portfolio_id = ? ORDER BY rowid", [source]
    ).fetchall()
    db.conn.executemany(
        "INSERT INTO assessment_tags (portfolio_id, criterion_id, tag_id) VALUES (?, ?, ?)",
        [(target, criterion, tag_ids[tag]) for criterion, tag in links if tag in tag_ids],
    )
    db.execute(
        "UPDATE portfolios SET class_id = (SELECT class_id FROM portfolios WHERE id = ?) WHERE id = ?", [source, target]
    )


def _rows(db: Database, sql: str, parameters: list) -> list[dict]:
    cursor = db.execute(sql, parameters)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
