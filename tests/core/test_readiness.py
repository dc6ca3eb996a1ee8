"""Every readiness rule, on the real catalog credential, one rule at a time from a ready portfolio."""

from dataclasses import replace

import pytest

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.definition import load_json, parse_credential
from portfolio_app.core.ids import EvidenceId, PortfolioId, TagId
from portfolio_app.core.portfolio import Evidence, Region, Response, SelfAssessment, Tag, TimeRange
from portfolio_app.core.readiness import (
    FAR_UNDER_SHARE,
    Place,
    PortfolioContent,
    ReadinessItem,
    Rule,
    check_readiness,
    submitted_evidence,
)
from portfolio_app.core.text import count_words

P = PortfolioId("p1")
NOW = "2026-11-24T10:00:00.000+00:00"


@pytest.fixture(scope="module")
def credential(catalog_dir_module):
    path = catalog_dir_module / "questioning-to-deepen-thinking.json"
    return parse_credential(load_json(path), path.name)


@pytest.fixture(scope="module")
def catalog_dir_module():
    from tests.conftest import REPO

    return REPO / "resources" / "catalog"


def _words(n: int) -> str:
    return " ".join(["students"] * n)


def _evidence(requirement, kind: EvidenceKind, number: int, **extra) -> Evidence:
    return Evidence(
        id=EvidenceId(f"e{requirement.id}{number}"),
        portfolio_id=P,
        kind=kind,
        title=f"{requirement.title} {number}",
        created_at=NOW,
        requirement_id=requirement.id,
        size_bytes=1000,
        duration_s=60.0 if kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO) else None,
        **extra,
    )


