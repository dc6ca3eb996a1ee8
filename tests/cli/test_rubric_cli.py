"""`portfolio tag | link | answer | assess | check`: a fresh portfolio taken from not ready to ready."""

import json

import pytest

from portfolio_app.cli import main
from tests import mediagen as gen


def _words(n: int) -> str:
    return " ".join(["students"] * n)


def test_from_not_ready_to_ready(run, tmp_path):
    code, pid, _ = run("new", "questioning-to-deepen-thinking", "--title", "Grade 7")
    pid = pid.strip()
    code, out, _ = run("check", pid)
    assert code == 1 and "is not ready" in out and "[prompt class-context]" in out

    code, out, _ = run("check", pid, "--json")
    document = json.loads(out)
    assert code == 1 and document["ready"] is False
    todo = {(i["rule"], i["target"]) for i in document["items"]}
    assert ("unanswered", "class-context") in todo and ("not-assessed", "wait-time") in todo

    files = {
        "question-plan": gen.make_pdf(tmp_path / "plan.pdf"),
        "classroom-video": gen.make_video(tmp_path / "lesson.mp4", 3.0, width=320, height=180),
        "student-responses": gen.make_jpeg(tmp_path / "work.jpg"),
    }
    credential = json.loads(run("credentials", "show", "questioning-to-deepen-thinking", "--json")[1])
    requirements = credential["work_examples"]["requirements"]
    evidence = {}
    for requirement in requirements:
        kind_file = files[requirement["id"]]
        for n in range(requirement["min_count"]):
            copy = tmp_path / f"{n}-{kind_file.name}"
            copy.write_bytes(kind_file.read_bytes() + (b"" if n == 0 else b"\n%" + bytes([48 + n])))
            code, out, err = run("import", pid, str(copy))
            assert code == 0, err
            evidence.setdefault(requirement["id"], []).append(out.strip())
        code, out, err = run("link", *evidence[requirement["id"]], "--requirement", requirement["id"])
        assert code == 0, err

    for part in ("overview", "reflection"):
        for prompt in credential[part]["prompts"]:
            code, out, err = run("answer", pid, prompt["id"], _words(max(prompt["min_words"], 60)))
            assert code == 0 and "words" in out, err

    video = evidence["classroom-video"][0]
    photo = evidence["student-responses"][0]
    for criterion in credential["criteria"]:
        if criterion["part"] == "part2":
            code, tag_id, err = run("tag", video, criterion["id"], "--start", "0.5", "--end", "2", "--note", "here")
            assert code == 0 and len(tag_id.strip()) == 10, err
        code, out, err = run("assess", pid, criterion["id"], criterion["passing_level"], "--note", "It shows.")
        assert code == 0 and "passing" in out, err
    code, out, err = run("tag", photo, "wait-time", "--region", "0.1,0.1,0.5,0.5")
    assert code == 0, err

    code, out, _ = run("check", pid)
    assert code == 1 and f"[evidence {video}]" in out and "Say whether students appear" in out
    roster = tmp_path / "roster.csv"
    roster.write_text("name,video,photo,audio\nMaya,yes,yes,no\n")
    assert run("roster", "import", "7A", str(roster))[0] == 0
    assert run("class", pid, "7A")[0] == 0
    code, out, err = run("students", video, "maya")
    assert code == 0 and "Maya" in out, err
    for item in [*evidence["classroom-video"][1:], *evidence["student-responses"]]:
        assert run("students", item, "--none")[0] == 0
    code, out, _ = run("check", pid)
    assert code == 1 and "names the app cannot read" in out
    assert run("names", "confirm", *[e for ids in evidence.values() for e in ids])[0] == 0

    code, out, _ = run("check", pid)
    assert (code, out.strip()) == (0, "“Grade 7” is ready to export.")
    assert json.loads(run("check", pid, "--json")[1]) == {"portfolio_id": pid, "ready": True, "items": []}


@pytest.fixture
def video(run, tmp_path):
    pid = run("new", "questioning-to-deepen-thinking", "--title", "T")[1].strip()
    path = gen.make_video(tmp_path / "clip.mp4", 2.0, width=320, height=180)
    return pid, run("import", pid, str(path))[1].strip()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--start", "1.5", "--end", "1"], "must come after the start"),
        (["--start", "1", "--end", "30"], "past the end"),
        (["--start", "-2", "--end", "1"], "before the beginning"),
        (["--start", "1"], "needs both --start and --end"),
        (["--region", "0.1,0.1"], "four numbers"),
    ],
)
def test_tag_refuses_bad_ranges_with_exit_1(run, video, args, message):
    code, out, err = run("tag", video[1], "wait-time", *args)
    assert code == 1 and out == "" and message in err


def test_tag_unknown_criterion_and_answer_from_a_file(run, video, tmp_path):
    code, _, err = run("tag", video[1], "charisma", "--start", "0", "--end", "1")
    assert code == 1 and "no criterion 'charisma'" in err
    answer = tmp_path / "answer.txt"
    answer.write_text("Twenty-four students; six are learning English.", encoding="utf-8")
    code, out, _ = run("answer", video[0], "class-context", "--file", str(answer), "--json")
    assert code == 0 and json.loads(out)["words"] == 6
    answer.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run("answer", video[0], "class-context", "--file", str(answer))
    assert code == 1 and "not UTF-8" in err
    code, _, err = run("assess", video[0], "wait-time", "superb")
    assert code == 1 and "no level 'superb'" in err


def test_answer_needs_text_or_file(video):
    with pytest.raises(SystemExit) as exit_:
        main(["answer", video[0], "class-context"])
    assert exit_.value.code == 2
