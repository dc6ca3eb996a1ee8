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
