"""Use case: export a portfolio as a signed submission bundle (see bundle/ and DESIGN.md).

Two halves, as import has: `plan_export` reads the library (the database worker) and says what
will go in and what must happen to each file first; `build_bundle` touches only the media store,
the keychain and the target folder (the media worker), with progress and cancel. Files that
would carry a place or a device out of the laptop, and videos over the credential's size limit,
are first copied clean (or compressed) into the store; everything else goes in as stored, its
hash already known. `mark_exported` then records the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from portfolio_app.bundle.content import BundleEvidence, SubmissionContent, archive_name, bundle_file_name
from portfolio_app.bundle.writer import BundleInfo
from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError
from portfolio_app.core.export import Preparation
from portfolio_app.core.feedback import RESUBMISSION_NOTE, ExportedBundle
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence, Portfolio, PortfolioStatus, Profile
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.readiness import PortfolioContent, ReadinessItem, check_readiness, submitted_evidence
from portfolio_app.services.evidence import media_path, thumbnail_path
from portfolio_app.services.library import Library
from portfolio_app.services.profile import get_profile
from portfolio_app.services.readiness import load_content
from portfolio_app.services.talk import talk_for_portfolio
from portfolio_app.storage import portfolios as stored_portfolios
from portfolio_app.storage.mediastore import MediaStore

PREPARE_SHARE = 0.5  # of the progress bar, when some files must be prepared first
MB = 1_000_000
COMPRESS_HEIGHT = 720


class NotReadyError(InvalidInputError):
    """A portfolio with open checklist items cannot be exported except as a draft."""

    def __init__(self, portfolio: Portfolio, items: tuple[ReadinessItem, ...]):
        self.items = items
        listed = "\n".join(f"- {item.message} {item.fix}" for item in items)
        super().__init__(
            f"“{portfolio.title}” is not ready to submit ({len(items)} to do); export a draft instead, "
            f"or finish these first:\n{listed}"
        )


@dataclass(frozen=True)
class ExportItem:
    evidence: Evidence
    requirement_title: str
    preparation: Preparation
    max_mb: int | None = None  # the requirement's limit, when the video is compressed to it


@dataclass(frozen=True)
class ExportPlan:
    portfolio: Portfolio
    profile: Profile
    content: PortfolioContent
    items: tuple[ExportItem, ...]
    outstanding: tuple[ReadinessItem, ...]
    draft: bool
    store_paths: dict[str, Path]  # evidence id -> its stored file
    thumbnails: dict[str, Path]
    # evidence id -> files that go in beside it (a signed observation's summary PDF and CSV)
    companions: dict[str, list] = field(default_factory=dict)
    talk: dict[str, dict] = field(default_factory=dict)  # evidence id -> its talk-time summary

    @property
    def total_bytes(self) -> int:
        return sum(item.evidence.size_bytes or 0 for item in self.items)

    def suggested_name(self) -> str:
        return bundle_file_name(self.submission((), now_iso()))

    def submission(self, evidence: tuple[BundleEvidence, ...], created_at: str) -> SubmissionContent:
        """The bundle's content around the prepared `evidence`: tags and offers only for what is in it."""
        included = {item.evidence.id for item in self.items}
        tags = tuple(t for t in self.content.tags if t.evidence_id in included)
        offered = {t.id for t in tags}
        assessments = tuple(
            replace(a, tag_ids=tuple(t for t in a.tag_ids if t in offered)) for a in self.content.assessments.values()
        )
        note = self.content.responses.get(RESUBMISSION_NOTE)
        return SubmissionContent(
            credential=self.content.credential,
            portfolio=self.portfolio,
            profile=self.profile,
            evidence=evidence,
            tags=tags,
            responses=tuple(r for r in self.content.responses.values() if r.prompt_id != RESUBMISSION_NOTE),
            assessments=assessments,
            draft=self.draft,
            created_at=created_at,
            outstanding=tuple(f"{i.message} {i.fix}" for i in self.outstanding),
            resubmission_note=note.text if note is not None and self.portfolio.resubmits else None,
        )


