"""Use cases of tags: point a reviewer at the moment or region of evidence that shows a criterion.

A tag on video or audio has a time range; on a photo or a document page, a rectangle in
fractions (0-1) of the picture; with neither it stands for the whole item (a lesson plan).
Deleting returns what undo needs to put the tag back exactly, assessment links included.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import Credential, EvidenceKind
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.ids import CriterionId, TagId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import MARKER_LEAD_S, MARKER_TAIL_S, TAGGED_IN_TIME, Evidence, Region, Tag, TimeRange
from portfolio_app.services.evidence import get_evidence, media_path
from portfolio_app.services.library import Library
from portfolio_app.services.lookup import by_id_or_prefix
from portfolio_app.services.portfolios import get_portfolio, portfolio_with_credential
from portfolio_app.storage import rubric as stored

# Players report durations rounded to a frame or an audio packet; a range that ends this close
# after the end is read as "to the end".
END_SLACK_S = 0.05


@dataclass(frozen=True)
class DeletedTag:
    """A deleted tag and the self-assessments that offered it, to put back on undo."""

    tag: Tag
    offered_for: tuple[CriterionId, ...]


def credential_of(library: Library, evidence: Evidence) -> Credential:
    portfolio = get_portfolio(library, evidence.portfolio_id)
    return portfolio_with_credential(library, portfolio.id)[1]


def add_tag(
    library: Library,
    evidence_id: str,
    criterion_id: str,
    *,
    span: TimeRange | None = None,
    region: Region | None = None,
    note: str = "",
    tag_id: str | None = None,
) -> Outcome[Tag]:
    """Tag evidence for a criterion. Raises InvalidInputError naming what is wrong.

    `tag_id` lets the window choose the id up front, so that undo can name the tag before the
    worker has made it.
    """
    evidence = get_evidence(library, evidence_id)
    tag = Tag(TagId(tag_id or new_id()), evidence.id, CriterionId(criterion_id), now_iso(), span, region, note.strip())
    tag = check_tag(library, evidence, tag)
    with library.db.atomic():
        stored.insert_tag(library.db, tag, tag.created_at)
        _offer_to_assessment(library, evidence, tag)
    return Outcome(tag, Changes(tags=True, portfolios=True))


def edit_tag(library: Library, tag: Tag) -> Outcome[Tag]:
    """Save a changed criterion, range, region or note of an existing tag."""
    old = get_tag(library, tag.id)
    evidence = get_evidence(library, old.evidence_id)
    tag = check_tag(library, evidence, replace(tag, evidence_id=old.evidence_id, created_at=old.created_at))
    with library.db.atomic():
        stored.update_tag(library.db, tag, now_iso())
        if tag.criterion_id != old.criterion_id:
            _offer_to_assessment(library, evidence, tag)
    return Outcome(tag, Changes(tags=True, assessments=tag.criterion_id != old.criterion_id))


def delete_tag(library: Library, tag_id: str) -> Outcome[DeletedTag]:
    tag = get_tag(library, tag_id)
    offered = stored.offered_for(library.db, tag.id)
    with library.db.atomic():
        stored.delete_tag(library.db, tag.id)
    return Outcome(DeletedTag(tag, tuple(offered)), Changes(tags=True, portfolios=True))


def restore_tag(library: Library, deleted: DeletedTag) -> Outcome[Tag]:
    """Undo of delete_tag: the same id, range, note and assessment links."""
    tag = deleted.tag
    evidence = get_evidence(library, tag.evidence_id)
    with library.db.atomic():
        stored.insert_tag(library.db, tag, now_iso())
        for criterion_id in deleted.offered_for:
            stored.offer_tag(library.db, evidence.portfolio_id, criterion_id, tag.id)
    return Outcome(tag, Changes(tags=True, portfolios=True, assessments=bool(deleted.offered_for)))


def tag_markers(
    library: Library, evidence_id: str, criterion_id: str, marker_ids: Sequence[str], note: str = ""
) -> Outcome[list[Tag]]:
    """Turn recording markers into tags in one step: each covers the moments around its marker."""
    from portfolio_app.services.evidence import list_markers

    evidence = get_evidence(library, evidence_id)
    markers = {m.id: m for m in list_markers(library, evidence.id)}
    unknown = [m for m in marker_ids if m not in markers]
    if unknown:
        raise NotFoundError(f"“{evidence.title}” has no marker '{unknown[0]}'.")
    end = evidence.duration_s or math.inf
    now = now_iso()
    tags = []
    for marker_id in marker_ids:
        marker = markers[marker_id]
        span = TimeRange(max(0.0, marker.at_s - MARKER_LEAD_S), min(end, marker.at_s + MARKER_TAIL_S))
        text = note.strip() or marker.label
        tag = Tag(TagId(new_id()), evidence.id, CriterionId(criterion_id), now, span, None, text)
        tags.append(check_tag(library, evidence, tag))
    with library.db.atomic():
        for tag in tags:
            stored.insert_tag(library.db, tag, now)
            _offer_to_assessment(library, evidence, tag)
    return Outcome(tags, Changes(tags=True, portfolios=True))


def get_tag(library: Library, tag_id: str) -> Tag:
    """A tag by id or unambiguous prefix (4+ characters)."""
    return by_id_or_prefix(
        tag_id,
        lambda key: stored.get_tag(library.db, key),
        lambda prefix: stored.tag_ids_starting_with(library.db, prefix),
        "tag",
    )


def list_tags(library: Library, portfolio_id: str) -> list[Tag]:
    return stored.tags_for_portfolio(library.db, get_portfolio(library, portfolio_id).id)


def tags_for_evidence(library: Library, evidence_id: str) -> list[Tag]:
    return stored.tags_for_evidence(library.db, get_evidence(library, evidence_id).id)


def check_tag(library: Library, evidence: Evidence, tag: Tag) -> Tag:
    """The tag with its range clamped to the media's end, or InvalidInputError saying what is wrong."""
    credential = credential_of(library, evidence)
    try:
        credential.criterion(tag.criterion_id)
    except KeyError:
        known = ", ".join(c.id for c in credential.criteria)
        raise InvalidInputError(
            f"“{credential.title}” has no criterion '{tag.criterion_id}'. Its criteria are: {known}."
        ) from None
    if tag.span is not None and tag.region is not None:
        raise InvalidInputError("A tag marks a time range or a region, not both.")
    if evidence.kind == EvidenceKind.NOTE and (tag.span is not None or tag.region is not None):
        # a note's text changes with every edit: a tag on part of it would point at the wrong words
        raise InvalidInputError(f"“{evidence.title}” is a note: a tag on it points at the whole note.")
    if tag.span is not None:
        return replace(tag, span=_check_span(evidence, tag.span))
    if tag.region is not None:
        _check_region(library, evidence, tag.region)
    return tag


