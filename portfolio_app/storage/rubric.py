"""Tags, responses and self-assessments: the rows that turn evidence into a submission."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio_app.core.ids import CriterionId, EvidenceId, LevelId, PortfolioId, PromptId, TagId
from portfolio_app.core.name_findings import TagNote
from portfolio_app.core.portfolio import Region, Response, SelfAssessment, Tag, TimeRange
from portfolio_app.storage.database import Database

_TAG_COLUMNS = (
    "tags.id, tags.evidence_id, tags.criterion_id, tags.created_at, start_s, end_s, x, y, w, h, page, tags.note"
)


def _tag(row: tuple) -> Tag:
    tag_id, evidence_id, criterion_id, created_at, start_s, end_s, x, y, w, h, page, note = row
    return Tag(
        id=TagId(tag_id),
        evidence_id=EvidenceId(evidence_id),
        criterion_id=CriterionId(criterion_id),
        created_at=created_at,
        span=TimeRange(start_s, end_s) if start_s is not None else None,
        region=Region(x, y, w, h, page or 0) if x is not None else None,
        note=note,
    )


def insert_tag(db: Database, tag: Tag, now: str) -> None:
    db.execute(
        "INSERT INTO tags (id, evidence_id, criterion_id, start_s, end_s, x, y, w, h, page, note, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            tag.id,
            tag.evidence_id,
            tag.criterion_id,
            *_geometry(tag),
            tag.note,
            tag.created_at,
            now,
        ],
    )


def update_tag(db: Database, tag: Tag, now: str) -> None:
    """Write a tag's criterion, span or region and note (a changed criterion drops its assessment links)."""
    db.execute(
        "UPDATE tags SET criterion_id = ?, start_s = ?, end_s = ?, x = ?, y = ?, w = ?, h = ?, page = ?, note = ?, "
        "updated_at = ? WHERE id = ?",
        [
            tag.criterion_id,
            *_geometry(tag),
            tag.note,
            now,
            tag.id,
        ],
    )
    db.execute("DELETE FROM assessment_tags WHERE tag_id = ? AND criterion_id != ?", [tag.id, tag.criterion_id])


def _geometry(tag: Tag) -> tuple[float | int | None, ...]:
    """start_s, end_s, x, y, w, h, page: the tag's columns for where it points (None where it has none)."""
    span, region = tag.span, tag.region
    times = (span.start_s, span.end_s) if span else (None, None)
    box = (region.x, region.y, region.w, region.h, region.page) if region else (None,) * 5
    return (*times, *box)


def delete_tag(db: Database, tag_id: str) -> None:
    db.execute("DELETE FROM tags WHERE id = ?", [tag_id])


def get_tag(db: Database, tag_id: str) -> Tag | None:
    row = db.execute(f"SELECT {_TAG_COLUMNS} FROM tags WHERE id = ?", [tag_id]).fetchone()
    return _tag(row) if row else None


def tags_for_evidence(db: Database, evidence_id: str) -> list[Tag]:
    rows = db.execute(
        f"SELECT {_TAG_COLUMNS} FROM tags WHERE evidence_id = ? ORDER BY coalesce(start_s, 0), page, y, created_at",
        [evidence_id],
    )
    return [_tag(r) for r in rows]


def tags_for_portfolio(db: Database, portfolio_id: str) -> list[Tag]:
    """Tags on the portfolio's evidence that is not in the trash, in evidence then time order."""
    rows = db.execute(
        f"SELECT {_TAG_COLUMNS} FROM tags JOIN evidence ON evidence.id = tags.evidence_id "
        "WHERE evidence.portfolio_id = ? AND evidence.deleted_at IS NULL "
        "ORDER BY evidence.created_at, evidence.id, coalesce(start_s, 0), page, y, tags.created_at",
        [portfolio_id],
    )
    return [_tag(r) for r in rows]


def tag_notes(db: Database, portfolio_id: str) -> list[TagNote]:
    """The notes of the tags on the portfolio's evidence that is not in the trash (names are checked in notes).

    Only the id, the evidence and the note: building whole tags was most of the names rule's time
    on a portfolio with thousands of them.
    """
    rows = db.execute(
        "SELECT tags.id, tags.evidence_id, tags.note FROM tags JOIN evidence ON evidence.id = tags.evidence_id "
        "WHERE evidence.portfolio_id = ? AND evidence.deleted_at IS NULL AND tags.note != '' ORDER BY tags.id",
        [portfolio_id],
    )
    return [TagNote._make(row) for row in rows]


def tagged_evidence(db: Database, portfolio_id: str) -> dict[str, frozenset[str]]:
    """For each criterion, the evidence (not in the trash) that has tags for it."""
    found: dict[str, set[str]] = {}
    for criterion_id, evidence_id in db.execute(
        "SELECT DISTINCT tags.criterion_id, tags.evidence_id FROM tags JOIN evidence ON evidence.id = tags.evidence_id "
        "WHERE evidence.portfolio_id = ? AND evidence.deleted_at IS NULL",
        [portfolio_id],
    ):
        found.setdefault(criterion_id, set()).add(evidence_id)
    return {criterion: frozenset(ids) for criterion, ids in found.items()}


