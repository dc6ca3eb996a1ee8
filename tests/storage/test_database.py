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


def test_migration_3_indexes_what_earlier_versions_stored(tmp_path):
    """A v2 library with evidence, tags and answers is searchable after upgrading."""
    import sqlite3

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    from portfolio_app.storage.database import Database

    old = Database(conn)
    for version, step in migrations.MIGRATIONS[:2]:
        step(old)
        conn.execute(f"PRAGMA user_version = {version}")
    now = "2026-01-01T00:00:00.000+00:00"
    conn.execute("INSERT INTO credentials VALUES ('c', '1', 'C', 'bundled', '{}', 'd', ?)", [now])
    conn.execute(
        "INSERT INTO portfolios (id, credential_id, credential_version, title, created_at, updated_at) "
        "VALUES ('p', 'c', '1', 'P', ?, ?)",
        [now, now],
    )
    conn.execute(
        "INSERT INTO evidence (id, portfolio_id, kind, title, created_at, updated_at) "
        "VALUES ('e', 'p', 'note', 'Seating chart', ?, ?)",
        [now, now],
    )
    conn.execute(
        "INSERT INTO tags (id, evidence_id, criterion_id, note, created_at, updated_at) "
        "VALUES ('t', 'e', 'k', 'Quiet pairs', ?, ?)",
        [now, now],
    )
    conn.execute("INSERT INTO responses VALUES ('p', 'q', 'Rural school', ?)", [now])
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
