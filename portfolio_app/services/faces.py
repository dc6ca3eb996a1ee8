"""Use cases for blurring students' faces: find them, review them, blur all but the kept ones.

Finding faces is slow, so the result (a `FaceReview`: the tracks and the teacher's choices) is
kept as a JSON file per evidence item under the library's `faces/` folder, written atomically
and tied to the file's hash, so the review screen reopens at once. As with the other edits,
the slow half (`prepare_*`, `find_faces`, `add_missed_face`) touches only the media store and
that folder and runs on any thread; `record_blurred` runs on the database worker.
The blurred copy is new evidence derived from the original, and takes the original's place in
the submission (services.private_copies); the original stays on the laptop.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from portfolio_app.atomic_files import write_atomically
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError, MediaError
from portfolio_app.core.ids import BlobHash, EvidenceId
from portfolio_app.core.kept_faces import FaceOwner, FaceOwnership
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.media import blur, frames, images
from portfolio_app.media import faces as detector
from portfolio_app.media.blur import blur_video
from portfolio_app.media.face_follow import extend_tracks, track_from_box
from portfolio_app.media.face_tracks import FaceTrack, FaceTracks, track_faces, turn_box
from portfolio_app.services.edits import Derivation
from portfolio_app.services.evidence import StagedFile, get_evidence, make_staged
from portfolio_app.services.library import Library
from portfolio_app.services.private_copies import Handover, record_private_copy
from portfolio_app.storage.mediastore import MediaStore

Box = tuple[float, float, float, float]

_FORMAT = 1
_BLURRABLE = (EvidenceKind.VIDEO, EvidenceKind.IMAGE)


@dataclass(frozen=True)
class FaceReview:
    """The faces found in one evidence item's file and which of them the teacher keeps unblurred."""

    evidence_id: EvidenceId
    blob: BlobHash
    tracks: FaceTracks
    kept: frozenset[int] = frozenset()
    owners: Mapping[int, FaceOwnership] = field(default_factory=dict)  # whose each kept face is

    def owner(self, track_id: int) -> FaceOwnership:
        """Whose a kept face is (UNKNOWN until the teacher says)."""
        return self.owners.get(track_id, FaceOwnership(FaceOwner.UNKNOWN))

    @property
    def is_photo(self) -> bool:
        return self.tracks.duration_s == 0

    @property
    def blurred_ids(self) -> tuple[int, ...]:
        return tuple(t.id for t in self.tracks.tracks if t.id not in self.kept)

    def boxes_shown_at(self, at_s: float) -> list[tuple[int, Box]]:
        """(track id, box in fractions of the upright picture) of every track on screen at `at_s`."""
        turns = self.tracks.rotation // 90
        shown = []
        for track in self.tracks.tracks:
            box = track.box_at(at_s, self.tracks.reach_s)
            if box is not None:
                shown.append((track.id, turn_box(box, turns)))
        return shown

    def track(self, track_id: int) -> FaceTrack:
        return next(t for t in self.tracks.tracks if t.id == track_id)

    def clearest_s(self, track_id: int) -> float:
        """When the track's face is largest: where the review shows it."""
        return max(self.track(track_id).boxes, key=lambda sighting: sighting[1][2] * sighting[1][3])[0]


@dataclass(frozen=True)
class BlurredCopy:
    """The evidence `record_blurred` made and what handing it the original's place changed (for undo)."""

    evidence: Evidence
    handover: Handover
    faces_blurred: int
    tracks: int


def faces_folder(library: Library) -> Path:
    """Where face reviews are kept: beside the database and media store, never exported."""
    return library.data_dir / "faces"


def check_blurrable(evidence: Evidence) -> None:
    """InvalidInputError unless the evidence is a video or a photo."""
    if evidence.kind not in _BLURRABLE or evidence.blob is None:
        raise InvalidInputError(
            f"“{evidence.title}” is not a video or a photo, so there are no faces to blur. "
            "To hide names on student work, use Redact."
        )


def saved_review(folder: Path, evidence: Evidence) -> FaceReview | None:
    """The review saved for this evidence's file, or None (never searched, another file, unreadable)."""
    try:
        data = json.loads((folder / f"{evidence.id}.json").read_text(encoding="utf-8"))
        if data.get("version") != _FORMAT or data.get("blob") != evidence.blob:
            return None
        tracks = FaceTracks.from_json(json.dumps(data["tracks"]))
        owners = {int(k): FaceOwnership.from_json(v) for k, v in data.get("owners", {}).items()}
        return FaceReview(evidence.id, BlobHash(data["blob"]), tracks, frozenset(int(i) for i in data["kept"]), owners)
    except (OSError, ValueError, KeyError, TypeError, MediaError):
        return None