def tag_ids_starting_with(db: Database, prefix: str) -> list[TagId]:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute("SELECT id FROM tags WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [escaped + "%"]).fetchall()
    return [TagId(r[0]) for r in rows]


def save_response(db: Database, portfolio_id: str, prompt_id: str, text: str, now: str) -> None:
    db.execute(
        "INSERT INTO responses (portfolio_id, prompt_id, text, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (portfolio_id, prompt_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        [portfolio_id, prompt_id, text, now],
    )


def responses(db: Database, portfolio_id: str) -> dict[PromptId, Response]:
    rows = db.execute(
        "SELECT prompt_id, text, updated_at FROM responses WHERE portfolio_id = ?", [portfolio_id]
    ).fetchall()
    return {PromptId(r[0]): Response(PortfolioId(portfolio_id), PromptId(r[0]), r[1], r[2]) for r in rows}


def save_assessment(db: Database, assessment: SelfAssessment) -> None:
    """Insert or replace one criterion's level, justification and the tags it offers."""
    a = assessment
    db.execute(
        "INSERT INTO assessments (portfolio_id, criterion_id, level_id, justification, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (portfolio_id, criterion_id) DO UPDATE SET level_id = excluded.level_id, "
        "justification = excluded.justification, updated_at = excluded.updated_at",
        [a.portfolio_id, a.criterion_id, a.level_id, a.justification, a.updated_at],
    )
    db.execute(
        "DELETE FROM assessment_tags WHERE portfolio_id = ? AND criterion_id = ?", [a.portfolio_id, a.criterion_id]
    )
    db.conn.executemany(
        "INSERT INTO assessment_tags (portfolio_id, criterion_id, tag_id) VALUES (?, ?, ?)",
        [(a.portfolio_id, a.criterion_id, t) for t in a.tag_ids],
    )


def delete_assessment(db: Database, portfolio_id: str, criterion_id: str) -> None:
    db.execute("DELETE FROM assessments WHERE portfolio_id = ? AND criterion_id = ?", [portfolio_id, criterion_id])


def assessments(db: Database, portfolio_id: str) -> dict[CriterionId, SelfAssessment]:
    links: dict[str, list[TagId]] = {}
    for criterion_id, tag_id in db.execute(
        "SELECT criterion_id, tag_id FROM assessment_tags WHERE portfolio_id = ? ORDER BY rowid", [portfolio_id]
    ):
        links.setdefault(criterion_id, []).append(TagId(tag_id))
    rows = db.execute(
        "SELECT criterion_id, level_id, justification, updated_at FROM assessments WHERE portfolio_id = ?",
        [portfolio_id],
    ).fetchall()
    return {
        CriterionId(r[0]): SelfAssessment(
            PortfolioId(portfolio_id), CriterionId(r[0]), LevelId(r[1]), r[2], r[3], tuple(links.get(r[0], ()))
        )
        for r in rows
    }


def set_requirement(db: Database, evidence_ids: Iterable[str], requirement_id: str | None, now: str) -> None:
    db.conn.executemany(
        "UPDATE evidence SET requirement_id = ?, updated_at = ? WHERE id = ?",
        [(requirement_id, now, e) for e in evidence_ids],
    )


def set_evidence_note(db: Database, evidence_id: str, note: str, now: str) -> None:
    db.execute("UPDATE evidence SET note = ?, updated_at = ? WHERE id = ?", [note, now, evidence_id])


def tag_ids_for_evidence(db: Database, evidence_id: str) -> list[TagId]:
    return [TagId(r[0]) for r in db.execute("SELECT id FROM tags WHERE evidence_id = ? ORDER BY id", [evidence_id])]


def move_tag(db: Database, tag_id: str, evidence_id: str, now: str) -> None:
    """Put a tag on another evidence item (its search entry follows, by trigger)."""
    db.execute("UPDATE tags SET evidence_id = ?, updated_at = ? WHERE id = ?", [evidence_id, now, tag_id])


def offered_for(db: Database, tag_id: str) -> list[CriterionId]:
    """The criteria whose self-assessment offers this tag as evidence."""
    return [
        CriterionId(r[0]) for r in db.execute("SELECT criterion_id FROM assessment_tags WHERE tag_id = ?", [tag_id])
    ]


def offer_tag(db: Database, portfolio_id: str, criterion_id: str, tag_id: str) -> None:
    """Offer a tag as evidence for a criterion, if the criterion has a self-assessment."""
    db.execute(
        "INSERT OR IGNORE INTO assessment_tags (portfolio_id, criterion_id, tag_id) "
        "SELECT portfolio_id, criterion_id, ? FROM assessments WHERE portfolio_id = ? AND criterion_id = ?",
        [tag_id, portfolio_id, criterion_id],
    )
