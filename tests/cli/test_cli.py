"""The CLI contract: exit codes 0/1/2, --json documents, errors on stderr naming the problem."""

import json
import os
import subprocess
import sys
from pathlib import Path

from portfolio_app import __version__
from portfolio_app.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_version_and_usage_errors_use_exit_code_2():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "portfolio_app", "--version"], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout.strip()) == (0, f"portfolio {__version__}")
    for bad in (["frobnicate"], ["new"], ["credentials"], ["list", "--colour"]):
        done = subprocess.run([sys.executable, "-m", "portfolio_app", *bad], capture_output=True, text=True, env=env)
        assert done.returncode == 2, bad
        assert "usage:" in done.stderr


def test_credentials_list_text_and_json(run):
    code, out, _ = run("credentials", "list")
    assert code == 0 and "questioning-to-deepen-thinking" in out and "TITLE" in out
    code, out, _ = run("credentials", "list", "--json")
    document = json.loads(out)
    assert code == 0 and len(document) == 3
    assert {"id", "version", "versions", "title", "summary", "stacks", "portfolios"} <= set(document[0])


def test_credentials_show(run):
    code, out, _ = run("credentials", "show", "formative-assessment-exit-tickets")
    assert code == 0
    for heading in ("Competency", "Key method", "Part 1", "Part 2", "Part 3", "Rubric"):
        assert heading in out
    code, out, _ = run("credentials", "show", "formative-assessment-exit-tickets", "--json")
    document = json.loads(out)
    assert document["id"] == "formative-assessment-exit-tickets" and document["criteria"]
    code, out, _ = run("credentials", "show", "formative-assessment-exit-tickets", "--achievement")
    assert json.loads(out)["type"] == ["Achievement"]


def test_unknown_credential_exits_1_with_a_message(run):
    code, out, err = run("credentials", "show", "nope")
    assert code == 1 and out == "" and "no credential 'nope'" in err


def test_credentials_import_reports_each_file(run, catalog_dir, tmp_path):
    good = json.loads((catalog_dir / "structured-student-discourse.json").read_text())
    good["id"] = "discourse-local"
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "bad.json").write_text("{ not json")
    code, out, err = run("credentials", "import", str(tmp_path / "good.json"), str(tmp_path / "bad.json"), "--json")
    assert code == 1
    document = json.loads(out)
    assert [i["id"] for i in document["imported"]] == ["discourse-local"]
    assert document["failed"][0]["file"].endswith("bad.json")
    assert "bad.json: is not valid JSON" in err
    code, out, _ = run("credentials", "import", str(tmp_path / "good.json"))
    assert code == 0 and "Already in the catalog" in out


def test_new_prints_the_id_and_list_finds_it(run):
    code, out, _ = run("new", "questioning-to-deepen-thinking", "--title", "Grade 4 reading")
    assert code == 0
    portfolio_id = out.strip()
    assert len(portfolio_id) == 10
    code, out, _ = run("list")
    assert code == 0 and portfolio_id in out and "Grade 4 reading" in out and "Questioning" in out
    code, out, _ = run("list", "--json")
    [entry] = json.loads(out)
    assert entry["id"] == portfolio_id and entry["credential_id"] == "questioning-to-deepen-thinking"
    code, out, _ = run("new", "questioning-to-deepen-thinking", "--title", "Second", "--json")
    assert json.loads(out)["title"] == "Second"


def test_new_with_bad_input_exits_1(run):
    code, _, err = run("new", "questioning-to-deepen-thinking", "--title", "   ")
    assert code == 1 and "needs a title" in err
    code, _, err = run("new", "unknown-credential", "--title", "x")
    assert code == 1 and "unknown-credential" in err


def test_empty_list_explains_how_to_start(run):
    code, out, _ = run("list")
    assert code == 0 and "portfolio new" in out
    code, out, _ = run("list", "--json")
    assert json.loads(out) == []


def test_data_dir_from_environment(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(data_dir))
    assert main(["new", "structured-student-discourse", "--title", "From env"]) == 0
    assert (data_dir / "portfolio.db").is_file()


def test_unusable_data_dir_exits_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["list", "--data-dir", str(blocker / "lib")]) == 1
    assert "cannot be used" in capsys.readouterr().err


def test_import_prints_ids_and_exits_1_naming_each_bad_file(run, tmp_path):
    from tests import mediagen as gen

    _, portfolio_id, _ = run("new", "questioning-to-deepen-thinking", "--title", "Imports")
    portfolio_id = portfolio_id.strip()
    good = gen.make_jpeg(tmp_path / "exit ticket.jpg")
    bad = gen.make_text_renamed(tmp_path / "lesson.mp4")
    code, out, err = run("import", portfolio_id, str(good), str(bad))
    assert code == 1
    assert len(out.split()) == 1 and len(out.strip()) == 10  # the one new evidence id
    assert "lesson.mp4: is not a video" in err
    code, out, _ = run("import", portfolio_id, str(good), "--json")
    document = json.loads(out)
    assert (
        code == 0 and document["imported"] == [] and document["already_there"][0]["original_name"] == "exit ticket.jpg"
    )
    code, _, err = run("import", "nope", str(good))
    assert code == 1 and "no portfolio 'nope'" in err


def test_trim_and_compress_print_new_ids_and_refuse_bad_ranges(run, tmp_path):
    from tests import mediagen as gen

    _, portfolio_id, _ = run("new", "questioning-to-deepen-thinking", "--title", "Edits")
    _, out, _ = run("import", portfolio_id.strip(), str(gen.make_video(tmp_path / "lesson.mp4", 3.0)))
    video_id = out.strip()
    code, out, _ = run("trim", video_id, "--start", "0.5", "--end", "2", "--json")
    assert code == 0 and json.loads(out)["derived_from"] == video_id
    code, _, err = run("trim", video_id, "--start", "2", "--end", "1")
    assert code == 1 and "must come after the start" in err
    code, out, _ = run("compress", video_id[:6], "--max-mb", "1", "--height", "240")
    assert code == 0 and len(out.strip()) == 10
    code, out, _ = run("list", "--json")
    assert json.loads(out)[0]["evidence"] == 3
