"""Students' names in text that would leave the laptop: the rule the checklist and the export gate use.

The roster feeds it (a student's first name or pseudonym, and any full names the teacher adds).
A name matches as a whole word, without regard to accents ("Zoe" finds "Zoë"), possessives
included ("Maya's"). In running text (notes, answers) only a capitalised name counts, so a class
with a Will, a May or a Grace does not flag every "will" and "may"; in titles and file names,
where people type "exit-ticket-maya", any case counts. The teacher's own name is never a finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_NAME = 2  # a one-letter "name" would match initials everywhere


@dataclass(frozen=True)
class NameToFind:
    """One name of one student, and what replaces it in text that leaves the laptop."""

    text: str  # as the roster has it: "Maya", "Maya Rossi"
    student_id: str
    student: str  # the student's roster name, for messages
    replacement: str  # the student's pseudonym, or "Student A"


@dataclass(frozen=True)
class NameHit:
    """Where a name was found: `text[start:end]` of the text searched."""

    name: NameToFind
    start: int
    end: int
    found: str  # the words as written ("maya", "Zoë's" without the "'s")


def fold(text: str) -> tuple[str, list[int]]:
    """`text` without accents, and for each character of it the index it came from in `text`."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                out.append(part)
                origin.append(index)
    return "".join(out), origin


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same without regard to case, accents and spacing."""
    return name_key(a) == name_key(b)


def name_key(name: str) -> str:
    """A name without case, accents or extra spaces: how names are compared and remembered."""
    return " ".join(fold(name)[0].casefold().split())


# A name starts and ends where letters do not go on: "Maya" in "exit-ticket-maya", "Maya's",
# "Maya2" and "maya_rossi", never in "Mayan".
_BEFORE = r"(?<![^\W\d_])"
_AFTER = r"(?![^\W\d_])"


def _pattern(name: str, any_case: bool) -> re.Pattern[str] | None:
    words = fold(name)[0].split()
    if not words or sum(len(w) for w in words) < MIN_NAME:
        return None
    # In file names and titles words are joined by hyphens, underscores and dots as often as spaces.
    between = r"[\s_.\-]+" if any_case else r"\s+"
    return re.compile(_BEFORE + between.join(re.escape(w) for w in words) + _AFTER, re.IGNORECASE)


def find_names(text: str, names: Sequence[NameToFind], *, any_case: bool = False, teacher: str = "") -> list[NameHit]:
    """Every roster name in `text`, in order, longest first where two overlap ("Maya Rossi" over "Maya").

    `any_case`: titles and file names; otherwise only capitalised words count. Words of `teacher`
    (the profile's name) are the teacher's, not a student's.
    """
    if not text or not names:
        return []
    folded, origin = fold(text)
    teacher_words = {name_key(w) for w in teacher.split()}
    masked = _teacher_spans(folded, teacher)
    hits: list[NameHit] = []
    taken: list[tuple[int, int]] = list(masked)
    for name in sorted(names, key=lambda n: -len(n.text)):
        if name_key(name.text) in teacher_words or name_key(name.text) == name_key(teacher):
            continue
        pattern = _pattern(name.text, any_case)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if not any_case and not all(word[0].isupper() for word in match.group().split()):
                continue
            taken.append((start, end))
            first, last = origin[start], origin[end - 1] + 1
            hits.append(NameHit(name, first, last, text[first:last]))
    return sorted(hits, key=lambda h: h.start)


def _teacher_spans(folded: str, teacher: str) -> list[tuple[int, int]]:
    pattern = _pattern(teacher, any_case=True) if len(teacher.split()) > 1 else None
    return [m.span() for m in pattern.finditer(folded)] if pattern else []


def replace_names(text: str, hits: Iterable[NameHit]) -> str:
    """`text` with each hit replaced by its student's replacement ("Maya's" -> "Student A's")."""
    out, at = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        out.append(text[at : hit.start])
        out.append(hit.name.replacement)
        at = hit.end
    out.append(text[at:])
    return "".join(out)


def student_letter(position: int) -> str:
    """'Student A' for the first student of a class, … 'Student Z', then 'Student AA'."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Student {letters}"
