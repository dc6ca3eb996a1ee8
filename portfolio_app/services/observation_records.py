"""The signed hand-over: the coach signs an observation as a record; the teacher imports it as evidence.

The record (type "observation") holds the observation's canonical JSON document and two files:
`summary.pdf` and `observation.csv`. On the teacher's side it is verified completely before anything
is stored; the record itself becomes the evidence's file, and its PDF and CSV are kept beside it, so
a submission bundle carries the signed record a reviewer can check with standard tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from portfolio_app.bundle.content import slug
from portfolio_app.bundle.observation.summary_pdf import summary_pdf
from portfolio_app.bundle.observation.table import record_csv, record_document
from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import BlobHash, EvidenceId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.rating_comparison import RatingComparison
from portfolio_app.services.library import Library
from portfolio_app.services.observations import get_record
from portfolio_app.storage import evidence as stored_evidence
from portfolio_app.storage import observations as stored
from portfolio_app.storage.mediastore import MediaStore, StoredBlob

RECORD_TYPE = "observation"
SUMMARY_FILE = "summary.pdf"
TABLE_FILE = "observation.csv"
MEDIA_TYPE = "application/zip"


@dataclass(frozen=True)
class SignedObservation:
    path: Path
    fingerprint: str
    tag_manifest_sha256: str
    beside: tuple[Path, ...] = ()  # recordings written next to the record (not carried inside it)


@dataclass(frozen=True)
class ImportedObservation:
    """A signed observation as the teacher's library keeps it."""

    evidence: Evidence
    document: dict[str, Any]  # what the coach signed
    fingerprint: str
    tag_manifest_sha256: str
    signer: str  # how the trust lists describe the signer ("unknown key …" when none names it)


def sign_observation(
    library: Library, observation_id: str, target: Path, *, with_recording: bool = False
) -> SignedObservation:
    """Write the observation as a signed record at `target` (a folder gets a file name), atomically.

    Its recordings are named in the record and written beside it; `with_recording` (the coach
    confirms that everyone recorded consented) carries them inside instead.

    Raises:
        KeychainUnavailableError: no key can be had from the keychain.
        StorageError: the file cannot be written.
    """
    from portfolio_app.bundle.keys import signing_key
    from portfolio_app.bundle.record import RecordFile, write_record
    from portfolio_app.services.observation_recordings import hand_over, write_beside
    from portfolio_app.services.profile import get_profile

    key = signing_key()  # first: a missing keychain is said before any work
    record = get_record(library, observation_id)
    profile = get_profile(library)
    document = {
        "type": RECORD_TYPE,
        "created_at": now_iso(),
        "signer": {"name": profile.name, "email": profile.email} if profile else None,
        "observation": record_document(record),
        "files": {"summary": SUMMARY_FILE, "table": TABLE_FILE},
    }
    title = slug(record.observation.title) or "observation"
    if target.is_dir():
        target = target / f"observation-{title}-{record.observation.created_at[:10]}.zip"
    handed = hand_over(library, record, target.stem, consented=with_recording)
    if handed.entries:
        document["recordings"] = handed.entries
    info = write_record(
        document,
        target,
        key,
        files=[
            RecordFile(SUMMARY_FILE, data=summary_pdf(record)),
            RecordFile(TABLE_FILE, data=record_csv(record)),
            *handed.carried,
        ],
        name=f"observation-{title}"[:80],
    )
    beside = write_beside(handed, info.path.parent)
    return SignedObservation(info.path, info.fingerprint, info.tag_manifest_sha256, tuple(beside))


@dataclass(frozen=True)
class StagedObservation:
    """A verified signed observation whose files are in the media store, not yet in a portfolio."""

    name: str
    document: dict[str, Any]
    fingerprint: str
    tag_manifest_sha256: str
    signed_at: str | None
    blobs: tuple[StoredBlob, StoredBlob, StoredBlob]  # the record, its summary, its table
    recordings: Any = None  # HandedRecordings: what it named, found inside it or beside it

    def discard(self, library: Library) -> None:
        """Take out of the store what staging put there and nothing names."""
        for blob in self.blobs:
            if not blob.already_present and not stored_evidence.blob_is_referenced(library.db, blob.hash):
                library.store.remove_unreferenced(blob.hash)
        if self.recordings is not None:
            self.recordings.discard(library)