def _check_span(evidence: Evidence, span: TimeRange) -> TimeRange:
    if evidence.kind not in TAGGED_IN_TIME:  # an observation's length is its duration_s, as a recording's
        raise InvalidInputError(f"“{evidence.title}” is {evidence.kind}: tag a region of it, not a time range.")
    start, end = span.start_s, span.end_s
    if not (math.isfinite(start) and math.isfinite(end)):
        raise InvalidInputError("The start and end must be numbers of seconds.")
    if start < 0:
        raise InvalidInputError(f"The start ({start:g} s) is before the beginning of “{evidence.title}”.")
    if end <= start:
        raise InvalidInputError(f"The end ({end:g} s) must come after the start ({start:g} s).")
    length = evidence.duration_s
    if length is not None:
        if start >= length:
            raise InvalidInputError(
                f"The start ({start:g} s) is after the end of “{evidence.title}”, which runs {length:.1f} s."
            )
        if end > length + END_SLACK_S:
            raise InvalidInputError(f"The end ({end:g} s) is past the end of “{evidence.title}” ({length:.1f} s).")
        end = min(end, length)
    return TimeRange(start, end)


def _check_region(library: Library, evidence: Evidence, region: Region) -> None:
    if evidence.kind not in (EvidenceKind.IMAGE, EvidenceKind.DOCUMENT):
        raise InvalidInputError(f"“{evidence.title}” is {evidence.kind}: tag a time range of it, not a region.")
    values = (region.x, region.y, region.w, region.h)
    if not all(math.isfinite(v) for v in values):
        raise InvalidInputError("A region is four numbers: x, y, width and height, in fractions of the picture.")
    if region.x < 0 or region.y < 0 or region.w <= 0 or region.h <= 0:
        raise InvalidInputError("A region needs x and y of 0 or more and a width and height above 0.")
    if region.x + region.w > 1 + 1e-6 or region.y + region.h > 1 + 1e-6:
        raise InvalidInputError(
            "The region reaches outside the picture: x + width and y + height must be at most 1 "
            "(the region is in fractions of the picture, 0 to 1)."
        )
    if region.page < 0:
        raise InvalidInputError("Pages are counted from 0.")
    if region.page > 0:
        pages = _page_count(library, evidence)
        if pages is not None and region.page >= pages:
            raise InvalidInputError(f"“{evidence.title}” has {pages} pages; page {region.page + 1} does not exist.")


def _page_count(library: Library, evidence: Evidence) -> int | None:
    if evidence.media_type != "application/pdf":
        return 1
    from portfolio_app.media.probe import pdf_page_count

    return pdf_page_count(media_path(library, evidence))


def _offer_to_assessment(library: Library, evidence: Evidence, tag: Tag) -> None:
    """A new tag joins the evidence its criterion's self-assessment offers, if there is one."""
    stored.offer_tag(library.db, evidence.portfolio_id, tag.criterion_id, tag.id)
