"""The talk_analyses table: one analysis per evidence item, replaced on re-run, gone with its evidence."""

from __future__ import annotations

from portfolio_app.core.talk import Speaker, TalkResult, TalkSegment
from portfolio_app.storage import talk
from portfolio_app.storage.database import open_database

NOW = "2026-01-01T00:00:00.000+00:00"


def _result(share_end: float) -> TalkResult:
    return TalkResult(10.0, (TalkSegment(1.0, share_end, Speaker.TEACHER, 0.9),), (), (1.0, 3.0), "m", ("l",), 0.07)


def test_an_analysis_is_replaced_by_the_next_and_removed_with_its_evidence(tmp_path):
    db = open_database(tmp_path / "p.db")
    db.execute("INSERT INTO credentials VALUES ('c', '1', 'C', 'bundled', '{}', 'd', ?)", [NOW])
    db.execute(
        "INSERT INTO portfolios (id, credential_id, credential_version, title, created_at, updated_at) "
        "VALUES ('p', 'c', '1', 'P', ?, ?)",
        [NOW, NOW],
    )
    db.execute("INSERT INTO blobs VALUES (?, 1, ?)", ["a" * 64, NOW])
    db.execute(
        "INSERT INTO evidence (id, portfolio_id, kind, title, blob, created_at, updated_at) "
        "VALUES ('e', 'p', 'audio', 'Lesson', ?, ?, ?)",
        ["a" * 64, NOW, NOW],
    )
    talk.save(db, "e", "a" * 64, (4.0,), _result(5.0), NOW)
    talk.save(db, "e", "a" * 64, (6.0, 7.5), _result(6.0), NOW)
    kept = talk.get(db, "e")
    assert kept.questions == (6.0, 7.5) and kept.result == _result(6.0)
    assert db.execute("SELECT teacher_share FROM talk_analyses").fetchall() == [(0.5,)]
    assert [t.evidence_id for t in talk.for_portfolio(db, "p")] == ["e"]
    db.execute("DELETE FROM evidence WHERE id = 'e'")
    assert talk.get(db, "e") is None
