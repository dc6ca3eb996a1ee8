"""Use cases of students' names that would leave the laptop (the rule is core.names / core.name_findings).

Reading: the roster's names, the text inside submitted files (a PDF's text layer, descriptions
and comments in photos and recordings). Fixing, each with its undo: replace a name at one place
with the student's pseudonym or "Student A", set the text there (rename), redact it on a PDF
page, say it is not a student's name at that place, and confirm a file's names are covered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from portfolio_app.core.changes import Changes
from portfolio_app.core.checklist_items import Place, ReadinessItem, Rule
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError, MediaError, NotFoundError
from portfolio_app.core.name_findings import TextSpot, dismissal_key
from portfolio_app.core.names import NameToFind, find_names, name_key, replace_names, student_letter
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.roster import clean_name
from portfolio_app.services.library import Library
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import names as stored
from portfolio_app.storage import rubric as stored_rubric
from portfolio_app.storage.mediastore import MediaStore

PRIVACY = Changes(privacy=True)
PDF = "application/pdf"


@dataclass(frozen=True)
class TextEdit:
    """What a fix changed at one spot: the text before and after (undo sets `before` back)."""

    portfolio_id: str
    spot: str
    before: str
    after: str


def roster_names(library: Library) -> tuple[NameToFind, ...]:
    """Every name of every student on the library's rosters, with what replaces it."""
    others = stored.other_names(library.db)
    names: list[NameToFind] = []
    position: dict[str, int] = {}
    for student_id, class_id, name in stored.all_students(library.db):
        letter = student_letter(position.setdefault(class_id, 0))
        position[class_id] += 1
        pseudonym, full = others.get(student_id, ("", ()))
        replacement = pseudonym or letter
        for text in (name, *full):
            names.append(NameToFind(text, student_id, name, replacement))
    return tuple(names)


def file_spots(library: Library, submitted: Iterable[Evidence]) -> tuple[TextSpot, ...]:
    """The text inside submitted files: PDF pages, and text metadata of photos and recordings."""
    spots: list[TextSpot] = []
    for e in submitted:
        if e.blob is not None:
            spots += _spots_in_file(library.store, e.id, e.title, e.blob, e.kind, e.media_type)
    return tuple(spots)


# An item's spots change only with its file (a blob never changes) or its title (they name it):
# kept by both, so a portfolio is not walked file by file at every check.
@lru_cache(maxsize=1024)
def _spots_in_file(
    store: MediaStore, evidence_id: str, title: str, blob: str, kind: EvidenceKind, media_type: str | None
) -> tuple[TextSpot, ...]:
    texts = _file_texts(str(store.path(blob)), blob, kind, media_type)
    name = f"“{title}”"
    spots = []
    for key, text in texts:
        if key.startswith("page:"):
            where = f"the text of page {int(key[5:]) + 1} of {name}"
            spots.append(
                TextSpot(f"evidence:{evidence_id}:{key}", Place.EVIDENCE, evidence_id, where, text, in_file=True)
            )
    stored_text = "\n".join(text for key, text in texts if key == "metadata")
    if stored_text:
        where = f"the details stored inside {name} ({stored_text.split(':')[0]}…)"
        spots.append(
            TextSpot(f"evidence:{evidence_id}:metadata", Place.EVIDENCE, evidence_id, where, stored_text, in_file=True)
        )
    return tuple(spots)


@lru_cache(maxsize=512)  # a blob never changes, so neither does its text: keyed by its hash
def _file_texts(path: str, blob: str, kind: EvidenceKind, media_type: str | None) -> tuple[tuple[str, str], ...]:
    """(key, text) of what the file would carry into a bundle: "page:N" or "metadata"."""
    from portfolio_app.media import embedded_text, metadata

    source = Path(path)
    try:
        if kind == EvidenceKind.DOCUMENT and media_type == PDF:
            pages = embedded_text.pdf_page_texts(source)
            found = embedded_text.pdf_text_metadata(source)
            return (
                *((f"page:{n}", t) for n, t in enumerate(pages) if t.strip()),
                *(("metadata", f"{label}: {text}") for label, text in found.items()),
            )
        # Export copies a photo or recording that carries typed words without any of them
        # (media.metadata), so only text it would carry as stored is checked (none, today).
        if kind == EvidenceKind.IMAGE and not metadata.image_has_private_metadata(source):
            found = embedded_text.image_text_metadata(source)
        elif kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO) and not metadata.video_has_private_metadata(source):
            found = embedded_text.recording_text_metadata(source)
        else:
            return ()
    except (OSError, ValueError, MediaError):
        return ()  # a file that cannot be read is not checked here; its "names covered?" item still asks
    return tuple(("metadata", f"{label}: {text}") for label, text in found.items())


