"""What stands between a portfolio and a submittable bundle: one function, three users.

The checklist in the window, `portfolio check` and the export gate all read `check_readiness`.
Each item says what is wrong, where it is fixed (a prompt, a requirement, a piece of evidence or
a criterion) and what to do, in words a teacher can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from portfolio_app.core.checklist_items import Place, ReadinessItem, Rule
from portfolio_app.core.credential import Credential, EvidenceKind, Part
from portfolio_app.core.feedback import RESUBMISSION_NOTE, Resubmission
from portfolio_app.core.kept_faces import KeptFace, kept_face_items
from portfolio_app.core.name_findings import TagNote, TextSpot, content_spots, name_items, unchecked_items
from portfolio_app.core.names import NameToFind, name_filter
from portfolio_app.core.portfolio import Evidence, Portfolio, Response, SelfAssessment, Tag
from portfolio_app.core.roster import RECORDING_KINDS, Student, consent_needed, hides_students, without_consent
from portfolio_app.core.text import count_words

# An answer under this share of its limit (when the prompt sets no minimum) is "far under" it:
# reviewers read a 20-word answer to a 250-word prompt as a missing one.
FAR_UNDER_SHARE = 0.2
MB = 1_000_000


@dataclass(frozen=True)
class PortfolioContent:
    """Everything readiness looks at, read in one go."""

    credential: Credential
    evidence: tuple[Evidence, ...]  # the portfolio's evidence, deleted items excluded
    tags: tuple[Tag, ...]
    responses: Mapping[str, Response]  # by prompt id
    assessments: Mapping[str, SelfAssessment]  # by criterion id
    privacy_problems: tuple[ReadinessItem, ...] = field(default=())  # found by other privacy checks
    # The students said to appear in each evidence item, by evidence id, with their consents.
    students: Mapping[str, tuple[Student, ...]] = field(default_factory=dict)
    # The evidence that has tags, by criterion: all readiness needs of the tags. A library reads it
    # in one grouped query instead of every tag; None derives it from `tags`.
    tagged: Mapping[str, frozenset[str]] | None = None
    # A later attempt: what the reviewer found met and not met the time before.
    resubmission: Resubmission | None = None
    # Students' names (core.names): the roster's names, the teacher's own name, the portfolio's title,
    # the text inside submitted files (PDF text layers, metadata: read by services), the (spot, name)
    # pairs the teacher said are not a student's name, and the evidence whose names the teacher
    # confirmed covered (None: confirmations are not tracked, as in content made without a library).
    names: tuple[NameToFind, ...] = ()
    teacher: str = ""
    portfolio_title: str = ""
    file_spots: tuple[TextSpot, ...] = ()
    dismissed: frozenset[tuple[str, str]] = frozenset()
    names_covered: frozenset[str] | None = None
    # The faces each blurred copy keeps unblurred and whose they are, by the copy's evidence id.
    kept_faces: Mapping[str, tuple[KeptFace, ...]] = field(default_factory=dict)
    noted_tags: tuple[TagNote, ...] | None = None  # the tags' notes, when `tags` is not read (None: `tags`)

    def tagged_evidence(self) -> Mapping[str, frozenset[str]]:
        if self.tagged is not None:
            return self.tagged
        found: dict[str, set[str]] = {}
        for tag in self.tags:
            found.setdefault(tag.criterion_id, set()).add(tag.evidence_id)
        return {criterion: frozenset(ids) for criterion, ids in found.items()}


def submitted_evidence(content: PortfolioContent) -> tuple[Evidence, ...]:
    """The evidence that goes into the bundle: what is linked to a Part 2 requirement."""
    known = {r.id for r in content.credential.work_examples.requirements}
    return tuple(e for e in content.evidence if e.requirement_id in known)


def check_readiness(content: PortfolioContent) -> list[ReadinessItem]:
    """Every problem, in the order of the credential: Part 1, Part 2, rubric, then privacy.

    A resubmission leads with what was not met: its note to the reviewer, then the items of the
    criteria the reviewer scored below passing, then the rest.
    """
    items = [
        *_responses(content),
        *_requirements(content),
        *_criteria(content),
        *_privacy(content),
        *_kept_faces(content),
        *_student_names(content),
        *content.privacy_problems,
    ]
    resubmission = content.resubmission
    if resubmission is None:
        return items
    lead = [i for i in items if i.place == Place.CRITERION and i.target in resubmission.not_met]
    return [*_resubmission_note(content, resubmission), *lead, *(i for i in items if i not in lead)]


def _resubmission_note(content: PortfolioContent, resubmission: Resubmission) -> Iterable[ReadinessItem]:
    note = content.responses.get(RESUBMISSION_NOTE)
    if note is not None and count_words(note.text) > 0:
        return
    titles = [c.title for c in content.credential.criteria if c.id in resubmission.not_met]
    not_met = f" Not met last time: {_names(titles)}." if titles else ""
    yield ReadinessItem(
        Rule.RESUBMISSION_NOTE,
        Place.PROMPT,
        RESUBMISSION_NOTE,
        "The resubmission note for the reviewer is not written yet." + not_met,
        "Say what you changed since the last attempt, and why.",
    )


def _student_names(content: PortfolioContent) -> list[ReadinessItem]:
    """Roster names in what the bundle carries; files whose names only the teacher can check."""
    submitted = submitted_evidence(content)
    items = []
    if content.names:  # no roster, no name to find: the text is not read at all
        spots = content_spots(
            content.credential,
            content.portfolio_title,
            submitted,
            content.tags if content.noted_tags is None else content.noted_tags,
            content.responses.values(),
            content.assessments.values(),
            keep=name_filter(content.names, content.teacher),
        )
        items = name_items([*spots, *content.file_spots], content.names, content.teacher, content.dismissed)
    if content.names_covered is not None:
        by_id = {e.id: e for e in content.evidence}
        hidden = {e.id: _hidden(e, by_id) for e in submitted}
        items += unchecked_items(submitted, content.names_covered, hidden)
    return items


def _responses(content: PortfolioContent) -> Iterable[ReadinessItem]:
    for prompt in content.credential.prompts:
        response = content.responses.get(prompt.id)
        words = count_words(response.text) if response else 0
        name = f"“{_short(prompt.text)}”"
        if words == 0:
            yield ReadinessItem(
                Rule.UNANSWERED, Place.PROMPT, prompt.id, f"{name} is not answered yet.", "Write your answer."
            )
        elif words > prompt.max_words:
            yield ReadinessItem(
                Rule.OVER_WORD_LIMIT,
                Place.PROMPT,
                prompt.id,
                f"Your answer to {name} has {words} words; the limit is {prompt.max_words}.",
                f"Cut {words - prompt.max_words} words.",
            )
        else:
            floor = prompt.min_words or int(prompt.max_words * FAR_UNDER_SHARE)
            if words < floor:
                yield ReadinessItem(
                    Rule.UNDER_WORD_LIMIT,
                    Place.PROMPT,
                    prompt.id,
                    f"Your answer to {name} has {words} words; reviewers expect at least {floor} "
                    f"(the limit is {prompt.max_words}).",
                    "Say more: give concrete details about your students and your lesson.",
                )


def _requirements(content: PortfolioContent) -> Iterable[ReadinessItem]:
    for requirement in content.credential.work_examples.requirements:
        linked = [e for e in content.evidence if e.requirement_id == requirement.id]
        fitting = [e for e in linked if fits(e.kind, requirement.kinds)]
        kinds = _kinds(requirement.kinds, plural=requirement.min_count > 1)
        for evidence in linked:
            if not fits(evidence.kind, requirement.kinds):
                yield ReadinessItem(
                    Rule.WRONG_KIND,
                    Place.EVIDENCE,
                    evidence.id,
                    f"“{evidence.title}” is {_a(evidence.kind)}, but “{requirement.title}” asks for {kinds}.",
                    "Link it to another requirement, or replace it.",
                )
        if len(fitting) < requirement.min_count:
            missing = requirement.min_count - len(fitting)
            yield ReadinessItem(
                Rule.TOO_FEW_EVIDENCE,
                Place.REQUIREMENT,
                requirement.id,
                f"“{requirement.title}” needs {requirement.min_count} {kinds} ({len(fitting)} linked so far).",
                f"Import or record {missing} more and link {'it' if missing == 1 else 'them'} to this requirement.",
            )
        if requirement.max_count is not None and len(fitting) > requirement.max_count:
            yield ReadinessItem(
                Rule.TOO_MANY_EVIDENCE,
                Place.REQUIREMENT,
                requirement.id,
                f"“{requirement.title}” takes at most {requirement.max_count} ({len(fitting)} linked).",
                "Unlink the ones you do not want reviewers to see.",
            )
        for evidence in fitting:
            yield from _limits(evidence, requirement.max_video_seconds, requirement.max_file_mb)


def _limits(evidence: Evidence, max_seconds: int | None, max_mb: int | None) -> Iterable[ReadinessItem]:
    timed = evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO)
    if timed and max_seconds and evidence.duration_s and evidence.duration_s > max_seconds + 0.5:
        yield ReadinessItem(
            Rule.VIDEO_TOO_LONG,
            Place.EVIDENCE,
            evidence.id,
            f"“{evidence.title}” runs {_clock(evidence.duration_s)}; the limit is {_clock(max_seconds)}.",
            "Trim it to the part that shows your practice (Trim…).",
        )
    if max_mb and evidence.size_bytes and evidence.size_bytes > max_mb * MB:
        yield ReadinessItem(
            Rule.FILE_TOO_LARGE,
            Place.EVIDENCE,
            evidence.id,
            f"“{evidence.title}” is {evidence.size_bytes / MB:.0f} MB; the limit is {max_mb} MB.",
            "Make a smaller copy (Compress…) and link that instead." if timed else "Use a smaller file.",
        )


def _criteria(content: PortfolioContent) -> Iterable[ReadinessItem]:
    submitted = {e.id for e in submitted_evidence(content)}
    titles = {e.id: e.title for e in content.evidence}
    tagged = content.tagged_evidence()
    for criterion in content.credential.criteria:
        name = f"“{criterion.title}”"
        assessment = content.assessments.get(criterion.id)
        if assessment is None:
            yield ReadinessItem(
                Rule.NOT_ASSESSED,
                Place.CRITERION,
                criterion.id,
                f"You have not rated yourself on {name}.",
                "Choose the level your evidence shows and say why.",
            )
        elif not criterion.passes(assessment.level_id):
            passing = criterion.level(criterion.passing_level).label
            yield ReadinessItem(
                Rule.BELOW_PASSING,
                Place.CRITERION,
                criterion.id,
                f"You rated {name} “{criterion.level(assessment.level_id).label}”; passing is “{passing}”.",
                "Add stronger evidence, or wait to submit until your practice shows it.",
            )
        if criterion.part != Part.WORK_EXAMPLES:
            continue  # Part 1 and Part 3 criteria are shown by the written answers
        with_tags = tagged.get(criterion.id, frozenset())
        if not with_tags & submitted:
            unlinked = sorted({titles[e] for e in with_tags if e in titles})
            hint = (
                f" Tags on {', '.join(f'“{t}”' for t in unlinked)} count once "
                f"{'it is' if len(unlinked) == 1 else 'they are'} linked to a requirement."
                if unlinked
                else ""
            )
            yield ReadinessItem(
                Rule.NO_TAGGED_EVIDENCE,
                Place.CRITERION,
                criterion.id,
                f"No evidence is tagged for {name}.{hint}",
                "Tag the moment or region of your evidence that shows it.",
            )


def _privacy(content: PortfolioContent) -> Iterable[ReadinessItem]:
    """Submitted evidence must say who appears in it, and show only students who consented."""
    by_id = {e.id: e for e in content.evidence}
    for evidence in submitted_evidence(content):
        name = f"“{evidence.title}”"
        if evidence.students_appear is None:
            if evidence.kind in RECORDING_KINDS:
                yield ReadinessItem(
                    Rule.PRIVACY,
                    Place.EVIDENCE,
                    evidence.id,
                    f"Say whether students appear in {name}.",
                    "Choose Students… under it on the Evidence tab and tick who appears, or “No students appear”.",
                )
            continue
        if not evidence.students_appear:
            continue
        students = content.students.get(evidence.id, ())
        if not students:
            yield ReadinessItem(
                Rule.PRIVACY,
                Place.EVIDENCE,
                evidence.id,
                f"Say which students appear in {name}.",
                "Choose Students… under it on the Evidence tab and tick each student who appears.",
            )
            continue
        lacking = without_consent(evidence.kind, students)
        if lacking and not _hidden(evidence, by_id):
            names = _names([s.name for s in lacking])
            who = "has" if len(lacking) == 1 else "have"
            yield ReadinessItem(
                Rule.PRIVACY,
                Place.EVIDENCE,
                evidence.id,
                f"{name} {'records' if evidence.kind == EvidenceKind.AUDIO else 'shows'} {names}, "
                f"who {who} no {consent_needed(evidence.kind)} consent.",
                _HIDE[evidence.kind],
            )


def _hidden(evidence: Evidence, by_id: Mapping[str, Evidence]) -> bool:
    """Whether the item, or an item it was made from, is a blurred or redacted copy: a trim of a
    blurred video is still blurred. (Faces such a copy keeps are checked by `_kept_faces`.)"""
    return _hiding_copy(evidence, by_id) is not None


def _hiding_copy(evidence: Evidence, by_id: Mapping[str, Evidence]) -> Evidence | None:
    """The blurred or redacted copy the item is, or was made from; None if there is none."""
    seen: set[str] = set()
    item: Evidence | None = evidence
    while item is not None and item.id not in seen:
        if hides_students(item.derivation):
            return item
        seen.add(item.id)
        item = by_id.get(item.derived_from) if item.derived_from else None
    return None


def _kept_faces(content: PortfolioContent) -> Iterable[ReadinessItem]:
    """A blurred copy hides only the faces it blurs: each kept face must be someone's who may be shown."""
    if not content.kept_faces:
        return
    by_id = {e.id: e for e in content.evidence}
    for evidence in submitted_evidence(content):
        copy = _hiding_copy(evidence, by_id)
        if copy is not None and copy.id in content.kept_faces:
            yield from kept_face_items(evidence, copy.title, content.kept_faces[copy.id])


