"""`portfolio review open|show|score|flag|decide`: exit codes, text, JSON; blind until signed."""

from __future__ import annotations

import json

import pytest

from tests.review_bundles import teacher_bundle


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return teacher_bundle(tmp_path_factory.mktemp("teacher"))[0]


def test_review_open_prints_the_id_and_scoring_goes_through_the_rubric(run, bundle):
    code, out, err = run("review", "open", str(bundle))
    assert code == 0, err
    review_id = out.strip()
    code, out, _ = run("review", "show", review_id, "--json")
    shown = json.loads(out)
    assert shown["teacher"] is None and "Ana" not in out and bundle.name not in out
    for criterion in shown["criteria"]:
        code, out, err = run(
            "review", "score", review_id, criterion["id"], criterion["levels"][0], "--feedback", "Not yet seen"
        )
        assert code == 0 and "(not met)" in out, err
    code, _, err = run("review", "decide", review_id, "earned")
    assert code == 1 and "not met" in err
    code, out, _ = run("review", "decide", review_id, "resubmit", "--feedback", "Add a second lesson.", "--json")
    assert code == 0 and json.loads(out)["decision"] == "resubmit"
    code, out, _ = run("review", "show", review_id)
    assert "Decision: resubmit" in out and "Add a second lesson." in out and "Ana" not in out


def test_review_commands_refuse_bad_input_with_exit_1(run, bundle, tmp_path):
    code, _, err = run("review", "open", str(tmp_path / "missing.zip"))
    assert code == 1 and "missing.zip" in err
    code, _, err = run("review", "score", "zzzzzzzz", "a", "b")
    assert code == 1 and "no review" in err
    with pytest.raises(SystemExit) as usage:
        run("review", "decide", "x", "perhaps")
    assert usage.value.code == 2


def test_resubmit_prints_the_new_attempt_and_history_lists_both(run, library, tmp_path):
    from tests.ready_portfolio import make_ready_portfolio

    first = make_ready_portfolio(library, tmp_path / "media")
    library.close()
    code, out, err = run("export", first.id, "-o", str(tmp_path / "first.zip"))
    assert code == 0, err
    code, out, err = run("resubmit", first.id[:6])
    assert code == 0, err
    second = out.strip()
    code, out, _ = run("history", second)
    assert code == 0 and out.index("Attempt 1") < out.index("first.zip") < out.index("Attempt 2")
    code, out, _ = run("history", first.id, "--json")
    assert [a["portfolio"]["id"] for a in json.loads(out)] == [first.id, second]
    code, _, err = run("resubmit", first.id)
    assert code == 1 and "already resubmitted" in err