def name_findings(library: Library, portfolio_id: str) -> list[ReadinessItem]:
    """The portfolio's checklist items about students' names (the same ones `portfolio check` lists)."""
    from portfolio_app.services.readiness import check_portfolio

    rules = (Rule.STUDENT_NAME, Rule.NAMES_UNCHECKED)
    return [item for item in check_portfolio(library, portfolio_id).items if item.rule in rules]


def spot_text(library: Library, portfolio_id: str, spot: str) -> str:
    """The text at a spot of the library's rows (not inside a file)."""
    from portfolio_app.services.portfolios import get_portfolio

    kind, _, rest = spot.partition(":")
    if kind == "portfolio" and rest == "title":
        return get_portfolio(library, portfolio_id).title
    if kind == "evidence" and rest.endswith((":title", ":note")):
        evidence = _evidence(library, portfolio_id, rest.rsplit(":", 1)[0])
        return evidence.title if rest.endswith(":title") else evidence.note
    if kind == "tag":
        tag = stored_rubric.get_tag(library.db, rest)
        if tag is None or _evidence(library, portfolio_id, tag.evidence_id) is None:
            raise NotFoundError(f"There is no tag '{rest}' in this portfolio.")
        return tag.note
    if kind == "response":
        response = stored_rubric.responses(library.db, portfolio_id).get(rest)
        return response.text if response else ""
    if kind == "assessment":
        assessment = stored_rubric.assessments(library.db, portfolio_id).get(rest)
        return assessment.justification if assessment else ""
    if kind == "evidence":
        raise InvalidInputError(
            f"{spot} is text inside the file: redact it (PDF pages) or link a copy without its details."
        )
    raise InvalidInputError(f"'{spot}' is not a place in a portfolio (see `portfolio names list`).")


def set_spot_text(library: Library, portfolio_id: str, spot: str, text: str) -> Outcome[TextEdit]:
    """Put `text` at a spot (rename a title, rewrite a note or answer); the edit says what was there."""
    from portfolio_app.services import evidence, portfolios, rubric, tags

    before = spot_text(library, portfolio_id, spot)
    kind, _, rest = spot.partition(":")
    with library.db.atomic():
        if kind == "portfolio":
            changes = portfolios.rename_portfolio(library, portfolio_id, text).changes
        elif kind == "evidence" and rest.endswith(":title"):
            changes = evidence.rename_evidence(library, rest.rsplit(":", 1)[0], text).changes
        elif kind == "evidence" and evidence.get_evidence(library, rest.rsplit(":", 1)[0]).kind == EvidenceKind.NOTE:
            from portfolio_app.services.notes import save_note  # a note's text is its blob: a new one, not a stale one

            changes = save_note(library, rest.rsplit(":", 1)[0], text).changes
        elif kind == "evidence":
            stored_rubric.set_evidence_note(library.db, rest.rsplit(":", 1)[0], text, now_iso())
            changes = Changes(evidence=True)
        elif kind == "tag":
            changes = tags.edit_tag(library, replace(tags.get_tag(library, rest), note=text)).changes
        elif kind == "response":
            changes = rubric.save_response(library, portfolio_id, rest, text).changes
        else:
            level = stored_rubric.assessments(library.db, portfolio_id)[rest].level_id
            changes = rubric.assess(library, portfolio_id, rest, level, text).changes
    after = spot_text(library, portfolio_id, spot)
    return Outcome(TextEdit(portfolio_id, spot, before, after), changes | PRIVACY)


def undo_text_edit(library: Library, edit: TextEdit) -> Outcome[TextEdit]:
    """Put back the text a fix replaced."""
    return set_spot_text(library, edit.portfolio_id, edit.spot, edit.before)


def replace_name(
    library: Library, portfolio_id: str, spot: str, name: str | None = None, replacement: str | None = None
) -> Outcome[TextEdit]:
    """Replace the students' names at a spot (only `name`, if given) with each student's pseudonym or
    "Student A" (or `replacement`). InvalidInputError when there is no name there to replace."""
    from portfolio_app.services.profile import get_profile

    text = spot_text(library, portfolio_id, spot)
    profile = get_profile(library)
    hits = find_names(text, roster_names(library), any_case=_any_case(spot), teacher=profile.name if profile else "")
    if name is not None:
        hits = [
            h for h in hits if name_key(h.name.text) == name_key(name) or name_key(h.name.student) == name_key(name)
        ]
    if not hits:
        raise InvalidInputError(f"There is no student's name{f' “{name}”' if name else ''} to replace at {spot}.")
    if replacement is not None:
        if not clean_name(replacement):
            raise InvalidInputError("Say what to put in the name's place, e.g. “Student A”.")
        hits = [replace(h, name=replace(h.name, replacement=clean_name(replacement))) for h in hits]
    return set_spot_text(library, portfolio_id, spot, replace_names(text, hits))


