"""`portfolio roster import|list`, `class` and `students`: exit codes, messages and --json documents."""

import json

import pytest

from tests import mediagen as gen

ROSTER = "name,video,photo,audio,note\nMaya,yes,yes,yes,\nSam,no,yes,no,photos only\n"


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER)
    return path


def test_import_then_list_classes_and_students(run, roster_file):
    code, out, err = run("roster", "import", "Grade 7 science", str(roster_file))
    assert (code, out.strip()) == (0, "Grade 7 science (new class): 2 added, 0 updated, 0 unchanged."), err
    code, out, _ = run("roster", "import", "grade 7 science", str(roster_file), "--json")
    document = json.loads(out)
    assert code == 0 and document["created_class"] is False and document["unchanged"] == 2

    code, out, _ = run("roster", "list")
    assert code == 0 and "Grade 7 science" in out and "2" in out
    code, out, _ = run("roster", "list", "Grade 7 science", "--json")
    students = json.loads(out)["students"]
    assert [(s["name"], s["video"], s["note"]) for s in students] == [("Maya", True, ""), ("Sam", False, "photos only")]
    code, out, _ = run("roster", "list", "Grade 7 science")
    assert "Sam" in out and "photos only" in out


def test_a_bad_roster_exits_1_listing_every_bad_row_and_imports_nothing(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(ROSTER + "Li,maybe,yes,yes,\n,yes,yes,yes,\n")
    code, out, err = run("roster", "import", "7A", str(bad))
    assert code == 1 and out == ""
    assert 'bad.csv row 4, column "video": "maybe" is not yes or no' in err
    assert 'bad.csv row 5, column "name": the name is empty' in err and "nothing was imported" in err
    code, out, _ = run("roster", "list")
    assert code == 0 and "No classes yet" in out


def test_class_and_students_say_who_appears(run, roster_file, tmp_path):
    pid = run("new", "questioning-to-deepen-thinking", "--title", "Grade 7")[1].strip()
    video = run("import", pid, str(gen.make_video(tmp_path / "lesson.mp4", 1.0, width=160, height=90)))[1].strip()

    code, _, err = run("students", video, "Maya")
    assert code == 1 and "has no class yet" in err and f"portfolio class {pid}" in err
    code, _, err = run("class", pid, "7A")
    assert code == 1 and "There is no class “7A”" in err

    run("roster", "import", "7A", str(roster_file))
    code, out, err = run("class", pid, "7a")
    assert (code, out.strip()) == (0, "“Grade 7” was taught to 7A."), err
    code, out, _ = run("students", video, "maya", "SAM")
    assert code == 0 and out.strip() == "“lesson”: Maya, Sam. Without consent for this video: Sam."
    code, out, _ = run("students", video, "Maya", "--json")
    assert json.loads(out) == {
        "evidence_id": video,
        "students_appear": True,
        "students": ["Maya"],
        "without_consent": [],
    }
    code, _, err = run("students", video, "Li")
    assert code == 1 and "“Li” is not on the roster of “7A” (it has Maya, Sam)" in err
    code, out, _ = run("students", video, "--none")
    assert (code, out.strip()) == (0, "“lesson”: no students appear.")

    code, out, _ = run("class", pid, "--none", "--json")
    assert code == 0 and json.loads(out) == {"portfolio_id": pid, "class": None}


@pytest.mark.parametrize(
    "args",
    [["students", "e1"], ["students", "e1", "Maya", "--none"], ["class", "p1"], ["class", "p1", "7A", "--none"]],
)
def test_contradictory_arguments_are_usage_errors(run, args):
    with pytest.raises(SystemExit) as caught:
        run(*args)
    assert caught.value.code == 2
