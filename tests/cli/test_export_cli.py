"""`portfolio export`: a ready portfolio to a verified bundle, a refusal that lists why, a draft."""

from __future__ import annotations

import json

import pytest

from tests.ready_portfolio import make_ready_portfolio


def test_export_then_verify(run, library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    target = tmp_path / "bundle.zip"
    code, out, err = run("export", portfolio.id, "-o", str(target), "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["path"] == str(target) and document["draft"] is False and document["fingerprint"]
    code, out, _ = run("verify", str(target), "--expect-key", document["fingerprint"])
    assert code == 0 and "valid" in out.lower()
    code, out, _ = run("list", "--json")
    assert json.loads(out)[0]["status"] == "exported"


def test_not_ready_is_refused_with_each_reason_and_a_draft_is_allowed(run, library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media", answered=False)
    code, out, err = run("export", portfolio.id, "-o", str(tmp_path / "bundle.zip"))
    assert code == 1 and out == ""
    assert "is not ready to submit" in err and "add --draft" in err
    assert err.count("\n- ") >= 3  # one line per unanswered prompt
    assert not (tmp_path / "bundle.zip").exists()
    code, out, err = run("export", portfolio.id, "-o", str(tmp_path / "draft.zip"), "--draft")
    assert code == 0 and "Draft bundle written" in out, err
    code, out, _ = run("verify", str(tmp_path / "draft.zip"), "--json")
    assert code == 0 and json.loads(out)["draft"] is True


@pytest.mark.parametrize(
    "args,message",
    [
        (("nope", "-o", "x.zip"), "no portfolio"),
        (("PID", "-o", "bundle.tar"), ".zip"),
        (("PID", "-o", "missing/x.zip"), "does not exist"),
    ],
)
def test_bad_input_exits_1_with_the_reason(run, library, tmp_path, args, message):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    args = tuple(portfolio.id if a == "PID" else str(tmp_path / a) if "." in a else a for a in args)
    code, out, err = run("export", *args)
    assert code == 1 and out == "" and message in err.lower()


def test_no_output_is_a_usage_error(run, capsys):
    with pytest.raises(SystemExit) as caught:
        run("export", "PID")
    assert caught.value.code == 2 and "-o" in capsys.readouterr().err


def test_profile_is_set_and_shown_and_export_says_how_to_set_it(run, library, tmp_path):
    code, _, err = run("profile")
    assert code == 1 and "portfolio profile --name" in err
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    library.db.execute("DELETE FROM profile")
    code, _, err = run("export", portfolio.id, "-o", str(tmp_path / "b.zip"))
    assert code == 1 and "portfolio profile --name" in err and not (tmp_path / "b.zip").exists()
    code, _, err = run("profile", "--name", "Ana Ortiz")
    assert code == 1 and "both --name and --email" in err
    code, _, err = run("profile", "--name", "Ana Ortiz", "--email", "not-an-address")
    assert code == 1 and "does not look like an email" in err
    code, out, _ = run("profile", "--name", "Ana Ortiz", "--email", "ana@lincoln-ms.example.org", "--json")
    assert code == 0 and json.loads(out) == {"name": "Ana Ortiz", "email": "ana@lincoln-ms.example.org"}
    code, out, _ = run("profile")
    assert code == 0 and out.strip() == "Ana Ortiz <ana@lincoln-ms.example.org>"
    code, _, err = run("export", portfolio.id, "-o", str(tmp_path / "b.zip"))
    assert code == 0, err
