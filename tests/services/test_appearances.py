"""Who appears in evidence, and the privacy items readiness reads from it through load_content."""

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.readiness import Rule
from portfolio_app.core.roster import Consent
from portfolio_app.services import appearances as uc
from portfolio_app.services import roster
from portfolio_app.services.edits import Derivation, edit_image, prepare_trim, record_derived, trim_derivation
from portfolio_app.services.evidence import adopt_file, get_evidence, import_files
from portfolio_app.services.portfolios import create_portfolio, get_portfolio
from portfolio_app.services.private_copies import hand_back, hand_over
from portfolio_app.services.readiness import check_portfolio, load_content
from portfolio_app.services.rubric import link_requirement
from tests import mediagen as gen

ROSTER = "name,video,photo,audio\nMaya,yes,yes,yes\nSam,yes,no,no\n"


@pytest.fixture
def photo(library, tmp_path):
    """A photo of student work in a portfolio taught to class 7A, linked to the submission."""
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7").value
    csv = tmp_path / "roster.csv"
    csv.write_text(ROSTER)
    group = roster.import_roster(library, "7A", csv).value.group
    uc.set_portfolio_class(library, portfolio.id, group.id)
    [item] = import_files(library, portfolio.id, [gen.make_jpeg(tmp_path / "work.jpg")]).value.imported
    link_requirement(library, [item.id], "student-responses")
    return get_evidence(library, item.id)


def _privacy(library, portfolio_id):
    return [i for i in check_portfolio(library, portfolio_id).items if i.rule == Rule.PRIVACY]


def test_the_portfolio_class_is_set_and_cleared(library, photo):
    portfolio = get_portfolio(library, photo.portfolio_id)
    group = uc.portfolio_class(library, portfolio.id)
    assert group.name == "7A" and portfolio.class_id == group.id
    outcome = uc.set_portfolio_class(library, portfolio.id, None)
    assert outcome.value == group.id and outcome.changes.portfolios and outcome.changes.roster
    assert uc.portfolio_class(library, portfolio.id) is None
    with pytest.raises(Exception, match="There is no class “8C”"):
        uc.set_portfolio_class(library, portfolio.id, "8C")


def test_saying_who_appears_and_undoing_it(library, photo):
    assert uc.get_appearance(library, photo.id).students_appear is None
    outcome = uc.name_students(library, photo.id, ["maya", "SAM", "Maya"])
    assert outcome.value.students_appear is None and outcome.changes.evidence
    now = uc.get_appearance(library, photo.id)
    assert now.students_appear is True and [s.name for s in now.students] == ["Maya", "Sam"]
    assert get_evidence(library, photo.id).students_appear is True

    previous = uc.set_students(library, photo.id, False).value
    assert uc.get_appearance(library, photo.id).students == ()
    uc.restore_appearance(library, previous)
    assert uc.get_appearance(library, photo.id) == now


def test_unknown_names_and_inconsistent_requests_are_refused(library, photo):
    with pytest.raises(InvalidInputError, match=r"“Li” is not on the roster of “7A” \(it has Maya, Sam\)"):
        uc.name_students(library, photo.id, ["Maya", "Li"])
    maya = roster.students_named(library, "7A", ["Maya"])[0]
    with pytest.raises(InvalidInputError, match="only for evidence in which students appear"):
        uc.set_students(library, photo.id, False, [maya.id])
    with pytest.raises(InvalidInputError, match="no student 'nobody'"):
        uc.set_students(library, photo.id, True, ["nobody"])
    assert uc.get_appearance(library, photo.id).students_appear is None
    uc.set_portfolio_class(library, photo.portfolio_id, None)
    with pytest.raises(InvalidInputError, match="has no class yet"):
        uc.name_students(library, photo.id, ["Maya"])


def test_evidence_people_reads_the_item_its_students_and_the_class_roster(library, photo):
    uc.name_students(library, photo.id, ["Sam"])
    people = uc.evidence_people(library, photo.id)
    assert people.evidence.id == photo.id and [s.name for s in people.appearance.students] == ["Sam"]
    assert [s.name for s in people.roster.students] == ["Maya", "Sam"]