def stage_signed_observation(store: MediaStore, path: Path) -> StagedObservation:
    """Verify a signed observation completely and copy it, its summary and its table into the store.

    Touches no database (the media worker). Raises SignatureError (unsigned, a bad signature) or
    BundleFormatError (anything changed, missing or extra, naming the entry; not an observation).
    """
    from portfolio_app.bundle.record import read_record

    verified = read_record(path, expect_type=RECORD_TYPE)
    observation = verified.document.get("observation")
    if not isinstance(observation, dict) or not isinstance(observation.get("title"), str):
        raise InvalidInputError(f"{path.name} is signed but says nothing about an observation.")
    from portfolio_app.services.observation_recordings import stage_handed_recordings

    summary, table = verified.read_file(SUMMARY_FILE), verified.read_file(TABLE_FILE)
    recordings = stage_handed_recordings(store, verified, path)
    record_blob = store.put_file(path)
    blobs = (record_blob, store.put_bytes(summary), store.put_bytes(table))
    return StagedObservation(
        path.name,
        verified.document,
        verified.fingerprint,
        verified.tag_manifest_sha256,
        verified.signed_at,
        blobs,
        recordings,
    )


def record_signed_observation(
    library: Library, portfolio_id: str, staged: StagedObservation
) -> Outcome[ImportedObservation]:
    """Add a staged signed observation to a portfolio as evidence of kind observation (once).

    Raises:
        SignatureError: the trust lists say the signer's key was revoked before it signed.
    """
    from portfolio_app.bundle.errors import SignatureError
    from portfolio_app.services.portfolios import get_portfolio

    portfolio = get_portfolio(library, portfolio_id)
    signer = _signer(library, staged.fingerprint, staged.signed_at)
    if signer is not None and signer.refused:
        raise SignatureError(f"{staged.name} cannot be trusted: {signer.text}")
    signer_text = signer.text if signer is not None else f"key {staged.fingerprint}"
    record_blob, summary_blob, table_blob = staged.blobs
    existing = stored_evidence.find_by_blob(library.db, portfolio.id, record_blob.hash)
    if existing is not None:
        if staged.recordings is not None:
            staged.recordings.discard(library)  # imported before: its recordings came then
        imported = ImportedObservation(
            existing, staged.document, staged.fingerprint, staged.tag_manifest_sha256, signer_text
        )
        return Outcome(imported, Changes())
    observation = staged.document["observation"]
    handed = staged.recordings
    missing = handed.missing if handed is not None else ()
    recording_note = "".join(
        f" Its recording {name} was not beside it: add it as a recording of its own." for name in missing
    )
    now = now_iso()
    evidence = Evidence(
        id=EvidenceId(new_id()),
        portfolio_id=portfolio.id,
        kind=EvidenceKind.OBSERVATION,
        title=f"Observation: {observation['title']} ({observation.get('observer') or 'a coach'})"[:200],
        created_at=now,
        blob=BlobHash(record_blob.hash),
        original_name=staged.name,
        media_type=MEDIA_TYPE,
        size_bytes=record_blob.size_bytes,
        duration_s=observation.get("length_s"),
        note=f"Coded with {observation.get('scheme', {}).get('title', 'a scheme')}; signed by {signer_text}."
        + recording_note,
    )
    with library.db.atomic():
        for blob in staged.blobs:
            stored_evidence.insert_blob(library.db, blob.hash, blob.size_bytes, now)
        stored_evidence.insert(library.db, evidence, now)
        stored.insert_signed(
            library.db,
            evidence.id,
            json.dumps(staged.document),
            staged.fingerprint,
            staged.tag_manifest_sha256,
            summary_blob.hash,
            table_blob.hash,
        )
        if handed is not None:
            from portfolio_app.services.observation_recordings import record_handed_recordings

            record_handed_recordings(library, portfolio.id, handed, str(observation["title"]))
    imported = ImportedObservation(
        evidence, staged.document, staged.fingerprint, staged.tag_manifest_sha256, signer_text
    )
    return Outcome(imported, Changes(evidence=True, portfolios=True))


def import_signed_observation(library: Library, portfolio_id: str, path: Path) -> Outcome[ImportedObservation]:
    """Verify a signed observation and add it to a portfolio as evidence (both halves on one thread)."""
    staged = stage_signed_observation(library.store, path)
    try:
        return record_signed_observation(library, portfolio_id, staged)
    except BaseException:
        staged.discard(library)
        raise


