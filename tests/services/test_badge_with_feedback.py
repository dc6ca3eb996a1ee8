"""Issue #19: the teacher imports a badge "from the feedback that earned it": the issuer writes the signed decision
and the baked badge as one signed record, and importing it keeps the feedback and shelves the badge, all or nothing."""

from __future__ import annotations

import zipfile

import pytest

from portfolio_app.bundle import keys
from portfolio_app.bundle.badge_record import write_badge_record
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import read_badge
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.portfolio import PortfolioStatus
from portfolio_app.services import badges, review_records
from portfolio_app.services.badge_feedback import import_feedback_file
from portfolio_app.services.badge_issuing import issue_badge_for_review
from portfolio_app.services.evidence import list_evidence
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.services.trust import import_trust_list
from tests.earned_reviews import ORGANISATION, earned_review
from tests.ready_portfolio import make_ready_portfolio

TEACHER_EMAIL = "ana.ortiz@lincoln-ms.example.org"  # make_ready_portfolio's profile


@pytest.fixture
def earned(desks, tmp_path):
    """A teacher's exported portfolio, and the reviewer's earned decision on it with the feedback-with-badge file."""
    teacher, reviewer = desks
    with teacher as lib:
        portfolio = make_ready_portfolio(lib, tmp_path / "media")
        bundle = export_portfolio(lib, portfolio.id, tmp_path / "ana-ortiz.zip").value.path
    with reviewer as lib:
        review = earned_review(lib, bundle, tmp_path / "reviewer-out")
        issued = issue_badge_for_review(lib, review.review_id, tmp_path / "feedback-with-badge.zip").value
    return portfolio, bundle, review, issued


def test_the_feedback_with_its_badge_keeps_the_decision_and_shelves_the_badge(desks, earned, tmp_path):
    teacher, reviewer = desks
    portfolio, bundle, review, issued = earned
    assert issued.new and issued.path.suffix == ".zip"
    with reviewer as lib:  # the same credential in every form: the .zip's badge is the .png's
        png = issue_badge_for_review(lib, review.review_id, tmp_path / "badge.png").value
        assert not png.new and png.credential_id == issued.credential_id

    with teacher as lib:
        import_trust_list(lib.db, review.trust_list)
        check = badges.verify_badge_file(lib, issued.path, bundle=bundle, email=TEACHER_EMAIL)
        assert check.bundle_matches and check.email_matches and check.issuer.named
        assert check.badge.id == issued.credential_id
        outcome = import_feedback_file(lib, issued.path)
        feedback, badge = outcome.value.feedback, outcome.value.badge
        assert outcome.changes.reviews and outcome.changes.badges
        assert feedback.decision == "earned" and feedback.record_sha256 == review.decision_sha256
        assert feedback.overall_feedback == "Strong questioning throughout."
        assert get_portfolio(lib, portfolio.id).status == PortfolioStatus.PASSED
        assert badge is not None and badge.id == issued.credential_id and badge.image_type == "png"
        assert [b.id for b in badges.list_badges(lib)] == [issued.credential_id]
        assert f"urn:mcp:review:{review.decision_sha256}" in {e.id for e in badge.evidence}
        shelf = badges.shelf(lib)
        assert shelf.badges[0][1].text.startswith(f"{ORGANISATION}, listed in its trust list of ")
        # the evidence it names, as this library knows it: the bundle's file, the feedback, files kept as they were
        names = shelf.evidence_names
        assert names[f"urn:mcp:bundle:{feedback.bundle_sha256}"].startswith("ana-ortiz.zip, exported ")
        assert names[f"urn:mcp:review:{review.decision_sha256}"] == "the reviewer's feedback you imported"
        stored_titles = {e.title for e in list_evidence(lib, portfolio.id)}
        assert {v for k, v in names.items() if k.startswith("urn:mcp:evidence:")} & stored_titles
        # the shelf's image is the baked badge, and it is the credential the .png form carries
        image, kind = badges.badge_image(lib, badge.id)
        assert kind == "png"
        # what was assessed: every criterion at the level the reviewer gave
        results = dict(badges.badge_results(lib, badge.id))
        assert len(results) == 6 and set(results.values()) == {"Demonstrated"} and "Wait time" in results
        exported = badges.export_badge(lib, badge.id, tmp_path / "exported.png")
        assert read_badge(exported) == read_badge(png.path)

        again = import_feedback_file(lib, issued.path)
        assert not again.changes and len(review_records.feedback_for(lib, portfolio.id)) == 1


