"""`portfolio badges verify|import|list|export|stacks` keep the CLI contract."""

from __future__ import annotations

import json

import pytest

from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from tests.bundle.badge_claims import TEACHER, sample_claim


@pytest.fixture(scope="module")
def issued() -> dict:
    return issue_credential(sample_claim(), SigningKey.generate(), "Lincoln District")


def test_verify_a_png_badge(run, issued, tmp_path):
    path = write_badge(issued, tmp_path / "badge.png")
    code, out, err = run("badges", "verify", str(path), "--email", TEACHER, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["valid"] and document["email_matches"] is True
    assert document["issuer"]["text"] == "an issuer no trust list names"
    code, out, _ = run("badges", "verify", str(path))
    assert "Valid: Questioning to Deepen Thinking" in out and "an issuer no trust list names" in out


def test_verify_fails_for_another_email_and_for_a_changed_badge(run, issued, tmp_path):
    path = write_badge(issued, tmp_path / "badge.json")
    code, _, err = run("badges", "verify", str(path), "--email", "someone@else.org")
    assert code == 1 and "not for someone@else.org" in err
    path.write_text(path.read_text(encoding="utf-8").replace("Lincoln District", "Lincoln Distrikt"), encoding="utf-8")
    code, out, err = run("badges", "verify", str(path))
    assert code == 1 and out == "" and "signature does not match" in err


def test_import_list_export_and_stacks(run, issued, tmp_path):
    good = write_badge(issued, tmp_path / "badge.svg")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, out, err = run("badges", "import", str(good), str(bad), "--json")
    assert code == 1 and "bad.json" in err
    assert [i["id"] for i in json.loads(out)["imported"]] == [issued["id"]]
    code, out, _ = run("badges", "list", "--json")
    assert code == 0 and json.loads(out)[0]["issuer_name"] == "Lincoln District"
    code, out, _ = run("badges", "export", issued["id"], "-o", str(tmp_path / "out.png"))
    assert code == 0 and (tmp_path / "out.png").read_bytes().startswith(b"\x89PNG")
    code, out, _ = run("badges", "verify", str(tmp_path / "out.png"))
    assert code == 0
    code, out, _ = run("badges", "stacks", "--json")
    stacks = {s["id"]: s for s in json.loads(out)}
    assert stacks["classroom-talk"]["earned"] == 1
    code, out, _ = run("badges", "stacks")
    assert "[earned] Questioning to Deepen Thinking" in out


def test_export_of_an_unknown_badge_fails(run, tmp_path):
    code, _, err = run("badges", "export", "urn:uuid:none", "-o", str(tmp_path / "x.json"))
    assert code == 1 and "portfolio badges list" in err