def plan_export(library: Library, portfolio_id: str, *, draft: bool = False) -> ExportPlan:
    """What a bundle of the portfolio would hold. Raises NotReadyError when it is not ready and
    `draft` is False; InvalidInputError when there is no profile to sign with."""
    portfolio, content = load_content(library, portfolio_id)
    _check_originals(library, content)
    outstanding = tuple(check_readiness(content))
    if outstanding and not draft:
        raise NotReadyError(portfolio, outstanding)
    profile = get_profile(library)
    if profile is None:
        raise InvalidInputError(
            "Add your name and email before exporting: they go on the bundle you sign "
            "(in the window: Edit ▸ Your Profile…; on the command line: portfolio profile --name … --email …)."
        )
    requirements = {r.id: r for r in content.credential.work_examples.requirements}
    items, paths, thumbnails, companions = [], {}, {}, {}
    for evidence in submitted_evidence(content):
        requirement = requirements[evidence.requirement_id]
        if evidence.blob is None or evidence.kind == EvidenceKind.NOTE:  # a note goes as text, titled
            items.append(ExportItem(evidence, requirement.title, Preparation.WRITE_TEXT))
            continue
        path = media_path(library, evidence)
        paths[evidence.id] = path
        thumb = thumbnail_path(library, evidence)
        if thumb is not None:
            thumbnails[evidence.id] = thumb
        items.append(ExportItem(evidence, requirement.title, *_preparation(evidence, path, requirement.max_file_mb)))
        if evidence.kind == EvidenceKind.OBSERVATION:
            from portfolio_app.services.observation_records import companions as carried

            companions[evidence.id] = carried(library, evidence)
    talk = {i: r.summary() for i, r in talk_for_portfolio(library, portfolio.id).items() if i in paths}
    return ExportPlan(
        portfolio, profile, content, tuple(items), outstanding, draft, paths, thumbnails, companions, talk
    )


def _check_originals(library: Library, content: PortfolioContent) -> None:
    """An unblurred or unredacted original never leaves the laptop, not even in a draft; a file
    retention removed cannot."""
    from portfolio_app.core.roster import hides_students
    from portfolio_app.storage.retention import removed

    originals = {e.derived_from: e for e in content.evidence if e.derived_from and hides_students(e.derivation)}
    gone = {r.evidence_id: r for r in removed(library.db)}
    for evidence in submitted_evidence(content):
        if evidence.id in originals:
            raise InvalidInputError(
                f"“{evidence.title}” is the original of “{originals[evidence.id].title}”, which hides who it shows: "
                "link the copy instead (the original stays on this computer)."
            )
        if evidence.id in gone:
            raise InvalidInputError(
                f"The file of “{evidence.title}” was removed on {gone[evidence.id].removed_at[:10]} "
                f"({gone[evidence.id].reason}): unlink it from its requirement."
            )


def _preparation(evidence: Evidence, path: Path, max_mb: int | None) -> tuple[Preparation, int | None]:
    from portfolio_app.media.metadata import image_has_private_metadata, video_has_private_metadata

    timed = evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO)
    if timed and max_mb and (evidence.size_bytes or 0) > max_mb * MB:
        return Preparation.COMPRESS, max_mb  # the new encode carries no tags either
    try:
        if evidence.kind == EvidenceKind.IMAGE and image_has_private_metadata(path):
            return Preparation.STRIP, None
        if timed and video_has_private_metadata(path):
            return Preparation.STRIP, None
    except (OSError, ValueError) as exc:
        raise MediaError(evidence.title, f"cannot be read to check it for location details: {exc}") from exc
    return Preparation.AS_STORED, None


