"""The teacher's badge shelf: verify a badge file, import it, list and export, and the stacks' progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.openbadges.badge_image import badge_png
from portfolio_app.bundle.openbadges.files import (
    badge_bytes,
    credential_from_bytes,
    read_badge,
    read_badge_file_bytes,
    write_badge_bytes,
)
from portfolio_app.bundle.openbadges.issue import credential_json
from portfolio_app.bundle.openbadges.results import achieved_levels
from portfolio_app.bundle.openbadges.verify import VerifiedBadge, verify_credential
from portfolio_app.core.badges import (
    UNNAMED_ISSUER,
    BadgeCheck,
    IssuerStanding,
    ShelfBadge,
    StackProgress,
    credential_of_achievement,
    stack_progress,
)
from portfolio_app.core.changes import NOTHING, Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import Stack
from portfolio_app.core.errors import NotFoundError, PortfolioError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.trust import ISSUER_ROLE, Standing
from portfolio_app.services.library import Library
from portfolio_app.services.trust import describe_signer
from portfolio_app.storage import badges as stored
from portfolio_app.storage import credentials as stored_credentials
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import feedback as stored_feedback
from portfolio_app.storage import portfolios as stored_portfolios

# how a badge's evidence ids name what it was earned with (bundle/openbadges/credential.py)
EVIDENCE_BUNDLE, EVIDENCE_DECISION, EVIDENCE_FILE = "urn:mcp:bundle:", "urn:mcp:review:", "urn:mcp:evidence:"


def verify_badge_file(
    library: Library, path: Path, *, bundle: Path | None = None, email: str | None = None, now: datetime | None = None
) -> BadgeCheck:
    """Verify a badge (.json, .png or .svg) offline; name its issuer; match it to a bundle or an email if given.

    A .zip is the feedback with its badge: the file, the decision in it and the badge all verify, and the badge
    must be the one that decision earned, issued by the key that signed the file.

    Raises:
        BadgeError: the file is not a badge, or the credential in it does not verify (the reason says why).
        InvalidInputError: a feedback-with-badge file that does not verify or whose badge does not answer it.
    """
    if path.suffix.lower() == ".zip":
        from portfolio_app.services.badge_feedback import carried_badge, check_badge_answers

        carried = carried_badge(path)
        verified = _verified(credential_from_bytes(carried.data, path.name), path, now)
        evidence = {e.id for e in verified.evidence}
        check_badge_answers(
            evidence, verified.issuer_fingerprint, carried.decision_sha256, carried.bundle_sha256, carried.signer, path
        )
    else:
        verified = _verified(read_badge(path), path, now)
    return BadgeCheck(
        badge=_shelf_badge(verified, imported_at=""),
        issuer=_not_revoked(library, verified, path),
        bundle_matches=None if bundle is None else verified.names_evidence(f"urn:mcp:bundle:{_bundle_sha256(bundle)}"),
        email_matches=None if email is None else verified.is_for_email(email),
    )


def import_badge(library: Library, path: Path) -> Outcome[ShelfBadge]:
    """Put a badge file on the shelf once it verifies; a badge already there is left as it is.

    Raises:
        BadgeError: the file is not a badge, or it does not verify.
    """
    return import_badge_bytes(library, read_badge_file_bytes(path), path)


def import_badge_file(library: Library, path: Path) -> Outcome[ShelfBadge]:
    """Import a badge file, or a `.zip`: the feedback that earned a badge, whose decision is kept with its attempt.

    Raises:
        InvalidInputError: as import_badge, or badge_feedback.import_feedback_with_badge for a .zip.
    """
    if path.suffix.lower() != ".zip":
        return import_badge(library, path)
    from portfolio_app.services.badge_feedback import import_feedback_with_badge

    outcome = import_feedback_with_badge(library, path)
    assert outcome.value.badge is not None  # that import always carries one
    return Outcome(outcome.value.badge, outcome.changes)


def import_badge_bytes(library: Library, data: bytes, source: Path) -> Outcome[ShelfBadge]:
    """Put a badge (a badge file's bytes, from `source`) on the shelf once it verifies; one already there stays."""
    document = credential_from_bytes(data, source.name)
    verified = _verified(document, source)
    _not_revoked(library, verified, source)
    existing = stored.badge(library.db, verified.id)
    if existing is not None:
        return Outcome(existing, NOTHING)
    image_type = "png" if data.startswith(b"\x89PNG") else "svg" if data.lstrip()[:1] == b"<" else None
    badge = _shelf_badge(verified, imported_at=now_iso(), image_type=image_type)
    with library.db.atomic():
        stored.save_badge(library.db, badge, credential_json(document), data if image_type else None)
    return Outcome(badge, Changes(badges=True))


@dataclass(frozen=True)
class BadgeImport:
    imported: tuple[ShelfBadge, ...]
    failed: tuple[tuple[Path, str], ...]  # each file that was refused, with the reason


@dataclass(frozen=True)
class Shelf:
    """What the Badges page shows: every badge with its issuer's standing, and the stacks' progress."""

    badges: tuple[tuple[ShelfBadge, IssuerStanding], ...]
    stacks: tuple[StackProgress, ...]
    evidence_names: dict[str, str]  # a badge's evidence id -> what it is in this library (a file's title, a bundle)


def import_badges(library: Library, paths: Sequence[Path]) -> Outcome[BadgeImport]:
    """Import several badge files (see import_badge_file); each is all or nothing, and a refused one does not
    stop the rest."""
    imported, failed, changes = [], [], NOTHING
    for path in paths:
        try:
            outcome = import_badge_file(library, path)
        except PortfolioError as exc:
            failed.append((path, str(exc)))
            continue
        imported.append(outcome.value)
        changes = changes | outcome.changes
    return Outcome(BadgeImport(tuple(imported), tuple(failed)), changes)


def shelf(library: Library) -> Shelf:
    """The shelf and the stacks, read together."""
    shelved = list_badges(library)
    return Shelf(
        tuple((b, issuer_standing(library, b.issuer_fingerprint, b.valid_from)) for b in shelved),
        tuple(list_stack_progress(library)),
        evidence_names(library, [e.id for b in shelved for e in b.evidence]),
    )


def evidence_names(library: Library, evidence_ids: Sequence[str]) -> dict[str, str]:
    """What the evidence a badge names is in this library: the title of a submitted file, the bundle's file name,
    the feedback that holds the decision. Ids this library knows nothing of are left out."""
    names: dict[str, str] = {}
    files = {i.removeprefix(EVIDENCE_FILE): i for i in evidence_ids if i.startswith(EVIDENCE_FILE)}
    for sha256, title in stored_evidence.titles_by_blob(library.db, list(files)).items():
        names[files[sha256]] = title
    copies = [sha256 for sha256, evidence_id in files.items() if evidence_id not in names]  # made for an export
    for sha256, title in stored_feedback.exported_titles(library.db, copies).items():
        names[files[sha256]] = title
    for evidence_id in evidence_ids:
        if evidence_id.startswith(EVIDENCE_BUNDLE):
            exported = stored_feedback.export_of(library.db, evidence_id.removeprefix(EVIDENCE_BUNDLE))
            if exported is not None:
                names[evidence_id] = f"{exported.file_name}, exported {exported.exported_at[:10]}"
        elif evidence_id.startswith(EVIDENCE_DECISION) and stored_feedback.feedback_with_record(
            library.db, evidence_id.removeprefix(EVIDENCE_DECISION)
        ):
            names[evidence_id] = "the reviewer's feedback you imported"
    return names


def badge_image(library: Library, badge_id: str) -> tuple[bytes, str]:
    """The badge's picture and its type ("png" or "svg"): the image it came in, else one drawn from its name.

    Raises:
        NotFoundError: no such badge on the shelf.
    """
    found = stored.badge_files(library.db, badge_id)
    if found is None:
        raise NotFoundError(f"There is no badge '{badge_id}' on the shelf.")
    text, image = found
    if image is not None:
        return image, "png" if image.startswith(b"\x89PNG") else "svg"
    return badge_png(str(credential_from_bytes(text.encode("utf-8"), badge_id).get("name", ""))), "png"


def badge_results(library: Library, badge_id: str) -> tuple[tuple[str, str], ...]:
    """What the shelf badge says was assessed: (criterion, level reached) for each result it states.

    Raises:
        NotFoundError: no such badge on the shelf.
    """
    found = stored.badge_files(library.db, badge_id)
    if found is None:
        raise NotFoundError(f"There is no badge '{badge_id}' on the shelf.")
    return achieved_levels(credential_from_bytes(found[0].encode("utf-8"), badge_id))


def list_badges(library: Library) -> list[ShelfBadge]:
    """The badges on the shelf, newest first."""
    return stored.badges(library.db)


def export_badge(library: Library, badge_id: str, target: Path) -> Path:
    """Write a shelf badge to `target` as .json, .png or .svg (the image it came in when it is that form).

    Raises:
        NotFoundError: no such badge on the shelf.
        BadgeError: an extension other than .json, .png or .svg.
    """
    found = stored.badge_files(library.db, badge_id)
    if found is None:
        raise NotFoundError(f"There is no badge '{badge_id}' on the shelf. `portfolio badges list` shows the ids.")
    text, image = found
    form = target.suffix.lower()
    image_form = None if image is None else ".png" if image.startswith(b"\x89PNG") else ".svg"
    if image is not None and form == image_form:
        data = image
    elif form == ".json":
        data = text.encode("utf-8")
    else:
        data = badge_bytes(credential_from_bytes(text.encode("utf-8"), badge_id), form)
    return write_badge_bytes(data, target)


def list_stack_progress(library: Library) -> list[StackProgress]:
    """Each catalog stack with its credentials as earned (a badge on the shelf), in progress or not started."""
    members: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for credential in stored_credentials.load_all(library.db):
        titles[credential.id] = credential.title
        for stack_id in credential.stacks:
            if credential.id not in members.setdefault(stack_id, []):
                members[stack_id].append(credential.id)
    stacks = [
        Stack(s.id, s.title, s.description, tuple(sorted(members.get(s.id, []), key=lambda c: titles[c].casefold())))
        for s in stored_credentials.stacks(library.db).values()
    ]
    started = {cid for (cid, _version), count in stored_portfolios.count_for_credential(library.db).items() if count}
    return stack_progress(stacks, titles, stored.earned_credential_ids(library.db), started)


def issuer_standing(library: Library, fingerprint: str, signed_at: str) -> IssuerStanding:
    """Who the issuer key is, according to the library's trust lists (`revoked` when one revoked it in time)."""
    status = describe_signer(library.db, fingerprint, signed_at)
    if status.refused:
        return IssuerStanding(False, status.text, revoked=True)
    if status.standing is Standing.UNKNOWN:
        return UNNAMED_ISSUER
    if status.trusted and status.role == ISSUER_ROLE:
        return IssuerStanding(True, f"{status.organisation}, listed in its trust list of {status.list_date}")
    # A person's key (a reviewer's, a coach's) or one approved for other dates: named, but not an issuer.
    return IssuerStanding(False, f"{status.text}; not the issuer key of any trust list")


def _not_revoked(library: Library, verified: VerifiedBadge, path: Path) -> IssuerStanding:
    standing = issuer_standing(library, verified.issuer_fingerprint, verified.signed_at)
    if standing.revoked:
        raise BadgeError(f"{path.name}: the badge's issuer key is {standing.text}; the badge is not valid.")
    return standing


def _verified(document: dict, path: Path, now: datetime | None = None) -> VerifiedBadge:
    try:
        return verify_credential(document, now=now)
    except BadgeError as exc:
        raise BadgeError(f"{path.name}: {exc}") from None


def _bundle_sha256(bundle: Path) -> str:
    """The SHA-256 of a verified bundle's tag manifest: the hash that names the bundle."""
    from portfolio_app.bundle.verify import verify_bundle

    report = verify_bundle(bundle)
    if not report.valid or report.tag_manifest_sha256 is None:
        first = report.problems[0] if report.problems else None
        reason = f" ({first.entry}: {first.reason})" if first else ""
        raise BadgeError(f"{bundle.name} does not verify as a signed bundle{reason}.")
    return report.tag_manifest_sha256


def _shelf_badge(verified: VerifiedBadge, *, imported_at: str, image_type: str | None = None) -> ShelfBadge:
    ours = credential_of_achievement(verified.achievement_id)
    return ShelfBadge(
        id=verified.id,
        name=verified.name,
        achievement_id=verified.achievement_id,
        achievement_name=verified.achievement_name,
        credential_id=ours[0] if ours else None,
        credential_version=ours[1] if ours else None,
        issuer_name=verified.issuer_name,
        issuer_did=verified.issuer_did,
        issuer_fingerprint=verified.issuer_fingerprint,
        valid_from=verified.valid_from,
        valid_until=verified.valid_until,
        imported_at=imported_at,
        image_type=image_type,
        evidence=verified.evidence,
    )
