"""Retention removes exactly the files that show students once their portfolio's clock has run out,
on a library with undo history (items in the trash, a withdrawn copy) while another process has it open."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services import appearances, export, retention, roster
from portfolio_app.services.evidence import delete_evidence, import_files
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.private_copies import withdraw_copy
from portfolio_app.services.redaction import redact_evidence
from portfolio_app.services.rubric import link_requirement
from tests import mediagen as gen

CREDENTIAL = "questioning-to-deepen-thinking"
REPO = Path(__file__).resolve().parents[2]

# A second process with the library open, inside a read transaction while retention runs.
_OTHER = """
import json, sys
from portfolio_app.services.library import open_library
library = open_library(sys.argv[1], sync_catalog=False)
library.db.execute("BEGIN")
count = library.db.execute("SELECT count(*) FROM evidence").fetchone()[0]
print(json.dumps({"evidence": count}), flush=True)
sys.stdin.readline()
library.db.execute("COMMIT")
removed = [r[0] for r in library.db.execute("SELECT evidence_id FROM removed_media")]
print(json.dumps({"removed": removed}), flush=True)
library.close()
"""


def _later(days: float) -> str:
    return (datetime.now().astimezone() + timedelta(days=days)).isoformat(timespec="milliseconds")


@pytest.fixture
def classroom(library, tmp_path):
    """An earned portfolio: a class video and a photo showing Maya, student work showing nobody, a photo
    showing Maya in the trash, a redacted copy, and a withdrawn redacted copy (undo history). A draft
    portfolio holds the same class photo: that file is still needed."""
    earned = create_portfolio(library, CREDENTIAL, "Earned").value
    group = roster.create_class(library, "7A").value
    maya = roster.add_student(library, group.id, "Maya").value
    appearances.set_portfolio_class(library, earned.id, group.id)
    files = {
        "video": gen.make_video(tmp_path / "lesson.mp4", 1.0, width=160, height=90),
        "photo": gen.make_jpeg(tmp_path / "class.jpg", 320, 240, serial="A"),
        "work": gen.make_jpeg(tmp_path / "work.jpg", 300, 200, serial="B"),
        "trashed": gen.make_jpeg(tmp_path / "trashed.jpg", 280, 200, serial="C"),
        "redacted": gen.make_jpeg(tmp_path / "faces.jpg", 260, 200, serial="D"),
    }
    made = dict(zip(files, import_files(library, earned.id, list(files.values())).value.imported, strict=True))
    for key in ("video", "photo", "trashed", "redacted"):
        appearances.set_students(library, made[key].id, True, [maya.id])
    appearances.set_students(library, made["work"].id, False)
    link_requirement(library, [made["redacted"].id], "student-responses")
    copy = redact_evidence(library, made["redacted"].id, {0: [(0.1, 0.1, 0.5, 0.5)]}).value
    withdrawn = redact_evidence(library, made["work"].id, {0: [(0.2, 0.2, 0.2, 0.2)]}).value
    withdraw_copy(library, withdrawn.handover)  # undone: the copy is in the trash
    delete_evidence(library, made["trashed"].id)  # in the trash: Ctrl+Z would bring it back
    library.db.execute("UPDATE portfolios SET status = 'passed' WHERE id = ?", [earned.id])

    draft = create_portfolio(library, CREDENTIAL, "Draft").value
    shared = import_files(library, draft.id, [files["photo"]]).value.imported[0]
    appearances.set_students(library, shared.id, True, [])
    return made, copy.evidence, withdrawn.evidence, shared


def test_retention_removes_exactly_the_files_that_show_students(library, data_dir, classroom):
    made, copy, withdrawn, shared = classroom
    retention.set_policy(library, 30, "earned")
    assert retention.plan_retention(library).due == ()  # earned just now
    soon = retention.plan_retention(library, _later(25)).soon
    assert {i.evidence_id for i in soon} == {
        made["video"].id,
        made["photo"].id,
        made["trashed"].id,
        made["redacted"].id,
    }

    other = subprocess.Popen(
        [sys.executable, "-c", _OTHER, str(data_dir)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert json.loads(other.stdout.readline())["evidence"] == 8
        result = retention.apply_retention(library, _later(31)).value
        other.stdin.write("go on\n")
        other.stdin.flush()
        seen = json.loads(other.stdout.readline())["removed"]
        assert other.wait(timeout=60) == 0
    finally:
        if other.poll() is None:
            other.kill()

    gone = {made["video"].id, made["trashed"].id, made["redacted"].id}  # the original of the redacted copy too
    assert {r.evidence_id for r in result.removed} == gone == set(seen)
    assert {i.evidence_id for i in result.waiting} == {made["photo"].id}  # the draft still uses that file
    for key, item in made.items():
        assert library.store.has(item.blob) == (item.id not in gone), key
    for kept in (copy, withdrawn, shared):
        assert library.store.has(kept.blob)
    thumbnails = [made[k].thumbnail for k in ("video", "trashed")]
    assert not any(library.store.has(t) for t in thumbnails if t)
    row = next(r for r in retention.removed_media(library) if r.evidence_id == made["video"].id)
    assert "“lesson”" in row.what and "30 days after the credential is earned" in row.reason
    assert retention.apply_retention(library, _later(32)).value.removed == ()  # nothing twice


def test_the_rule_keeps_everything_by_default_and_refuses_nonsense(library, classroom):
    assert retention.get_policy(library).keeps_everything
    assert retention.plan_retention(library, _later(10_000)).due == ()
    with pytest.raises(InvalidInputError, match="earned"):
        retention.set_policy(library, 30, "graduated")
    with pytest.raises(InvalidInputError, match="0 to"):
        retention.set_policy(library, -1)
    before = retention.set_policy(library, 7, "exported").value
    assert before.keeps_everything and retention.get_policy(library).after == "exported"
    assert retention.plan_retention(library, _later(8)).due == ()  # never exported: the clock has not started


def test_an_original_with_a_hiding_copy_is_never_exported(library, classroom):
    made, copy, _, _ = classroom
    link_requirement(library, [made["redacted"].id], "student-responses")  # the original, by mistake
    with pytest.raises(InvalidInputError, match="original of"):
        export.plan_export(library, made["redacted"].portfolio_id, draft=True)


def test_the_retention_command(library, data_dir, classroom, capsys):
    from portfolio_app.cli import main

    def run(*args):
        code = main([*args, "--data-dir", str(data_dir), "--json"])
        return code, json.loads(capsys.readouterr().out or "null")

    code, document = run("retention", "--days", "0", "--after", "earned")
    assert code == 0 and document["policy"] == {"days": 0, "after": "earned"} and len(document["due"]) == 3
    code, document = run("retention", "--apply")
    assert code == 0 and len(document["removed"]) == 3 and document["files_deleted"] >= 3
    assert main(["retention", "--days", "soon", "--data-dir", str(data_dir)]) == 1
