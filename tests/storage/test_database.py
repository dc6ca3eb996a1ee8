import sqlite3

import pytest

from portfolio_app.core.errors import StorageError
from portfolio_app.storage import migrations
from portfolio_app.storage.database import open_database


def test_new_database_is_migrated_with_wal_and_foreign_keys(tmp_path):
    db = open_database(tmp_path / "p.db")
    assert migrations.schema_version(db) == migrations.LATEST
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"portfolios", "evidence", "tags", "responses", "assessments", "credentials"} <= set(db.table_names())
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
        db.execute(
            "INSERT INTO evidence (id, portfolio_id, kind, title, created_at, updated_at) "
            "VALUES ('e', 'no-such-portfolio', 'note', 't', 'now', 'now')"
        )


def test_reopening_does_not_migrate_again(tmp_path):
    open_database(tmp_path / "p.db").close()
    db = open_database(tmp_path / "p.db")
    assert migrations.migrate(db) == migrations.LATEST


def test_database_from_a_newer_app_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "p.db")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(StorageError, match="newer version of the app"):
        open_database(tmp_path / "p.db")


def test_a_failing_migration_leaves_the_old_version_and_no_partial_tables(tmp_path, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (migrations.LATEST + 1, broken)])
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST + 1)
    with pytest.raises(RuntimeError):
        open_database(tmp_path / "p.db")
    conn = sqlite3.connect(tmp_path / "p.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    (tmp_path / "p.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot be opened"):
        open_database(tmp_path / "p.db")


NOW = "2026-01-01T00:00:00.000+00:00"


def _library_at(path, version: int, *, evidence_kind: str, evidence_title: str) -> sqlite3.Connection:
    """A database migrated only to `version`, holding one portfolio ('p') with one evidence item ('e')."""
    from portfolio_app.storage.database import Database

    conn = sqlite3.connect(path, isolation_level=None)
    old = Database(conn)
    for number, step in migrations.MIGRATIONS[:version]:
        step(old)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO credentials VALUES ('c', '1', 'C', 'bundled', '{}', 'd', ?)", [NOW])
    conn.execute(
        "INSERT INTO portfolios (id, credential_id, credential_version, title, created_at, updated_at) "
        "VALUES ('p', 'c', '1', 'P', ?, ?)",
        [NOW, NOW],
    )
    conn.execute(
        "INSERT INTO evidence (id, portfolio_id, kind, title, created_at, updated_at) VALUES ('e', 'p', ?, ?, ?, ?)",
        [evidence_kind, evidence_title, NOW, NOW],
    )
    return conn


def test_migration_3_indexes_what_earlier_versions_stored(tmp_path):
    """A v2 library with evidence, tags and answers is searchable after upgrading."""
    path = tmp_path / "old.db"
    conn = _library_at(path, 2, evidence_kind="note", evidence_title="Seating chart")
    conn.execute(
        "INSERT INTO tags (id, evidence_id, criterion_id, note, created_at, updated_at) "
        "VALUES ('t', 'e', 'k', 'Quiet pairs', ?, ?)",
        [NOW, NOW],
    )
    conn.execute("INSERT INTO responses VALUES ('p', 'q', 'Rural school', ?)", [NOW])
    conn.close()

    db = open_database(path)
    found = {
        r[0]: r[1]
        for r in db.execute(
            "SELECT d.kind, d.ref FROM search_index JOIN search_docs d ON d.id = search_index.rowid "
            "WHERE search_index MATCH 'seating OR quiet OR rural'"
        )
    }
    assert found == {"evidence": "e", "tag": "t", "response": "q"}
    db.execute("DELETE FROM portfolios WHERE id = 'p'")  # cascades to evidence, tags and answers
    assert db.execute("SELECT count(*) FROM search_docs").fetchone()[0] == 0
    db.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")  # raises if out of step


def test_migration_4_adds_the_roster_to_a_v3_library(tmp_path):
    """Portfolios and evidence of a v3 library are kept, with no class and no students stated."""
    path = tmp_path / "v3.db"
    _library_at(path, 3, evidence_kind="video", evidence_title="V").close()

    db = open_database(path)
    assert migrations.schema_version(db) == migrations.LATEST
    assert db.execute("SELECT class_id, title FROM portfolios").fetchall() == [(None, "P")]
    db.execute("INSERT INTO classes VALUES ('k', '7A', ?, ?)", [NOW, NOW])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO classes VALUES ('k2', '7a', ?, ?)", [NOW, NOW])  # names are unique in any case
    student = (
        "INSERT INTO students (id, class_id, name, consent_video, created_at, updated_at) VALUES (?, 'k', ?, ?, ?, ?)"
    )
    db.execute(student, ["s", "Maya", 1, NOW, NOW])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(student, ["s2", "MAYA", 0, NOW, NOW])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(student, ["s3", "Sam", 2, NOW, NOW])  # a consent is 0 or 1
    db.execute("INSERT INTO evidence_students VALUES ('e', 's')")
    db.execute("UPDATE portfolios SET class_id = 'k'")
    db.execute("DELETE FROM classes WHERE id = 'k'")  # students and their links go; the portfolio stays
    assert db.execute("SELECT count(*) FROM students").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM evidence_students").fetchone()[0] == 0
    assert db.execute("SELECT class_id FROM portfolios").fetchall() == [(None,)]


def test_the_library_list_counts_evidence_from_an_index(tmp_path):
    """Start-up lists every portfolio with its evidence count: the count must not read the table."""
    db = open_database(tmp_path / "p.db")
    plan = " ".join(
        row[3]
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM evidence WHERE portfolio_id = ? AND deleted_at IS NULL", ["p"]
        )
    )
    assert "COVERING INDEX evidence_portfolio_live" in plan


def test_a_commit_without_the_disk_wait_goes_back_to_full_and_sync_flushes_the_log(tmp_path):
    db = open_database(tmp_path / "portfolio.db")
    db.execute("CREATE TABLE presses (at REAL)")
    with db.atomic(durable=False):
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: no fsync at this commit
        db.execute("INSERT INTO presses VALUES (1.5)")
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for everything else
    db.sync()
    assert (tmp_path / "portfolio.db-wal").is_file()
    assert db.execute("SELECT at FROM presses").fetchall() == [(1.5,)]
    db.close()


def test_rows_in_asks_in_chunks_and_misses_none(tmp_path):
    from portfolio_app.storage.database import rows_in

    db = open_database(tmp_path / "chunks.db")
    db.execute("CREATE TABLE t (v INTEGER)")
    for v in range(7):
        db.execute("INSERT INTO t VALUES (?)", [v])
    found = list(rows_in(db, "SELECT v FROM t WHERE v IN ({marks}) ORDER BY v", [6, 0, 3, 5, 99], chunk=2))
    assert sorted(v for (v,) in found) == [0, 3, 5, 6]
    assert list(rows_in(db, "SELECT v FROM t WHERE v IN ({marks})", [])) == []