def ready_content(credential) -> PortfolioContent:
    """A portfolio that meets every rule: the starting point each test breaks once."""
    evidence = [_evidence(r, r.kinds[0], n) for r in credential.work_examples.requirements for n in range(r.min_count)]
    tags = []
    for number, criterion in enumerate(credential.criteria):
        target = evidence[number % len(evidence)]
        timed = target.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO)
        tags.append(
            Tag(
                TagId(f"t{number}"),
                target.id,
                criterion.id,
                NOW,
                span=TimeRange(1, 5) if timed else None,
                region=None if timed else Region(0.1, 0.1, 0.2, 0.2),
            )
        )
    responses = {p.id: Response(P, p.id, _words(max(p.min_words, p.max_words // 2)), NOW) for p in credential.prompts}
    assessments = {
        c.id: SelfAssessment(P, c.id, c.passing_level, "Because the clip shows it.", NOW) for c in credential.criteria
    }
    return PortfolioContent(credential, tuple(evidence), tuple(tags), responses, assessments)


def _only(items: list[ReadinessItem]) -> ReadinessItem:
    assert len(items) == 1, items
    return items[0]


def test_a_complete_portfolio_is_ready(credential):
    content = ready_content(credential)
    assert check_readiness(content) == []
    assert len(submitted_evidence(content)) == len(content.evidence)


def test_an_empty_portfolio_lists_every_prompt_requirement_and_criterion(credential):
    empty = PortfolioContent(credential, (), (), {}, {})
    items = check_readiness(empty)
    rules = [i.rule for i in items]
    assert rules.count(Rule.UNANSWERED) == len(credential.prompts)
    assert rules.count(Rule.TOO_FEW_EVIDENCE) == len(credential.work_examples.requirements)
    assert rules.count(Rule.NOT_ASSESSED) == len(credential.criteria)
    part2 = [c for c in credential.criteria if c.part == "part2"]
    assert rules.count(Rule.NO_TAGGED_EVIDENCE) == len(part2)
    # in the credential's order: Part 1 answers first, then requirements, then the rubric
    assert items[0].place == Place.PROMPT and items[-1].place == Place.CRITERION


def test_unanswered_and_blank_answers(credential):
    content = ready_content(credential)
    prompt = credential.prompts[0]
    for text in ("", "   \n ", "— … !"):
        responses = dict(content.responses) | {prompt.id: Response(P, prompt.id, text, NOW)}
        item = _only(check_readiness(replace(content, responses=responses)))
        assert (item.rule, item.place, item.target) == (Rule.UNANSWERED, Place.PROMPT, prompt.id)


def test_answer_over_the_word_limit(credential):
    content = ready_content(credential)
    prompt = credential.prompts[1]
    over = {prompt.id: Response(P, prompt.id, _words(prompt.max_words + 7), NOW)}
    item = _only(check_readiness(replace(content, responses=dict(content.responses) | over)))
    assert item.rule == Rule.OVER_WORD_LIMIT and "Cut 7 words" in item.fix
    exactly = {prompt.id: Response(P, prompt.id, _words(prompt.max_words), NOW)}
    assert check_readiness(replace(content, responses=dict(content.responses) | exactly)) == []


def test_answer_far_under_the_limit_or_under_the_minimum(credential):
    content = ready_content(credential)
    with_minimum = next(p for p in credential.prompts if p.min_words)
    short = {with_minimum.id: Response(P, with_minimum.id, _words(with_minimum.min_words - 1), NOW)}
    item = _only(check_readiness(replace(content, responses=dict(content.responses) | short)))
    assert item.rule == Rule.UNDER_WORD_LIMIT and str(with_minimum.min_words) in item.message
    no_minimum = next(p for p in credential.prompts if not p.min_words)
    floor = int(no_minimum.max_words * FAR_UNDER_SHARE)
    short = {no_minimum.id: Response(P, no_minimum.id, _words(floor - 1), NOW)}
    assert _only(check_readiness(replace(content, responses=dict(content.responses) | short))).target == no_minimum.id
    enough = {no_minimum.id: Response(P, no_minimum.id, _words(floor), NOW)}
    assert check_readiness(replace(content, responses=dict(content.responses) | enough)) == []


def test_requirement_without_enough_evidence(credential):
    content = ready_content(credential)
    requirement = next(r for r in credential.work_examples.requirements if "video" in r.kinds)
    kept = tuple(e for e in content.evidence if e.requirement_id != requirement.id)
    items = check_readiness(replace(content, evidence=kept))
    missing = [i for i in items if i.rule == Rule.TOO_FEW_EVIDENCE]
    assert _only(missing).target == requirement.id and "0 linked" in missing[0].message


def test_evidence_of_the_wrong_kind_does_not_count(credential):
    content = ready_content(credential)
    requirement = next(r for r in credential.work_examples.requirements if r.kinds == ("video",))
    swapped = tuple(
        replace(e, kind=EvidenceKind.IMAGE, duration_s=None) if e.requirement_id == requirement.id else e
        for e in content.evidence
    )
    rules = {i.rule: i for i in check_readiness(replace(content, evidence=swapped))}
    assert Rule.WRONG_KIND in rules and rules[Rule.WRONG_KIND].place == Place.EVIDENCE
    assert rules[Rule.TOO_FEW_EVIDENCE].target == requirement.id


def test_too_many_items_for_a_requirement(credential):
    content = ready_content(credential)
    requirement = next(r for r in credential.work_examples.requirements if r.max_count == 1)
    extra = _evidence(requirement, requirement.kinds[0], 9)
    item = _only(check_readiness(replace(content, evidence=(*content.evidence, extra))))
    assert (item.rule, item.target) == (Rule.TOO_MANY_EVIDENCE, requirement.id)


def test_video_over_the_length_and_size_limits(credential):
    content = ready_content(credential)
    requirement = next(r for r in credential.work_examples.requirements if r.max_video_seconds)
    video = next(e for e in content.evidence if e.requirement_id == requirement.id)
    longer = replace(video, duration_s=requirement.max_video_seconds + 30)
    item = _only(check_readiness(replace(content, evidence=_swap(content, video, longer))))
    assert (item.rule, item.target) == (Rule.VIDEO_TOO_LONG, video.id) and "Trim" in item.fix
    within = replace(video, duration_s=requirement.max_video_seconds + 0.2)  # a rounding, not a longer clip
    assert check_readiness(replace(content, evidence=_swap(content, video, within))) == []
    bigger = replace(video, size_bytes=(requirement.max_file_mb + 1) * 1_000_000)
    item = _only(check_readiness(replace(content, evidence=_swap(content, video, bigger))))
    assert (item.rule, item.target) == (Rule.FILE_TOO_LARGE, video.id) and "Compress" in item.fix


def _swap(content, old, new):
    return tuple(new if e.id == old.id else e for e in content.evidence)


def test_criterion_not_assessed_and_below_passing(credential):
    content = ready_content(credential)
    criterion = credential.criteria[2]
    without = {k: v for k, v in content.assessments.items() if k != criterion.id}
    item = _only(check_readiness(replace(content, assessments=without)))
    assert (item.rule, item.place, item.target) == (Rule.NOT_ASSESSED, Place.CRITERION, criterion.id)
    low = dict(content.assessments) | {criterion.id: SelfAssessment(P, criterion.id, criterion.levels[0].id, "", NOW)}
    item = _only(check_readiness(replace(content, assessments=low)))
    assert item.rule == Rule.BELOW_PASSING and criterion.levels[0].label in item.message


def test_part2_criterion_without_tagged_submitted_evidence(credential):
    content = ready_content(credential)
    criterion = next(c for c in credential.criteria if c.part == "part2")
    untagged = tuple(t for t in content.tags if t.criterion_id != criterion.id)
    item = _only(check_readiness(replace(content, tags=untagged)))
    assert (item.rule, item.target) == (Rule.NO_TAGGED_EVIDENCE, criterion.id)
    # a tag on evidence that is not linked to a requirement does not count, and the item says why
    loose = Evidence(EvidenceId("loose"), P, EvidenceKind.VIDEO, "Spare clip", NOW, duration_s=30)
    tag = Tag(TagId("tx"), loose.id, criterion.id, NOW, span=TimeRange(0, 3))
    item = _only(check_readiness(replace(content, evidence=(*content.evidence, loose), tags=(*untagged, tag))))
    assert item.rule == Rule.NO_TAGGED_EVIDENCE and "Spare clip" in item.message


def test_part1_and_part3_criteria_need_no_tags(credential):
    content = ready_content(credential)
    written = [c.id for c in credential.criteria if c.part != "part2"]
    assert written
    kept = tuple(t for t in content.tags if t.criterion_id not in written)
    assert check_readiness(replace(content, tags=kept)) == []


def test_privacy_items_are_passed_through(credential):
    content = ready_content(credential)
    privacy = ReadinessItem(Rule.PRIVACY, Place.EVIDENCE, "e1", "Faces of students without consent.", "Blur them.")
    assert check_readiness(replace(content, privacy_problems=(privacy,))) == [privacy]


@pytest.mark.parametrize(
    "text,words",
    [("", 0), ("one", 1), ("don't stop", 2), ("well-being of 24 students.", 4), ("— … !", 0), ("學生 很好", 2)],
)
def test_count_words(text, words):
    assert count_words(text) == words