_HIDE = {  # what to do about students without consent, by kind of evidence
    EvidenceKind.VIDEO: "Blur their faces (Blur Faces…) and link the blurred copy, or leave this item out.",
    EvidenceKind.IMAGE: "Blur their faces (Blur Faces…) and link the blurred copy, or leave this item out.",
    EvidenceKind.DOCUMENT: "Redact their names and faces (Redact…) and link the redacted copy, or leave this item out.",
    EvidenceKind.AUDIO: "Cut out where they are heard (Trim…), untick them in the copy's Students…, and link it; "
    "or leave this item out.",
}


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def fits(kind: EvidenceKind, kinds: tuple[EvidenceKind, ...]) -> bool:
    """Evidence of `kind` can fulfil a requirement asking for `kinds`: a note the teacher wrote in the
    app is a written document too (a lesson plan, a reflection), exported as a text file."""
    return kind in kinds or (kind == EvidenceKind.NOTE and EvidenceKind.DOCUMENT in kinds)


def _kinds(kinds: tuple[EvidenceKind, ...], plural: bool = False) -> str:
    names = [f"{k}s" if plural and k != EvidenceKind.AUDIO else str(k) for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _a(kind: EvidenceKind) -> str:
    return f"an {kind}" if str(kind)[0] in "aeiou" else f"a {kind}"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Readiness:
    """What a portfolio still lacks before it can be exported (nothing: it is ready)."""

    portfolio: Portfolio
    items: tuple[ReadinessItem, ...]
    resubmission: Resubmission | None = None  # a later attempt: what was met and not met before

    @property
    def ready(self) -> bool:
        return not self.items