def test_readiness_follows_who_appears_and_their_consent(library, photo):
    assert [i.message for i in _privacy(library, photo.portfolio_id)] == ["Say whether students appear in “work”."]
    uc.set_students(library, photo.id, True)
    assert [i.message for i in _privacy(library, photo.portfolio_id)] == ["Say which students appear in “work”."]
    uc.name_students(library, photo.id, ["Maya", "Sam"])
    [item] = _privacy(library, photo.portfolio_id)
    assert (item.target, item.message) == (photo.id, "“work” shows Sam, who has no photo consent.")
    _, content = load_content(library, photo.portfolio_id)
    assert [s.name for s in content.students[photo.id]] == ["Maya", "Sam"]

    sam = roster.students_named(library, "7A", ["Sam"])[0]
    roster.set_consent(library, sam.id, Consent.PHOTO, True)
    assert _privacy(library, photo.portfolio_id) == []
    roster.remove_student(library, sam.id)  # Maya alone is named, and consented
    assert _privacy(library, photo.portfolio_id) == []
    uc.set_students(library, photo.id, False)
    assert _privacy(library, photo.portfolio_id) == []


def test_an_edited_copy_shows_the_students_its_source_shows(library, photo):
    uc.name_students(library, photo.id, ["Sam"])
    copy = edit_image(library, photo.id, "rotate", quarter_turns=1).value
    assert copy.students_appear is True
    assert [s.name for s in uc.get_appearance(library, copy.id).students] == ["Sam"]
    link_requirement(library, [photo.id], None)
    link_requirement(library, [copy.id], "student-responses")
    [item] = _privacy(library, photo.portfolio_id)
    assert item.target == copy.id  # a rotated copy still shows Sam


def test_a_trimmed_clip_says_who_it_shows_and_a_blurred_copy_hides_them(library, photo, tmp_path):
    """Sam has no video consent: a trim still shows him; a blurred copy (or a trim of it) does not."""
    path = gen.make_video(tmp_path / "lesson.mp4", 2.0, width=160, height=90)
    [video] = import_files(library, photo.portfolio_id, [path]).value.imported
    uc.name_students(library, video.id, ["Maya", "Sam"])
    link_requirement(library, [photo.id], None)
    roster.set_consent(library, roster.students_named(library, "7A", ["Sam"])[0].id, Consent.VIDEO, False)

    trimmed = record_derived(
        library, video, prepare_trim(library.store, video, 0.5, 1.5), trim_derivation(video, 0.5, 1.5)
    ).value
    assert trimmed.students_appear is True
    assert [s.name for s in uc.get_appearance(library, trimmed.id).students] == ["Maya", "Sam"]
    link_requirement(library, [trimmed.id], "classroom-video")
    [item] = _privacy(library, photo.portfolio_id)
    assert (item.target, item.message) == (trimmed.id, f"“{trimmed.title}” shows Sam, who has no video consent.")

    for derivation in ("blur faces", "redact 1 region"):
        hidden = record_derived(library, trimmed, _copy_of(library, trimmed, tmp_path), Derivation("c", derivation))
        assert [s.name for s in uc.get_appearance(library, hidden.value.id).students] == ["Maya", "Sam"]
        handover = hand_over(library, trimmed.id, hidden.value.id).value
        assert _privacy(library, photo.portfolio_id) == []
        trim_of_blur = record_derived(
            library,
            hidden.value,
            prepare_trim(library.store, hidden.value, 0.0, 1.0),
            trim_derivation(hidden.value, 0.0, 1.0),
        ).value
        link_requirement(library, [hidden.value.id], None)
        link_requirement(library, [trim_of_blur.id], "classroom-video")
        assert _privacy(library, photo.portfolio_id) == []  # still blurred
        link_requirement(library, [trim_of_blur.id], None)
        hand_back(library, handover)
        assert [i.target for i in _privacy(library, photo.portfolio_id)] == [trimmed.id]


def _copy_of(library, original, tmp_path):
    """A stand-in for a blurred or redacted copy: another clip, adopted into the store."""
    made = library.store.temp_path(".mp4")
    gen.make_video(made, 1.0, width=160, height=90)
    return adopt_file(library.store, made, f"{original.title}-copy.mp4")
