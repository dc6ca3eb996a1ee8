"""`portfolio observation new|code|note|rate|list|show|export|agreement` from a terminal."""

import json

import pytest


def _new(run, *args) -> str:
    code, out, err = run("observation", "new", *args)
    assert code == 0, err
    return out.strip()


def test_a_copus_observation_from_the_command_line(run, tmp_path):
    obs = _new(run, "--scheme", "copus", "--title", "Period 3", "--teacher", "Ana Ortiz")
    assert len(obs) == 10
    for code, at in (("I-Lec", 10), ("S-L", 12), ("I-Lec", 130), ("PQ", 140)):
        assert run("observation", "code", obs, code, "--at", str(at))[0] == 0
    code, out, _ = run("observation", "code", obs, "I-Lec", "--at", "100", "--json")
    assert code == 0 and json.loads(out)["created"] is False
    assert run("observation", "note", obs, "Two hands up", "--at", "61")[0] == 0
    code, out, _ = run("observation", "show", obs)
    assert code == 0 and "I-Lec" in out and "1:01.0  Two hands up" in out
    code, out, _ = run("observation", "show", obs, "--json")
    document = json.loads(out)
    assert [e["code"] for e in document["events"]] == ["I-Lec", "S-L", "I-Lec", "I-PQ"]
    assert document["events"][0] | {} == {"code": "I-Lec", "start_s": 0, "end_s": 120, "interval": 0, "student": None}
    code, out, _ = run("observation", "list", "--json")
    assert [o["id"] for o in json.loads(out)] == [obs] and json.loads(out)[0]["events"] == 4
    target = tmp_path / "p3.eaf"
    code, out, _ = run("observation", "export", obs, "--format", "eaf", "-o", str(target), "--json")
    assert code == 0 and json.loads(out)["path"] == str(target) and target.read_bytes().startswith(b"<?xml")


def test_bad_input_exits_1_with_the_reason(run):
    obs = _new(run, "--scheme", "coaching-cycle", "--title", "Discussion")
    code, _, err = run("observation", "code", obs, "Q-open", "--at", "5", "--end", "9")
    assert code == 1 and "point event" in err
    code, _, err = run("observation", "code", "nope", "Q-open", "--at", "5")
    assert code == 1 and "no observation 'nope'" in err
    code, _, err = run("observation", "new", "--scheme", "walk", "--title", "x")
    assert code == 1 and "no coding scheme 'walk'" in err
    code, _, err = run("observation", "rate", obs, "wait-time", "progressing")
    assert code == 1 and "not about a credential" in err
    with pytest.raises(SystemExit) as usage:
        run("observation", "export", obs, "--format", "docx", "-o", "x")
    assert usage.value.code == 2


def test_rate_and_agreement(run):
    a = _new(run, "--scheme", "look-fors-questioning-to-deepen-thinking", "--title", "Coach")
    b = _new(run, "--scheme", "look-fors-questioning-to-deepen-thinking", "--title", "Teacher")
    code, out, _ = run("observation", "rate", a, "wait-time", "progressing", "--note", "2 s", "--json")
    assert code == 0 and json.loads(out) == {"criterion_id": "wait-time", "level_id": "progressing", "note": "2 s"}
    for obs, at in ((a, 12), (b, 14), (a, 45), (b, 61)):
        run("observation", "code", obs, "wait-time", "--at", str(at))
    code, out, _ = run("observation", "agreement", a, b, "--bin", "20", "--json")
    document = json.loads(out)
    assert code == 0 and (document["unit"], document["unit_seconds"], document["units"]) == ("bin", 20, 4)
    wait = next(c for c in document["codes"] if c["code"] == "wait-time")
    assert (wait["both"], wait["only_a"], wait["only_b"], wait["neither"]) == (1, 1, 1, 1)
    assert wait["kappa"] == 0
    code, out, _ = run("observation", "agreement", a, b)
    assert code == 0 and "Compared on 7 bins of 10 s." in out


def test_sign_then_import_into_a_teachers_library(run, tmp_path, capsys):
    import keyring

    from portfolio_app.cli import main
    from tests.keyring_memory import MemoryKeyring

    obs = _new(run, "--scheme", "coaching-cycle", "--title", "Discussion", "--observer", "Coach Kim")
    run("observation", "code", obs, "Q-open", "--at", "12")
    code, out, err = run("observation", "sign", obs, "-o", str(tmp_path), "--json")
    assert code == 0, err
    signed = json.loads(out)
    assert signed["path"].endswith(".zip") and len(signed["fingerprint"]) == 64
    keyring.set_keyring(MemoryKeyring())  # the teacher's laptop
    teacher = ["--data-dir", str(tmp_path / "teacher")]
    assert main(["new", "structured-student-discourse", "--title", "Discussion", "--json", *teacher]) == 0
    portfolio = json.loads(capsys.readouterr().out)["id"]
    assert main(["import", portfolio, signed["path"], "--json", *teacher]) == 0
    [evidence] = json.loads(capsys.readouterr().out)["imported"]
    assert evidence["kind"] == "observation" and evidence["title"] == "Observation: Discussion (Coach Kim)"
    assert main(["verify", signed["path"]]) == 0
    capsys.readouterr()
    assert main(["observation", "compare", portfolio, *teacher]) == 0  # a coaching-cycle observation rates nothing
    assert "No signed observation in this portfolio rates its criteria." in capsys.readouterr().out


def test_sign_writes_the_recording_beside_or_carries_it_with_consent(run, data_dir, tmp_path):
    from portfolio_app.services.library import open_library
    from portfolio_app.services.observation_recordings import attach_recording, stage_recording
    from tests import mediagen as gen

    obs = _new(run, "--scheme", "coaching-cycle", "--title", "Recorded", "--observer", "Coach Kim")
    lib = open_library(data_dir)
    made = gen.make_audio(lib.store.temp_path(".m4a"), 1.0)
    attach_recording(lib, obs, stage_recording(lib.store, made, "lesson.m4a"))
    lib.close()
    code, out, _ = run("observation", "show", obs)
    assert "Recording: lesson.m4a (0:01.0, from 0:00.0;" in out
    assert json.loads(run("observation", "show", obs, "--json")[1])["recordings"][0]["name"] == "lesson.m4a"
    code, out, err = run("observation", "sign", obs, "-o", str(tmp_path / "apart.zip"), "--json")
    assert code == 0, err
    assert json.loads(out)["recordings_beside"] == [str(tmp_path / "apart-recording-1.m4a")]
    assert (tmp_path / "apart-recording-1.m4a").is_file()
    code, out, err = run("observation", "sign", obs, "-o", str(tmp_path / "inside.zip"), "--with-recording")
    assert code == 0, err
    assert "Recording beside it" not in out and not (tmp_path / "inside-recording-1.m4a").exists()
