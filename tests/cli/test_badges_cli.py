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


def test_review_issue_badge_writes_the_credential_of_a_signed_earned_decision(run, library, tmp_path):
    from portfolio_app.bundle.keys import signing_key
    from portfolio_app.core.trust import Approval
    from portfolio_app.services import review_records, reviews
    from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key
    from tests.review_bundles import teacher_bundle

    bundle, _ = teacher_bundle(tmp_path)
    new_issuer_key("Lincoln District")
    approval = Approval("reviewer", "Rita Reviewer", signing_key().public_key.fingerprint, "2026-01-01")
    make_trust_list("Lincoln District", [approval], [], tmp_path / "trust.zip")
    import_trust_list(library.db, tmp_path / "trust.zip")
    review = reviews.open_review(library, bundle).value
    for criterion in review.criteria:
        reviews.score_criterion(library, review.id, criterion.id, criterion.passing_level)
    reviews.decide(library, review.id, "earned")
    review_records.sign_review(library, review.id, tmp_path / "decision.zip")

    code, out, err = run("review", "issue-badge", review.id, "-o", str(tmp_path / "badge.svg"), "--json")
    assert code == 0, err
    assert json.loads(out)["new"] is True
    code, out, _ = run("review", "issue-badge", review.id, "-o", str(tmp_path / "badge.png"))
    assert code == 0 and out.startswith("Written again (issued before)")
    code, out, _ = run("badges", "verify", str(tmp_path / "badge.png"), "--bundle", str(bundle))
    assert code == 0 and "Lincoln District, listed in its trust list of" in out and "named by the badge" in out
    code, _, err = run("review", "issue-badge", "zzzzzzzz", "-o", str(tmp_path / "x.png"))
    assert code == 1 and "no review" in err


def test_the_feedback_with_its_badge_is_written_by_issue_badge_and_kept_by_feedback_import(
    run, library, tmp_path, capsys
):
    from portfolio_app.cli import main
    from tests.earned_reviews import earned_review
    from tests.review_bundles import teacher_bundle

    bundle, _ = teacher_bundle(tmp_path)  # the teacher's library is tmp_path / "teacher"
    review = earned_review(library, bundle, tmp_path / "reviewer-out")
    code, out, _ = run("review", "sign", review.review_id, "-o", str(tmp_path / "signed-again.zip"))
    assert code == 0 and f"portfolio review issue-badge {review.review_id} -o FILE.zip" in out
    target = tmp_path / "ana-ortiz-feedback-and-badge.zip"
    code, out, err = run("review", "issue-badge", review.review_id, "-o", str(target))
    assert code == 0, err
    assert "Send it to the teacher" in out
    code, out, err = run("verify", str(target))
    assert code == 0 and "valid badge record" in out, err
    code, out, err = run("badges", "verify", str(target), "--bundle", str(bundle))
    assert code == 0 and "named by the badge" in out, err

    def teacher(*args: str):
        code = main([*args, "--data-dir", str(tmp_path / "teacher")])
        return (code, *capsys.readouterr())

    code, out, err = teacher("feedback", "import", str(target), "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["decision"] == "earned" and document["badge"]["issuer_name"] == "Lincoln District"
    code, out, _ = teacher("badges", "list", "--json")
    assert [b["id"] for b in json.loads(out)] == [document["badge"]["id"]]
    code, out, _ = teacher("badges", "import", str(target))
    assert code == 0 and out.startswith("Already on the shelf")
    code, out, _ = teacher("feedback", "import", str(target))
    assert code == 0 and "Badge on your shelf: Questioning to Deepen Thinking" in out
    assert "issued by Lincoln District: an issuer no trust list names" in out  # the teacher imported no list


def test_an_issuer_who_did_not_review_gives_the_bundle_and_the_decision(run, library, tmp_path, capsys):
    from tests.earned_reviews import earned_review
    from tests.review_bundles import teacher_bundle

    bundle, _ = teacher_bundle(tmp_path)
    review = earned_review(library, bundle, tmp_path / "reviewer-out")  # this desk holds the issuer key as well
    target = tmp_path / "from-files.zip"
    code, out, err = run("review", "issue-badge", "--bundle", str(bundle), "--decision", str(review.decision),
                         "-o", str(target), "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["new"] is True and target.exists()
    for args, said in (
        (["-o", str(tmp_path / "x.zip")], "--bundle and --decision"),
        ([review.review_id, "--bundle", str(bundle), "-o", str(tmp_path / "x.zip")], "not both"),
    ):
        with pytest.raises(SystemExit) as usage:  # argparse's usage error: the process exits 2
            run("review", "issue-badge", *args)
        assert usage.value.code == 2 and said in capsys.readouterr().err