def save_review(folder: Path, review: FaceReview) -> FaceReview:
    """Write the review atomically (temp file, fsync, rename); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{review.evidence_id}.json"
    document = {
        "version": _FORMAT,
        "blob": review.blob,
        "kept": sorted(review.kept),
        "owners": {str(k): v.to_json() for k, v in sorted(review.owners.items()) if k in review.kept},
        "tracks": json.loads(review.tracks.to_json()),
    }
    write_atomically(target, json.dumps(document, separators=(",", ":")), "the face review")
    return review


def find_faces(
    store: MediaStore,
    folder: Path,
    evidence: Evidence,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    again: bool = False,
) -> FaceReview:
    """The saved review of this file, or (none saved, or `again`) the faces found in it, saved (any thread)."""
    check_blurrable(evidence)
    if not again and (review := saved_review(folder, evidence)) is not None:
        return review
    source = store.path(evidence.blob)  # type: ignore[arg-type]
    if evidence.kind == EvidenceKind.VIDEO:
        finding = (lambda f: progress(f * 0.9)) if progress is not None else None
        following = (lambda f: progress(0.9 + f * 0.1)) if progress is not None else None
        tracks = extend_tracks(source, track_faces(source, finding, cancelled), progress=following, cancelled=cancelled)
    else:
        pixels = images.read_upright_pixels(source)
        found = detector.detect_faces_in_image(source)
        tracks = FaceTracks(
            pixels.shape[1],
            pixels.shape[0],
            0.0,
            0.0,
            tuple(FaceTrack(i + 1, ((0.0, box),)) for i, box in enumerate(found)),
        )
        if progress is not None:
            progress(1.0)
    return save_review(folder, FaceReview(evidence.id, evidence.blob, tracks))  # type: ignore[arg-type]


def keep_faces(folder: Path, review: FaceReview, kept: Collection[int]) -> FaceReview:
    """The review with exactly the tracks `kept` left unblurred, saved."""
    known = {t.id for t in review.tracks.tracks}
    unknown = set(kept) - known
    if unknown:
        raise InvalidInputError(f"There is no face {min(unknown)} in this review.")
    owners = {k: v for k, v in review.owners.items() if k in kept}
    return save_review(folder, replace(review, kept=frozenset(kept), owners=owners))


def assign_face(folder: Path, review: FaceReview, track_id: int, ownership: FaceOwnership) -> FaceReview:
    """The review with the face `track_id` kept and said to be `ownership`'s, saved. A student must be
    one of the portfolio's class (`check_owner`)."""
    if track_id not in {t.id for t in review.tracks.tracks}:
        raise InvalidInputError(f"There is no face {track_id} in this review.")
    owners = {**review.owners, track_id: ownership}
    return save_review(folder, replace(review, kept=review.kept | {track_id}, owners=owners))


def check_owner(library: Library, evidence: Evidence, ownership: FaceOwnership) -> FaceOwnership:
    """`ownership` if its student is on the roster of the portfolio's class; InvalidInputError otherwise."""
    from portfolio_app.services.appearances import portfolio_class
    from portfolio_app.services.roster import get_student

    if ownership.owner != FaceOwner.STUDENT:
        return replace(ownership, student_id=None)
    group = portfolio_class(library, evidence.portfolio_id)
    student = get_student(library, ownership.student_id or "")
    if group is None or student.class_id != group.id:
        raise InvalidInputError(f"{student.name} is not in the class this portfolio's lessons were taught to.")
    return ownership


