"""Tags, answers, self-assessment, requirement links and search against a real library."""

import pytest

from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.portfolio import Region, TimeRange
from portfolio_app.core.search import HIGHLIGHT_START, HitKind
from portfolio_app.services import rubric, tags
from portfolio_app.services.evidence import add_marker, delete_evidence, get_evidence, import_files
from portfolio_app.services.portfolios import create_portfolio, delete_portfolio
from portfolio_app.services.search import search
from tests import mediagen as gen

CREDENTIAL = "questioning-to-deepen-thinking"


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, CREDENTIAL, "Grade 7 science").value


@pytest.fixture
def items(library, portfolio, tmp_path):
    files = [
        gen.make_video(tmp_path / "lesson.mp4", 3.0, width=320, height=180),
        gen.make_jpeg(tmp_path / "ticket.jpg"),
        gen.make_pdf(tmp_path / "plan.pdf", pages=2),
    ]
    report = import_files(library, portfolio.id, files).value
    assert not report.failed
    return {e.kind.value: e for e in report.imported}


def test_tag_a_range_a_region_and_a_whole_item(library, items):
    video, photo, plan = items["video"], items["image"], items["document"]
    moment = tags.add_tag(library, video.id, "wait-time", span=TimeRange(0.5, 2.0), note=" counts to five ").value
    region = tags.add_tag(library, photo.id, "higher-order-questions", region=Region(0.1, 0.2, 0.5, 0.3)).value
    page2 = tags.add_tag(library, plan.id, "higher-order-questions", region=Region(0, 0, 1, 0.5, page=1)).value
    whole = tags.add_tag(library, plan.id, "probing-follow-up").value
    assert moment.note == "counts to five" and moment.span == TimeRange(0.5, 2.0)
    assert [t.id for t in tags.tags_for_evidence(library, plan.id)] == [whole.id, page2.id]
    listed = tags.list_tags(library, video.portfolio_id)
    assert {t.id for t in listed} == {moment.id, region.id, page2.id, whole.id}
    assert tags.get_tag(library, moment.id[:5]) == moment


@pytest.mark.parametrize(
    "span,message",
    [
        (TimeRange(-1, 2), "before the beginning"),
        (TimeRange(2, 1), "must come after"),
        (TimeRange(1, 1), "must come after"),
        (TimeRange(1, 9), "past the end"),
        (TimeRange(5, 9), "after the end"),
        (TimeRange(float("nan"), 2), "numbers"),
    ],
)
def test_bad_ranges_are_refused_with_the_reason(library, items, span, message):
    with pytest.raises(InvalidInputError, match=message):
        tags.add_tag(library, items["video"].id, "wait-time", span=span)
    assert tags.tags_for_evidence(library, items["video"].id) == []


def test_a_range_ending_a_hair_past_the_end_is_clamped(library, items):
    video = items["video"]
    tag = tags.add_tag(library, video.id, "wait-time", span=TimeRange(1, video.duration_s + 0.02)).value
    assert tag.span.end_s == video.duration_s


@pytest.mark.parametrize(
    "region,message",
    [
        (Region(0.8, 0.1, 0.5, 0.5), "outside the picture"),
        (Region(0.1, 0.1, 0, 0.5), "width and height above 0"),
        (Region(-0.1, 0.1, 0.2, 0.2), "x and y of 0 or more"),
        (Region(0.1, 0.1, 0.2, 0.2, page=5), "has 2 pages"),
    ],
)
def test_bad_regions_are_refused(library, items, region, message):
    with pytest.raises(InvalidInputError, match=message):
        tags.add_tag(library, items["document"].id, "higher-order-questions", region=region)


def test_unknown_criterion_and_wrong_shape(library, items):
    with pytest.raises(InvalidInputError, match="no criterion 'eye-contact'.*wait-time"):
        tags.add_tag(library, items["video"].id, "eye-contact", span=TimeRange(0, 1))
    with pytest.raises(InvalidInputError, match="tag a time range"):
        tags.add_tag(library, items["video"].id, "wait-time", region=Region(0, 0, 1, 1))
    with pytest.raises(InvalidInputError, match="tag a region"):
        tags.add_tag(library, items["image"].id, "wait-time", span=TimeRange(0, 1))
    with pytest.raises(NotFoundError):
        tags.add_tag(library, "nope", "wait-time")


def test_edit_and_delete_and_restore_keep_assessment_links(library, portfolio, items):
    video = items["video"]
    tag = tags.add_tag(library, video.id, "wait-time", span=TimeRange(0, 1)).value
    saved = rubric.assess(library, portfolio.id, "wait-time", "demonstrated", "I wait.").value
    assert saved.previous is None and saved.value.tag_ids == (tag.id,)
    later = tags.add_tag(library, video.id, "wait-time", span=TimeRange(1, 2)).value  # joins the assessment
    assert rubric.get_assessments(library, portfolio.id)["wait-time"].tag_ids == (tag.id, later.id)

    deleted = tags.delete_tag(library, tag.id).value
    assert rubric.get_assessments(library, portfolio.id)["wait-time"].tag_ids == (later.id,)
    tags.restore_tag(library, deleted)
    assert set(rubric.get_assessments(library, portfolio.id)["wait-time"].tag_ids) == {tag.id, later.id}
    assert tags.get_tag(library, tag.id) == tag

    moved = tags.edit_tag(library, tag.__class__(**{**tag.__dict__, "criterion_id": "probing-follow-up"})).value
    assert moved.criterion_id == "probing-follow-up"
    assert rubric.get_assessments(library, portfolio.id)["wait-time"].tag_ids == (later.id,)


