"""The teacher's shelf: badges verified on import, listed, exported in any form; stacks show progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import badge_bytes, read_badge, write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from portfolio_app.bundle.openbadges.verify import verify_credential
from portfolio_app.core.badges import StackStatus
from portfolio_app.core.errors import NotFoundError
from portfolio_app.services import badges
from tests.bundle.badge_claims import TEACHER, sample_claim


@pytest.fixture(scope="module")
def issued() -> dict:
    return issue_credential(sample_claim(), SigningKey.generate(), "Lincoln District")


def test_an_imported_png_badge_is_on_the_shelf_with_its_evidence(library, issued, tmp_path):
    path = write_badge(issued, tmp_path / "questioning.png")
    outcome = badges.import_badge(library, path)
    assert outcome.changes.badges
    shelf = badges.list_badges(library)
    assert [b.id for b in shelf] == [issued["id"]]
    badge = shelf[0]
    assert (badge.credential_id, badge.credential_version) == ("questioning-to-deepen-thinking", "1.0")
    assert badge.image_type == "png" and badge.issuer_name == "Lincoln District"
    assert {e.genre for e in badge.evidence} >= {"submission bundle", "review decision", "video"}
    again = badges.import_badge(library, write_badge(issued, tmp_path / "same.json"))
    assert not again.changes and len(badges.list_badges(library)) == 1


def test_a_tampered_badge_is_not_imported(library, issued, tmp_path):
    changed = json.loads(json.dumps(issued))
    changed["credentialSubject"]["result"][0]["achievedLevel"] += "x"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    with pytest.raises(BadgeError, match="signature does not match"):
        badges.import_badge(library, path)
    assert badges.list_badges(library) == []


def test_export_keeps_the_image_it_came_in_and_makes_the_other_forms(library, issued, tmp_path):
    original = write_badge(issued, tmp_path / "in.png")
    badges.import_badge(library, original)
    assert badges.export_badge(library, issued["id"], tmp_path / "out.png").read_bytes() == original.read_bytes()
    for form in (".json", ".svg"):
        exported = badges.export_badge(library, issued["id"], tmp_path / f"out{form}")
        assert verify_credential(read_badge(exported)).id == issued["id"]
    with pytest.raises(BadgeError, match=r"\.gif"):
        badges.export_badge(library, issued["id"], tmp_path / "out.gif")
    with pytest.raises(NotFoundError):
        badges.export_badge(library, "urn:uuid:nothing", tmp_path / "x.json")


def test_verify_names_no_issuer_without_a_trust_list_and_checks_email(library, issued, tmp_path):
    path = tmp_path / "badge.svg"
    path.write_bytes(badge_bytes(issued, ".svg"))
    check = badges.verify_badge_file(library, path, email=TEACHER.upper())
    assert check.issuer.text == "an issuer no trust list names" and not check.issuer.named
    assert check.email_matches is True
    assert badges.verify_badge_file(library, path, email="x@y.org").email_matches is False


def test_stacks_show_earned_in_progress_and_not_started(library, issued, tmp_path):
    from portfolio_app.services.portfolios import create_portfolio

    create_portfolio(library, "structured-student-discourse", "Discussion, spring")
    badges.import_badge(library, write_badge(issued, tmp_path / "b.json"))
    progress = {p.stack.id: p for p in badges.list_stack_progress(library)}
    statuses = {s.credential_id: s.status for s in progress["responsive-instruction"].steps}
    assert statuses == {
        "questioning-to-deepen-thinking": StackStatus.EARNED,
        "structured-student-discourse": StackStatus.IN_PROGRESS,
        "formative-assessment-exit-tickets": StackStatus.NOT_STARTED,
    }
    assert progress["responsive-instruction"].earned == 1
    assert not progress["classroom-talk"].complete


def test_a_file_that_is_no_badge_is_named(library, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(Path(__file__).read_bytes())
    with pytest.raises(BadgeError, match="photo.png"):
        badges.import_badge(library, path)


def test_verify_with_a_bundle_requires_the_badge_to_name_that_bundle(library, tmp_path):
    import hashlib
    import zipfile

    from portfolio_app.bundle.writer import write_bundle
    from tests.bundle.sample_content import make_content

    bundle = tmp_path / "exit-tickets.zip"
    write_bundle(make_content(tmp_path / "media"), bundle, SigningKey.generate())
    with zipfile.ZipFile(bundle) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("/tagmanifest-sha256.txt")]
        bundle_sha256 = hashlib.sha256(archive.read(name)).hexdigest()
    key = SigningKey.generate()
    naming = write_badge(issue_credential(sample_claim(bundle_sha256=bundle_sha256), key, "L"), tmp_path / "a.json")
    other = write_badge(issue_credential(sample_claim(), key, "L"), tmp_path / "b.json")
    assert badges.verify_badge_file(library, naming, bundle=bundle).bundle_matches is True
    assert badges.verify_badge_file(library, other, bundle=bundle).bundle_matches is False


def test_files_the_export_changed_are_named_by_their_evidence_title(library, tmp_path):
    """A badge names its evidence by the hash of the file in the bundle; a file the export wrote anew
    (a photo without its location, a video without its tags) has a hash no evidence row holds."""
    import zipfile

    from portfolio_app.services.export import export_portfolio
    from portfolio_app.services.portfolios import get_portfolio
    from tests.ready_portfolio import make_ready_portfolio

    portfolio = make_ready_portfolio(library, tmp_path / "media")
    info = export_portfolio(library, get_portfolio(library, portfolio.id).id, tmp_path / "ana.zip").value
    with zipfile.ZipFile(info.path) as bundle:
        submission = json.loads(bundle.read(f"{info.name}/data/submission.json"))
    ids = {f"urn:mcp:evidence:{e['sha256']}": e["title"] for e in submission["evidence"]}
    stored = {row[0] for row in library.db.execute("SELECT blob FROM evidence")}
    assert any(e["sha256"] not in stored for e in submission["evidence"])  # the export changed some files
    assert badges.evidence_names(library, list(ids)) == ids  # every one named, none shown by hash