def build_bundle(
    store: MediaStore,
    plan: ExportPlan,
    target: Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BundleInfo:
    """Prepare the files that need it, then write and sign the bundle at `target`, atomically.

    Touches no database (any thread). Raises KeychainUnavailableError, MediaError, StorageError
    or Cancelled; nothing is left at `target` unless the bundle is complete.
    """
    from portfolio_app.bundle.keys import signing_key
    from portfolio_app.bundle.writer import write_bundle

    key = signing_key()  # first: a missing keychain is said before any long work
    to_prepare = [item for item in plan.items if item.preparation != Preparation.AS_STORED]
    prepare_bytes = sum(item.evidence.size_bytes or 0 for item in to_prepare) or 1
    share = PREPARE_SHARE if to_prepare else 0.0
    done_bytes = 0
    evidence = []
    for position, item in enumerate(plan.items, 1):
        if cancelled and cancelled():
            raise Cancelled()
        size = item.evidence.size_bytes or 0

        def step(fraction: float, done=done_bytes, size=size) -> None:
            if progress:
                progress(share * (done + fraction * size) / prepare_bytes)

        source, blob, stored_size, suffix = _prepared(store, plan, item, step, cancelled)
        if item.preparation != Preparation.AS_STORED:
            done_bytes += size
        evidence.append(
            BundleEvidence(
                evidence=item.evidence,
                source=source,
                sha256=blob,
                size_bytes=stored_size,
                archive_name=archive_name(position, item.evidence, suffix),
                thumbnail=plan.thumbnails.get(item.evidence.id),
                talk=plan.talk.get(item.evidence.id),
            )
        )
        for companion in plan.companions.get(item.evidence.id, ()):
            evidence.append(
                BundleEvidence(
                    evidence=companion.evidence,
                    source=companion.path,
                    sha256=companion.sha256,
                    size_bytes=companion.size_bytes,
                    archive_name=archive_name(position, companion.evidence, companion.suffix),
                )
            )
    content = plan.submission(tuple(evidence), now_iso())

    def writing(fraction: float) -> None:
        if progress:
            progress(share + (1 - share) * fraction)

    # The writer's unfinished `.<name>.part` beside the target is noted, so that if this process
    # is killed half-way, the next garbage collection finds and removes it.
    note = store.note_unfinished(target.parent, f".{target.name}", ".part")
    try:
        return write_bundle(content, target, key, writing, cancelled)
    finally:
        store.forget_unfinished(note)


def _prepared(
    store: MediaStore, plan: ExportPlan, item: ExportItem, step: Progress, cancelled: CancelCheck | None
) -> tuple[Path, str, int, str]:
    """The file that goes into the bundle for `item`: its path, SHA-256, size and file suffix.

    A prepared copy is adopted into the store (hashed once, as it is written); nothing names it,
    so it is a cache of this export, not evidence.
    """
    from portfolio_app.media import images, transcode

    evidence = item.evidence
    if item.preparation == Preparation.WRITE_TEXT:
        temp = store.temp_path(".txt")
        try:
            temp.write_text(f"{evidence.title}\n\n{evidence.note}\n", encoding="utf-8")
            blob = store.adopt(temp)
        finally:
            temp.unlink(missing_ok=True)
        return store.path(blob.hash), blob.hash, blob.size_bytes, ".txt"
    stored = plan.store_paths[evidence.id]
    suffix = _suffix(evidence)
    if item.preparation == Preparation.AS_STORED:
        assert evidence.blob is not None
        return stored, evidence.blob, stored.stat().st_size, suffix
    if item.preparation == Preparation.COMPRESS:
        suffix = ".mp4"
    temp = store.temp_path(suffix)
    try:
        if item.preparation == Preparation.COMPRESS:
            assert item.max_mb is not None
            transcode.compress(
                stored, temp, max_bytes=item.max_mb * MB, max_height=COMPRESS_HEIGHT, progress=step, cancelled=cancelled
            )
        elif evidence.kind == EvidenceKind.IMAGE:
            images.strip_image_metadata(stored, temp)
        else:
            transcode.strip_video_metadata(stored, temp)
        blob = store.adopt(temp)
    finally:
        temp.unlink(missing_ok=True)
    return store.path(blob.hash), blob.hash, blob.size_bytes, suffix


def _suffix(evidence: Evidence) -> str:
    name = evidence.original_name or ""
    return Path(name).suffix.lower() or {"video": ".mp4", "audio": ".m4a", "image": ".jpg"}.get(evidence.kind, "")


def mark_exported(library: Library, portfolio_id: str) -> Outcome[Portfolio]:
    """Record that a (non-draft) bundle of the portfolio was made."""
    from portfolio_app.services.portfolios import get_portfolio

    portfolio = get_portfolio(library, portfolio_id)
    now = now_iso()
    with library.db.atomic():
        stored_portfolios.mark_exported(library.db, portfolio.id, now)
    exported = replace(portfolio, status=PortfolioStatus.EXPORTED, updated_at=now)
    return Outcome(exported, Changes(portfolios=True))


def record_export(library: Library, portfolio_id: str, info: BundleInfo) -> Outcome[ExportedBundle]:
    """Record a bundle made of the portfolio: its tag-manifest hash (which feedback names) and,
    for a non-draft, that the portfolio was exported."""
    from portfolio_app.bundle.answering import credential_rubric_sha256, tag_manifest_sha256
    from portfolio_app.services.catalog import get_credential
    from portfolio_app.services.portfolios import get_portfolio
    from portfolio_app.storage import feedback as stored_feedback

    portfolio = get_portfolio(library, portfolio_id)
    credential = get_credential(library, portfolio.credential_id, portfolio.credential_version)
    exported = ExportedBundle(
        bundle_sha256=info.tag_manifest_sha256 or tag_manifest_sha256(info.path),  # read again only if not told
        portfolio_id=portfolio.id,
        rubric_sha256=credential_rubric_sha256(credential),
        fingerprint=info.fingerprint,
        file_name=info.path.name,
        draft=info.draft,
        exported_at=now_iso(),
    )
    with library.db.atomic():
        stored_feedback.insert_export(library.db, exported)
        # What each file was (copies made for the export have hashes no evidence row holds): badges name them.
        stored_feedback.insert_export_files(library.db, exported.bundle_sha256, list(info.evidence_files))
        if not info.draft:
            mark_exported(library, portfolio.id)
    return Outcome(exported, Changes(portfolios=True, reviews=True))


def export_portfolio(
    library: Library,
    portfolio_id: str,
    target: Path,
    *,
    draft: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Outcome[BundleInfo]:
    """Plan, build and record an export in one call (the CLI's way). `target` may be a folder."""
    plan = plan_export(library, portfolio_id, draft=draft)
    if target.is_dir():
        target = target / plan.suggested_name()
    if target.suffix.lower() != ".zip":
        raise InvalidInputError(f"{target.name}: a bundle is a .zip file; give a name ending in .zip.")
    info = build_bundle(library.store, plan, target, progress, cancelled)
    return Outcome(info, record_export(library, plan.portfolio.id, info).changes)