def test_markers_become_tags_in_one_step(library, items):
    video = items["video"]
    first = add_marker(library, video.id, 0.5, "first question").value
    second = add_marker(library, video.id, 2.5).value
    made = tags.tag_markers(library, video.id, "wait-time", [first.id, second.id]).value
    assert [(t.span.start_s, t.span.end_s) for t in made] == [(0.0, video.duration_s), (0.0, video.duration_s)]
    assert made[0].note == "first question"
    with pytest.raises(NotFoundError):
        tags.tag_markers(library, video.id, "wait-time", ["zzz"])


def test_answers_save_and_replace(library, portfolio):
    first = rubric.save_response(library, portfolio.id, "class-context", "Twenty-four students.").value
    rubric.save_response(library, portfolio.id, "class-context", "Twenty-four students, six learning English.")
    answers = rubric.get_responses(library, portfolio.id)
    assert answers["class-context"].text.endswith("English.") and first.prompt_id == "class-context"
    with pytest.raises(InvalidInputError, match="no prompt 'why'"):
        rubric.save_response(library, portfolio.id, "why", "text")
    with pytest.raises(InvalidInputError, match="characters long"):
        rubric.save_response(library, portfolio.id, "class-context", "x" * (rubric.MAX_ANSWER_CHARS + 1))
    assert rubric.get_responses(library, portfolio.id)["class-context"].text.endswith("English.")


def test_assess_validates_and_undoes(library, portfolio, items):
    with pytest.raises(InvalidInputError, match="no level 'excellent'.*demonstrated"):
        rubric.assess(library, portfolio.id, "wait-time", "excellent")
    with pytest.raises(InvalidInputError, match="no criterion"):
        rubric.assess(library, portfolio.id, "eye-contact", "demonstrated")
    first = rubric.assess(library, portfolio.id, "wait-time", "progressing", "Some wait.").value
    second = rubric.assess(library, portfolio.id, "wait-time", "demonstrated").value
    assert second.value.justification == "Some wait." and second.previous == first.value
    other = tags.add_tag(library, items["video"].id, "probing-follow-up", span=TimeRange(0, 1)).value
    with pytest.raises(InvalidInputError, match="not a tag for"):
        rubric.assess(library, portfolio.id, "wait-time", "demonstrated", tag_ids=[other.id])
    rubric.restore_assessment(library, portfolio.id, "wait-time", second.previous)
    assert rubric.get_assessments(library, portfolio.id)["wait-time"].level_id == "progressing"
    rubric.restore_assessment(library, portfolio.id, "wait-time", None)
    assert "wait-time" not in rubric.get_assessments(library, portfolio.id)


def test_link_requirement_and_undo(library, portfolio, items):
    video, photo = items["video"], items["image"]
    previous = rubric.link_requirement(library, [video.id], "classroom-video").value
    assert previous == {video.id: None} and get_evidence(library, video.id).requirement_id == "classroom-video"
    rubric.link_requirement(library, [video.id, photo.id], "student-responses")
    rubric.restore_requirements(library, {video.id: "classroom-video", photo.id: None})
    assert get_evidence(library, video.id).requirement_id == "classroom-video"
    assert get_evidence(library, photo.id).requirement_id is None
    with pytest.raises(InvalidInputError, match="no requirement 'homework'"):
        rubric.link_requirement(library, [video.id], "homework")


def test_search_finds_titles_notes_and_answers_and_skips_the_trash(library, portfolio, items):
    video = items["video"]
    tag = tags.add_tag(library, video.id, "wait-time", span=TimeRange(0, 1), note="Maya explains photosynthesis").value
    rubric.save_response(library, portfolio.id, "class-context", "Photosynthesis unit, grade seven.")
    hits = search(library, "photosynth")
    assert {(h.kind, h.tag_id or h.prompt_id) for h in hits} == {
        (HitKind.TAG, tag.id),
        (HitKind.RESPONSE, "class-context"),
    }
    tag_hit = next(h for h in hits if h.kind == HitKind.TAG)
    assert tag_hit.evidence_id == video.id and tag_hit.title == video.title
    assert HIGHLIGHT_START in tag_hit.snippet and "Maya" in tag_hit.plain_snippet
    assert [h.kind for h in search(library, "maya photo")] == [HitKind.TAG]  # every word must appear
    assert search(library, "lesson")[0].evidence_id == video.id  # titles are searched (lesson.mp4)
    tags.edit_tag(library, tag.__class__(**{**tag.__dict__, "note": "Sam asks why"}))
    assert search(library, "maya") == [] and len(search(library, "sam")) == 1
    delete_evidence(library, video.id)
    assert search(library, "sam") == [] and search(library, "lesson") == []
    assert len(search(library, "grade seven", portfolio.id)) == 1
    delete_portfolio(library, portfolio.id)
    assert search(library, "grade seven") == []
    assert search(library, '"" * AND') == []  # FTS syntax typed by a user is taken as words
