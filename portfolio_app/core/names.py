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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

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


def fold(text: str) -> tuple[str, Sequence[int]]:
    """`text` without accents, and for each character of it the index it came from in `text`."""
    if text.isascii():  # nothing to fold: most text, read fast
        return text, range(len(text))
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


_SEPARATORS = r"[\s_.\-]+"
_LETTERS = re.compile(r"[^\W\d_]+")


def _words_pattern(name: str, any_case: bool) -> str | None:
    words = [w for w in re.split(_SEPARATORS, fold(name)[0]) if w]
    if not words or sum(len(w) for w in words) < MIN_NAME:
        return None
    # In file names and titles words are joined by hyphens, underscores and dots as often as spaces.
    between = _SEPARATORS if any_case else r"[\s\-]+"
    return between.join(re.escape(w) for w in words)


@dataclass(frozen=True)
class _Prepared:
    pattern: re.Pattern[str] | None  # every name, longest first: a text is scanned once however long the roster
    by_key: dict[str, NameToFind]
    teacher: re.Pattern[str] | None
    first_words: frozenset[str]  # a text with none of these words has no name: the regex is skipped
    verdicts: dict[str, bool] = field(default_factory=dict)  # may_name's answers, by text


# may_name remembers its answer for short texts (titles, tag notes: thousands per portfolio, the
# same at every check), not for answers or PDF pages, which change as they are typed or are few.
_VERDICTS_KEPT = 20_000
_VERDICT_TEXT_CHARS = 300  # so the memory they hold stays under ~6 MB per roster


@lru_cache(maxsize=32)
def _prepare(names: tuple[NameToFind, ...], teacher: str, any_case: bool) -> _Prepared:
    teacher_words = {name_key(w) for w in teacher.split()} | {name_key(teacher)}
    by_key: dict[str, NameToFind] = {}
    for name in names:
        if name_key(name.text) not in teacher_words:
            by_key.setdefault(_match_key(name.text), name)
    texts = sorted((n.text for n in by_key.values()), key=lambda t: (-len(t), t))
    alternatives = [p for p in (_words_pattern(t, any_case) for t in texts) if p]
    pattern = (
        re.compile(_BEFORE + "(?:" + "|".join(alternatives) + ")" + _AFTER, re.IGNORECASE) if alternatives else None
    )
    whole = _words_pattern(teacher, True) if len(teacher.split()) > 1 else None
    teacher_pattern = re.compile(_BEFORE + whole + _AFTER, re.IGNORECASE) if whole else None
    first = frozenset(w.split()[0] for w in by_key if w)
    return _Prepared(pattern, by_key, teacher_pattern, first)


_RECENT: dict[tuple[int, str, bool], tuple[Sequence[NameToFind], _Prepared]] = {}


def _prepared_for(names: Sequence[NameToFind], teacher: str, any_case: bool) -> _Prepared:
    """`_prepare` without hashing every name again when the same roster object checks many texts.
    The roster object is held while cached, so its id cannot be another object's meanwhile."""
    key = (id(names), teacher, any_case)
    hit = _RECENT.get(key)
    if hit is not None and hit[0] is names:
        return hit[1]
    if len(_RECENT) >= 16:
        _RECENT.clear()
    prepared = _prepare(tuple(names), teacher, any_case)
    _RECENT[key] = (names, prepared)
    return prepared


def find_names(text: str, names: Sequence[NameToFind], *, any_case: bool = False, teacher: str = "") -> list[NameHit]:
    """Every roster name in `text`, in order, longest first where two overlap ("Maya Rossi" over "Maya").

    `any_case`: titles and file names; otherwise only capitalised words count. Words of `teacher`
    (the profile's name) are the teacher's, not a student's.
    """
    if not may_name(text, names, any_case=any_case, teacher=teacher):
        return []
    prepared = _prepared_for(names, teacher, any_case)
    folded, origin = fold(text)
    masked = [m.span() for m in prepared.teacher.finditer(folded)] if prepared.teacher else []
    hits: list[NameHit] = []
    for match in prepared.pattern.finditer(folded):
        start, end = match.span()
        if any(start < b and a < end for a, b in masked):
            continue
        if not any_case and not all(word[0].isupper() for word in re.split(_SEPARATORS, match.group()) if word):
            continue
        name = prepared.by_key.get(_match_key(match.group()))
        if name is None:
            continue
        first, last = origin[start], origin[end - 1] + 1
        hits.append(NameHit(name, first, last, text[first:last]))
    return hits


def may_name(text: str, names: Sequence[NameToFind], *, any_case: bool = False, teacher: str = "") -> bool:
    """False when `text` surely holds none of `names`: none of its words is a name's first word.

    A quick test (find_names says which names, and where); its answer for a short text is remembered
    for the roster, so a portfolio's thousands of tag notes are read once, not at every check.
    """
    if not text or not names:
        return False
    prepared = _prepared_for(names, teacher, any_case)
    if prepared.pattern is None:
        return False
    verdict = prepared.verdicts.get(text)
    if verdict is None:
        verdict = not prepared.first_words.isdisjoint(_LETTERS.findall(fold(text)[0].casefold()))
        if len(text) <= _VERDICT_TEXT_CHARS:
            if len(prepared.verdicts) >= _VERDICTS_KEPT:
                prepared.verdicts.clear()
            prepared.verdicts[text] = verdict
    return verdict


def name_filter(names: Sequence[NameToFind], teacher: str = "") -> Callable[[str, bool], bool]:
    """`may_name` for one roster and teacher, as `check(text, any_case)`: thousands of texts go
    through it with a lookup each once their answers are remembered."""
    if not names:
        return lambda _text, _any_case: False
    remembered = {any_case: _prepared_for(names, teacher, any_case).verdicts for any_case in (False, True)}

    def check(text: str, any_case: bool) -> bool:
        verdict = remembered[any_case].get(text)
        return may_name(text, names, any_case=any_case, teacher=teacher) if verdict is None else verdict

    return check


def _match_key(words: str) -> str:
    """A name as matched in any of its spellings ("maya_rossi", "Mary-Jo") to the roster's name."""
    return name_key(re.sub(_SEPARATORS, " ", fold(words)[0]))


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