def import_steps(library: Library, portfolio_id: str, path: Path):
    """`import_batch`'s steps for one signed observation: verified and copied (staged), then recorded."""
    from portfolio_app.services.evidence import FileFailed, FileImported, FileStaged, problem_of

    try:
        staged = stage_signed_observation(library.store, path)
    except Exception as exc:
        yield FileFailed(path, problem_of(path, exc))
        return
    try:
        yield FileStaged(path, staged)
    except GeneratorExit:  # the batch was closed (cancelled) before recording: leave nothing behind
        staged.discard(library)
        raise
    try:
        outcome = record_signed_observation(library, portfolio_id, staged)
    except Exception as exc:
        staged.discard(library)
        yield FileFailed(path, problem_of(path, exc))
        return
    yield FileImported(path, outcome.value.evidence, bool(outcome.changes))


def _signer(library: Library, fingerprint: str, signed_at: str | None):
    """The trust lists' word on the signer, where this library has the trust layer."""
    try:
        from portfolio_app.services.trust import describe_signer
    except ImportError:  # before the trust layer: every key is simply named by its fingerprint
        return None
    return describe_signer(library.db, fingerprint, signed_at)


def signed_observation(library: Library, evidence_id: str) -> ImportedObservation | None:
    """What a piece of observation evidence was signed as, or None for other evidence."""
    from portfolio_app.services.evidence import get_evidence

    evidence = get_evidence(library, evidence_id)
    row = stored.signed_of(library.db, evidence.id)
    if row is None:
        return None
    document, fingerprint, tag_manifest = row
    return ImportedObservation(evidence, json.loads(document), fingerprint, tag_manifest, f"key {fingerprint}")


@dataclass(frozen=True)
class CoachBesideSelf:
    """One imported observation's ratings beside the portfolio's self-assessment."""

    observation: ImportedObservation
    comparison: RatingComparison


def coach_beside_self(library: Library, portfolio_id: str) -> list[CoachBesideSelf]:
    """For each signed observation in the portfolio that rated its credential's criteria, the coach's
    levels beside the teacher's, criterion by criterion, with agreement."""
    from portfolio_app.core.rating_comparison import compare_ratings
    from portfolio_app.services.portfolios import portfolio_with_credential
    from portfolio_app.services.rubric import get_assessments

    portfolio, credential = portfolio_with_credential(library, portfolio_id)
    teacher = {str(c): a.level_id for c, a in get_assessments(library, portfolio.id).items()}
    found = []
    for evidence in stored_evidence.for_portfolio(library.db, portfolio.id):
        imported = signed_observation(library, evidence.id) if evidence.kind == EvidenceKind.OBSERVATION else None
        if imported is None:
            continue
        observation = imported.document.get("observation", {})
        if (observation.get("credential") or {}).get("id") != credential.id:
            continue
        coach = {r["criterion"]: (r["level"], r.get("note", "")) for r in observation.get("ratings", [])}
        if coach:
            found.append(CoachBesideSelf(imported, compare_ratings(credential, coach, teacher)))
    return found


def summary_path(library: Library, evidence_id: str) -> Path | None:
    """The PDF summary a signed observation carried, in the media store (None for other evidence)."""
    blob = stored.summary_blob_of(library.db, evidence_id)
    return library.store.path(blob) if blob else None


@dataclass(frozen=True)
class Companion:
    """A file a signed observation carries, submitted beside it so a reviewer opens it directly."""

    evidence: Evidence  # named after the observation: "… — summary (PDF)", derived from it
    path: Path
    sha256: str
    size_bytes: int
    suffix: str


def companions(library: Library, evidence: Evidence) -> list[Companion]:
    """The summary PDF and the CSV of an imported signed observation (none for other evidence)."""
    if evidence.kind != EvidenceKind.OBSERVATION:
        return []
    blobs = stored.companion_blobs_of(library.db, evidence.id)
    if blobs is None:
        return []
    found = []
    for blob, what, suffix, media_type, kind in (
        (blobs[0], "summary", ".pdf", "application/pdf", EvidenceKind.DOCUMENT),
        (blobs[1], "events", ".csv", "text/csv", EvidenceKind.DOCUMENT),
    ):
        path = library.store.path(blob)
        companion = replace(
            evidence,
            id=EvidenceId(f"{evidence.id}-{what}"),
            kind=kind,
            title=f"{evidence.title} — {what}",
            blob=BlobHash(blob),
            original_name=f"{what}{suffix}",
            media_type=media_type,
            size_bytes=path.stat().st_size,
            duration_s=None,
            derived_from=evidence.id,
            derivation=f"carried in the signed observation ({what})",
            thumbnail=None,
        )
        found.append(Companion(companion, path, blob, companion.size_bytes or 0, suffix))
    return found