def dismiss_name(library: Library, portfolio_id: str, spot: str, name: str, dismissed: bool = True) -> Outcome[bool]:
    """Remember that `name` at `spot` is not a student's name (there only); False forgets it (undo).
    Returns whether it was dismissed before."""
    key = dismissal_key(name)
    if not key:
        raise InvalidInputError("Say which name is not a student's name.")
    before = (spot, key) in stored.dismissals(library.db, portfolio_id)
    with library.db.atomic():
        stored.set_dismissed(library.db, portfolio_id, spot, key, dismissed, now_iso())
    return Outcome(before, PRIVACY)


def confirm_names_covered(library: Library, evidence_id: str, covered: bool = True) -> Outcome[bool]:
    """Record that the teacher checked a file for names the app cannot read and covered them
    (False takes it back: undo). Returns whether it was confirmed before."""
    from portfolio_app.services.evidence import get_evidence

    evidence = get_evidence(library, evidence_id)
    before = evidence.id in stored.covered(library.db, evidence.portfolio_id)
    with library.db.atomic():
        stored.set_covered(library.db, evidence.id, covered, now_iso())
    return Outcome(before, PRIVACY)


def student_names(library: Library, student_id: str) -> tuple[str, tuple[str, ...]]:
    """A student's pseudonym ("" when none: "Student A" stands in) and the full names looked for."""
    return stored.other_names(library.db).get(student_id, ("", ()))


def set_student_names(
    library: Library, student_id: str, pseudonym: str = "", full_names: Iterable[str] = ()
) -> Outcome[tuple[str, tuple[str, ...]]]:
    """Give a student a pseudonym (what replaces their name) and the full names to look for too.
    Returns what they had before (for undo)."""
    from portfolio_app.services.roster import get_student

    student = get_student(library, student_id)
    before = stored.other_names(library.db).get(student.id, ("", ()))
    full = tuple(n for n in (clean_name(f) for f in full_names) if n)
    with library.db.atomic():
        stored.set_other_names(library.db, student.id, clean_name(pseudonym), full)
    return Outcome(before, Changes(roster=True, privacy=True))


def redaction_boxes(
    library: Library, portfolio_id: str, spot: str
) -> dict[int, list[tuple[float, float, float, float]]]:
    """Boxes around every student's name on a PDF page named by `spot` (evidence:ID:page:N)."""
    from portfolio_app.media.embedded_text import pdf_page_texts, pdf_text_boxes
    from portfolio_app.services.profile import get_profile

    parts = spot.split(":")
    if len(parts) != 4 or parts[0] != "evidence" or parts[2] != "page" or not parts[3].isdigit():
        raise InvalidInputError(f"{spot} is not a PDF page: only a page's text can be redacted (evidence:ID:page:N).")
    evidence, page = _evidence(library, portfolio_id, parts[1]), int(parts[3])
    if evidence.media_type != PDF or evidence.blob is None:
        raise InvalidInputError(f"“{evidence.title}” is not a PDF.")
    path = library.store.path(evidence.blob)
    texts = pdf_page_texts(path)
    if page >= len(texts):
        raise InvalidInputError(f"“{evidence.title}” has no page {page + 1}.")
    profile = get_profile(library)
    hits = find_names(texts[page], roster_names(library), teacher=profile.name if profile else "")
    boxes = pdf_text_boxes(path, page, [(h.start, h.end) for h in hits])
    if not boxes:
        raise InvalidInputError(f"There is no student's name on page {page + 1} of “{evidence.title}”.")
    return {page: boxes}


def redact_names(
    library: Library,
    portfolio_id: str,
    spot: str,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
):
    """Black out every student's name on a PDF page, as a redacted copy in the original's place
    (services.redaction; undo is private_copies.withdraw_copy)."""
    from portfolio_app.services.redaction import redact_evidence

    boxes = redaction_boxes(library, portfolio_id, spot)
    outcome = redact_evidence(library, spot.split(":")[1], boxes, progress, cancelled)
    return replace(outcome, changes=outcome.changes | PRIVACY)


def _evidence(library: Library, portfolio_id: str, evidence_id: str) -> Evidence:
    found = stored_evidence.get(library.db, evidence_id)
    if found is None or found.portfolio_id != portfolio_id:
        raise NotFoundError(f"There is no evidence '{evidence_id}' in this portfolio.")
    return found


def _any_case(spot: str) -> bool:
    return spot == "portfolio:title" or spot.endswith(":title")