def test_the_plain_decision_and_the_one_with_its_badge_are_one_feedback(desks, earned):
    teacher, _ = desks
    portfolio, _bundle, review, issued = earned
    with teacher as lib:
        plain = import_feedback_file(lib, review.decision).value
        assert plain.badge is None and badges.list_badges(lib) == []
        with_badge = import_feedback_file(lib, issued.path)
        assert with_badge.value.feedback.id == plain.feedback.id  # the decision inside is the same signed file
        assert with_badge.changes.badges and not with_badge.changes.reviews
        assert len(review_records.feedback_for(lib, portfolio.id)) == 1 and len(badges.list_badges(lib)) == 1


def test_the_badge_page_and_badges_import_take_the_feedback_file_too(desks, earned):
    teacher, _ = desks
    portfolio, _bundle, _review, issued = earned
    with teacher as lib:
        result = badges.import_badges(lib, [issued.path]).value
        assert [b.id for b in result.imported] == [issued.credential_id] and not result.failed
        assert review_records.feedback_for(lib, portfolio.id)[0].decision == "earned"


def test_feedback_for_a_bundle_this_library_did_not_export_leaves_no_badge(earned, tmp_path):
    _, _, _, issued = earned
    stranger = open_library(tmp_path / "someone-else")  # another teacher's library
    try:
        with pytest.raises(InvalidInputError, match="feedback-with-badge.zip answers another bundle"):
            import_feedback_file(stranger, issued.path)
        assert badges.list_badges(stranger) == []
    finally:
        stranger.close()