def add_missed_face(
    store: MediaStore,
    folder: Path,
    evidence: Evidence,
    review: FaceReview,
    at_s: float,
    box: Box,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> FaceReview:
    """The review with a face the detector missed: `box` drawn on the upright picture at `at_s`, followed
    through a video forwards and backwards; saved (any thread). Returns the review, whose last track is new."""
    x, y, w, h = box
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1.0001 or y + h > 1.0001:
        raise InvalidInputError("Draw the box around the face, inside the picture.")
    box = (x, y, min(w, 1 - x), min(h, 1 - y))
    if review.is_photo:
        track = FaceTrack(0, ((0.0, box),), drawn=True)
    else:
        recorded = turn_box(box, -(review.tracks.rotation // 90))  # boxes are kept on the pictures as recorded
        source = store.path(evidence.blob)  # type: ignore[arg-type]
        track = track_from_box(source, at_s, recorded, progress=progress, cancelled=cancelled)
    return save_review(folder, replace(review, tracks=review.tracks.added(track)))


def review_pictures(
    store: MediaStore, evidence: Evidence, review: FaceReview, only: Collection[int] | None = None
) -> dict[int, bytes]:
    """A small JPEG of each track's face (or those `only`), where it is largest: the review's list (any thread)."""
    source = store.path(evidence.blob)  # type: ignore[arg-type]
    by_time: dict[float, list[tuple[int, Box]]] = {}
    for track in review.tracks.tracks:
        if only is not None and track.id not in only:
            continue
        at = review.clearest_s(track.id)
        box = track.box_at(at) or track.boxes[0][1]
        by_time.setdefault(at, []).append((track.id, turn_box(box, review.tracks.rotation // 90)))
    pictures = {}
    for at, boxes in by_time.items():
        pixels = frames.picture_at(source, None if review.is_photo else at)
        for track_id, box in boxes:
            pictures[track_id] = frames.face_picture(pixels, box)
    return pictures


def picture_at(store: MediaStore, evidence: Evidence, at_s: float) -> bytes:
    """The upright picture (a video's frame at `at_s`, or the photo) as JPEG bytes (any thread)."""
    check_blurrable(evidence)
    source = store.path(evidence.blob)  # type: ignore[arg-type]
    return frames.jpeg(frames.picture_at(source, at_s if evidence.kind == EvidenceKind.VIDEO else None))


def blur_derivation(evidence: Evidence, review: FaceReview) -> Derivation:
    """'blur faces 5 of 6', titled '<title> (faces blurred)'."""
    count = len(review.tracks.tracks)
    return Derivation(f"{evidence.title} (faces blurred)", f"blur faces {len(review.blurred_ids)} of {count}")


def prepare_blur(
    store: MediaStore,
    evidence: Evidence,
    review: FaceReview,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> StagedFile:
    """A copy with every face not kept pixelated and blurred, staged in the store (any thread)."""
    check_blurrable(evidence)
    if review.blob != evidence.blob:
        raise InvalidInputError(f"The faces were found in another file than “{evidence.title}”: look for them again.")
    if not review.blurred_ids:
        raise InvalidInputError(
            f"There is no face to blur in “{evidence.title}”: every face found is kept. "
            "Add a face the search missed by drawing a box around it."
        )
    source = store.path(evidence.blob)  # type: ignore[arg-type]
    stem = Path(evidence.original_name or evidence.title).stem
    if evidence.kind == EvidenceKind.VIDEO:
        suffix = ".mp4"
        write = lambda made: blur_video(source, made, review.tracks, review.kept, progress, cancelled)  # noqa: E731
    else:
        suffix = images.output_suffix(Path(evidence.original_name or "photo.jpg"))
        boxes = [t.boxes[0][1] for t in review.tracks.tracks if t.id not in review.kept]
        write = lambda made: blur.blur_image(source, made, boxes)  # noqa: E731
    return make_staged(store, suffix, f"{stem} (faces blurred){suffix}", write)


def record_blurred(
    library: Library, evidence: Evidence, staged: StagedFile, review: FaceReview
) -> Outcome[BlurredCopy]:
    """Record the blurred copy, derived from the original, and hand it the original's tags and link."""
    from portfolio_app.storage.kept_faces import save_kept

    with library.db.atomic():
        recorded = record_private_copy(library, evidence, staged, blur_derivation(evidence, review))
        made, handover = recorded.value
        save_kept(library.db, made.id, [(track, review.owner(track)) for track in sorted(review.kept)])
    return Outcome(BlurredCopy(made, handover, len(review.blurred_ids), len(review.tracks.tracks)), recorded.changes)


def blur_faces(
    library: Library,
    evidence_id: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    keep: Mapping[int, FaceOwnership] | None = None,
) -> Outcome[BlurredCopy]:
    """Blur every face found in a video or photo (those the teacher added in the review too), as new
    evidence in the original's place, except the faces `keep` names with whose each is. Choices saved
    in the review are not applied: only `keep`."""
    evidence = get_evidence(library, evidence_id)
    check_blurrable(evidence)
    owners = {track: check_owner(library, evidence, o) for track, o in (keep or {}).items()}
    folder = faces_folder(library)
    finding = (lambda f: progress(f * 0.5)) if progress is not None and evidence.kind == EvidenceKind.VIDEO else None
    review = find_faces(library.store, folder, evidence, finding, cancelled)
    unknown = set(owners) - {t.id for t in review.tracks.tracks}
    if unknown:
        raise InvalidInputError(f"There is no face {min(unknown)} in “{evidence.title}” (see `portfolio faces`).")
    review = replace(review, kept=frozenset(owners), owners=owners)
    blurring = (lambda f: progress(0.5 + f * 0.5)) if progress is not None else None
    staged = prepare_blur(library.store, evidence, review, blurring, cancelled)
    return record_blurred(library, evidence, staged, review)


@dataclass(frozen=True)
class TrackListing:
    """One face track as `portfolio faces` lists it."""

    id: int
    start_s: float
    end_s: float
    thumbnail: str  # a JPEG of the face, in the faces folder
    kept: bool
    owner: str  # teacher, adult, student, unknown
    student_id: str | None
    note: str


@dataclass(frozen=True)
class FaceListing:
    evidence_id: str
    tracks: tuple[TrackListing, ...]


def face_listing(library: Library, evidence_id: str, progress: Progress | None = None) -> FaceListing:
    """The faces of a video or photo (found now, or the saved search) with a thumbnail file each."""
    evidence = get_evidence(library, evidence_id)
    folder = faces_folder(library)
    review = find_faces(library.store, folder, evidence, progress)
    pictures = review_pictures(library.store, evidence, review)
    listed = []
    for track in review.tracks.tracks:
        thumbnail = folder / f"{evidence.id}-face-{track.id}.jpg"
        write_atomically(thumbnail, pictures[track.id], "a face's thumbnail")
        owner = review.owner(track.id)
        listed.append(
            TrackListing(
                track.id,
                track.start_s,
                track.end_s,
                str(thumbnail),
                track.id in review.kept,
                str(owner.owner),
                owner.student_id,
                owner.note,
            )
        )
    return FaceListing(evidence.id, tuple(listed))
