"""Students' names in what a bundle carries, as checklist items that name the place and the fix.

Every piece of text a bundle would carry is a `TextSpot` with a key saying exactly where it is:

| spot | text |
|---|---|
| `portfolio:title` | the portfolio's title (viewer, report) |
| `evidence:ID:title`, `evidence:ID:note` | a submitted item's title and note |
| `evidence:ID:page:N` | the text layer of page N (from 0) of a submitted PDF |
| `evidence:ID:metadata` | descriptions, titles and comments inside a submitted file |
| `tag:ID` | a tag's note |
| `response:PROMPT_ID`, `assessment:CRITERION_ID` | an answer, a self-assessment's reason |

"Not a student's name" is remembered per spot and name, never for the word everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from portfolio_app.core.checklist_items import Place, ReadinessItem, Rule
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.names import NameToFind, find_names, name_key
from portfolio_app.core.portfolio import Evidence, Response, SelfAssessment, Tag

# Kinds whose files may hold names the app cannot read: handwriting on a photo, text inside an
# office file or a scan, a name said aloud. Each needs the teacher's "names covered" unless hidden.
UNREADABLE_KINDS = frozenset({EvidenceKind.IMAGE, EvidenceKind.DOCUMENT, EvidenceKind.VIDEO, EvidenceKind.AUDIO})


class TagNote(NamedTuple):
    """A tag's note and where it is: all of a tag the names rule reads. A named tuple, not a
    dataclass: a portfolio may have thousands, read at every check, and a tuple is made 3 times faster."""

    id: str
    evidence_id: str
    note: str


@dataclass(frozen=True)
class TextSpot:
    """One piece of text a bundle would carry, and where the window and the fixes find it."""

    spot: str
    place: Place
    target: str  # the id the window jumps to (evidence, prompt, criterion)
    where: str  # in words: "the title of “exit-ticket-maya”"
    text: str
    any_case: bool = False  # titles and file names: names count in any case
    in_file: bool = False  # text inside the file (PDF text, metadata): fixed by redaction or a clean copy


def content_spots(
    credential: Credential,
    portfolio_title: str,
    submitted: Sequence[Evidence],
    tags: Iterable[Tag | TagNote],
    responses: Iterable[Response],
    assessments: Iterable[SelfAssessment],
    keep: Callable[[str, bool], bool] | None = None,
) -> list[TextSpot]:
    """The text of the library's rows that a bundle of this portfolio would carry.

    `keep(text, any_case)`, when given, says which texts are worth a spot (`names.name_filter`):
    a portfolio has thousands of tag notes, and most hold no name.
    """
    wanted = keep or (lambda _text, _any_case: True)
    spots = []
    if wanted(portfolio_title, True):
        spots.append(TextSpot("portfolio:title", Place.PORTFOLIO, "", "the portfolio's title", portfolio_title, True))
    titles = {e.id: e.title for e in submitted}
    for evidence in submitted:
        name = f"“{evidence.title}”"
        if wanted(evidence.title, True):
            spots.append(
                TextSpot(
                    f"evidence:{evidence.id}:title",
                    Place.EVIDENCE,
                    evidence.id,
                    f"the title of {name}",
                    evidence.title,
                    True,
                )
            )
        if evidence.note and wanted(evidence.note, False):
            spots.append(
                TextSpot(
                    f"evidence:{evidence.id}:note", Place.EVIDENCE, evidence.id, f"the note of {name}", evidence.note
                )
            )
    for tag in tags:
        if tag.evidence_id in titles and tag.note and wanted(tag.note, False):
            spots.append(
                TextSpot(
                    f"tag:{tag.id}",
                    Place.EVIDENCE,
                    tag.evidence_id,
                    f"a tag note on “{titles[tag.evidence_id]}”",
                    tag.note,
                )
            )
    for response in responses:
        try:
            prompt = credential.prompt(response.prompt_id).text
        except KeyError:
            continue
        if not wanted(response.text, False):
            continue
        spots.append(
            TextSpot(
                f"response:{response.prompt_id}",
                Place.PROMPT,
                response.prompt_id,
                f"your answer to “{_short(prompt)}”",
                response.text,
            )
        )
    for assessment in assessments:
        if assessment.justification and wanted(assessment.justification, False):
            try:
                title = credential.criterion(assessment.criterion_id).title
            except KeyError:
                continue
            spots.append(
                TextSpot(
                    f"assessment:{assessment.criterion_id}",
                    Place.CRITERION,
                    assessment.criterion_id,
                    f"your reason for “{title}”",
                    assessment.justification,
                )
            )
    return spots


def name_items(
    spots: Iterable[TextSpot],
    names: Sequence[NameToFind],
    teacher: str,
    dismissed: Collection[tuple[str, str]] = (),
) -> list[ReadinessItem]:
    """One item per student name per spot, unless the teacher said it is not a student's name there.

    `dismissed` holds (spot, name) pairs, the name folded as `dismissal_key` folds it.
    """
    items = []
    for spot in spots:
        seen: set[str] = set()
        for hit in find_names(spot.text, names, any_case=spot.any_case, teacher=teacher):
            key = dismissal_key(hit.name.text)
            if key in seen or (spot.spot, key) in dismissed:
                continue
            seen.add(key)
            items.append(
                ReadinessItem(
                    Rule.STUDENT_NAME,
                    spot.place,
                    spot.target,
                    f"“{hit.found}” ({hit.name.student}, a student) is named in {spot.where}.",
                    _FIX_IN_FILE if spot.in_file else _fix(hit.name, spot),
                    spot=spot.spot,
                    name=hit.name.text,
                )
            )
    return items


def unchecked_items(
    submitted: Iterable[Evidence], covered: Collection[str], hidden: Mapping[str, bool]
) -> list[ReadinessItem]:
    """A "names covered?" item for each submitted photo, document and recording not confirmed,
    unless it is a redacted or blurred copy (`hidden` by evidence id)."""
    items = []
    for evidence in submitted:
        if evidence.kind not in UNREADABLE_KINDS or evidence.id in covered or hidden.get(evidence.id):
            continue
        items.append(
            ReadinessItem(
                Rule.NAMES_UNCHECKED,
                Place.EVIDENCE,
                evidence.id,
                f"Check “{evidence.title}” for students' names the app cannot read: {_UNREADABLE[evidence.kind]}.",
                "Cover or cut any you find (Redact…, Blur Faces…, Trim…), then confirm “Names covered”.",
                spot=f"evidence:{evidence.id}",
            )
        )
    return items


def dismissal_key(name: str) -> str:
    """How a dismissed name is remembered: without case, accents or extra spaces."""
    return name_key(name)


def _fix(name: NameToFind, spot: TextSpot) -> str:
    rename = "rename it, " if spot.spot.endswith(":title") else "edit it, "
    return (
        f"Replace it with “{name.replacement}”, {rename}"
        "or, if it is not this student, mark it “Not a student's name” here."
    )


_FIX_IN_FILE = (
    "It is inside the file: redact it on the PDF page (Redact Names), or link a copy without "
    "its details (Copy Without Location); if it is not this student, mark it “Not a student's name” here."
)

_UNREADABLE = {
    EvidenceKind.IMAGE: "handwriting or labels in the picture",
    EvidenceKind.DOCUMENT: "handwriting, scanned pages or text inside an office file",
    EvidenceKind.VIDEO: "names said aloud, written on boards or name tags",
    EvidenceKind.AUDIO: "names said aloud",
}


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