def _rewritten(source, target, entry_suffix: str, change) -> None:
    """Copy a stored zip, passing the bytes of the entry ending in `entry_suffix` through `change`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename.endswith(entry_suffix) else data)


def test_a_changed_badge_inside_the_file_is_refused_naming_it(desks, earned, tmp_path):
    teacher, _ = desks
    portfolio, _bundle, review, issued = earned
    changed = tmp_path / "changed.zip"
    _rewritten(issued.path, changed, "data/badge.png", lambda data: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:])
    with teacher as lib:
        import_trust_list(lib.db, review.trust_list)
        with pytest.raises(InvalidInputError, match="data/badge.png"):
            import_feedback_file(lib, changed)
        with pytest.raises(InvalidInputError, match="data/badge.png"):
            badges.verify_badge_file(lib, changed)
        assert badges.list_badges(lib) == [] and review_records.feedback_for(lib, portfolio.id) == []


def test_a_badge_another_decision_earned_is_refused_and_nothing_is_kept(desks, tmp_path):
    teacher, reviewer = desks
    with teacher as lib:
        portfolio = make_ready_portfolio(lib, tmp_path / "media")
        first = export_portfolio(lib, portfolio.id, tmp_path / "first.zip").value.path
        second = export_portfolio(lib, portfolio.id, tmp_path / "second.zip").value.path
    with reviewer as lib:
        one = earned_review(lib, first, tmp_path / "one")
        two = earned_review(lib, second, tmp_path / "two")
        badge_two = issue_badge_for_review(lib, two.review_id, tmp_path / "two.png").value.path.read_bytes()
        issuer = keys.stored_key(keys.issuer_account(ORGANISATION))
        mixed = write_badge_record(one.decision, one.decision_sha256, badge_two, "2026-12-05T10:00:00Z", issuer,
                                   tmp_path / "mixed.zip").path  # fmt: skip
        stranger = write_badge_record(two.decision, two.decision_sha256, badge_two, "2026-12-05T10:00:00Z",
                                      SigningKey.generate(), tmp_path / "stranger.zip").path  # fmt: skip
    with teacher as lib:
        with pytest.raises(InvalidInputError, match="not earned by the decision it carries"):
            import_feedback_file(lib, mixed)
        with pytest.raises(InvalidInputError, match="not earned by the decision it carries"):
            badges.verify_badge_file(lib, mixed)
        with pytest.raises(InvalidInputError, match="but the file is signed by key"):
            import_feedback_file(lib, stranger)
        # all or nothing: the decision each carried was refused with its badge
        assert badges.list_badges(lib) == [] and review_records.feedback_for(lib, portfolio.id) == []


def test_issuing_to_an_unknown_form_names_the_forms(desks, earned, tmp_path):
    _, reviewer = desks
    _portfolio, _bundle, review, _issued = earned
    with reviewer as lib, pytest.raises(InvalidInputError, match=r"\.zip \(the feedback with its badge"):
        issue_badge_for_review(lib, review.review_id, tmp_path / "badge.pdf")


def test_an_issuer_who_did_not_review_issues_from_the_bundle_and_the_decision(desks, tmp_path):
    from portfolio_app.bundle.keys import signing_key
    from portfolio_app.core.trust import Approval
    from portfolio_app.services import reviews
    from portfolio_app.services.badge_issuing import issue_badge_from_files
    from portfolio_app.services.trust import make_trust_list, new_issuer_key
    from tests.services.conftest import Desk

    teacher, reviewer = desks
    issuer = Desk(tmp_path / "district-office")
    try:
        with teacher as lib:
            portfolio = make_ready_portfolio(lib, tmp_path / "media")
            bundle = export_portfolio(lib, portfolio.id, tmp_path / "ana-ortiz.zip").value.path
            other = export_portfolio(lib, portfolio.id, tmp_path / "another.zip").value.path
        with reviewer as lib:
            rita = signing_key().public_key.fingerprint
            review = reviews.open_review(lib, bundle).value
            for criterion in review.criteria:
                reviews.score_criterion(lib, review.id, criterion.id, criterion.passing_level)
            reviews.decide(lib, review.id, "earned")
            decision = review_records.sign_review(lib, review.id, tmp_path / "decision.zip").value
        with issuer as lib:
            new_issuer_key(ORGANISATION)
            trust = tmp_path / "lincoln-trust.zip"
            target = tmp_path / "feedback-and-badge.zip"
            with pytest.raises(InvalidInputError, match="approves"):  # no trust list here names the reviewer yet
                issue_badge_from_files(lib, bundle, decision.path, target)
            make_trust_list(ORGANISATION, [Approval("reviewer", "Rita Reviewer", rita, "2026-01-01")], [], trust)
            import_trust_list(lib.db, trust)
            with pytest.raises(InvalidInputError, match="not the decision on another.zip"):
                issue_badge_from_files(lib, other, decision.path, target)
            issued = issue_badge_from_files(lib, bundle, decision.path, target).value
            assert issued.new and issued.issuer_name == ORGANISATION
        with reviewer as lib:  # the reviewer's keychain holds no issuer key: said, nothing written
            import_trust_list(lib.db, trust)
            with pytest.raises(InvalidInputError, match='holds no issuer key of "Lincoln District"'):
                issue_badge_for_review(lib, review.id, tmp_path / "reviewer.png")
            assert not (tmp_path / "reviewer.png").exists()
        with teacher as lib:
            imported = import_feedback_file(lib, issued.path).value
            assert imported.badge is not None and imported.feedback.record_sha256 == decision.tag_manifest_sha256
            assert imported.badge.issuer_fingerprint != rita  # the organisation's key, not the reviewer's
    finally:
        issuer.library.close()
