"""Use cases that make new evidence from old: trim, compress, rotate, crop, strip metadata.

The original is never touched: each edit writes a new file in the store's temp folder, adopts
it under its hash and records it as evidence derived from the original. As with import, the
slow half (`prepare_*`) touches only the media store and runs on any thread; the window then
records the result on its database worker, the CLI does both in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.edits import check_compress, check_trim
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.text import clock
from portfolio_app.media import images, transcode
from portfolio_app.services.evidence import StagedFile, get_evidence, make_staged, record_staged
from portfolio_app.services.library import Library
from portfolio_app.storage.mediastore import MediaStore


@dataclass(frozen=True)
class Derivation:
    """How new evidence made by an edit is named and described (the window and the CLI agree)."""

    title: str
    derivation: str


def trim_derivation(evidence: Evidence, start_s: float, end_s: float) -> Derivation:
    return Derivation(f"{evidence.title} ({clock(start_s)}–{clock(end_s)})", f"trim {start_s:.3f}-{end_s:.3f}")


def compress_derivation(evidence: Evidence, max_mb: float | None, max_height: int) -> Derivation:
    limit = f", at most {max_mb:g} MB" if max_mb is not None else ""
    return Derivation(f"{evidence.title} (compressed)", f"compress {max_height}p{limit}")


def image_derivation(evidence: Evidence, operation: str, **arguments: float) -> Derivation:
    described = ", ".join(f"{k}={v:g}" for k, v in arguments.items())
    return Derivation(f"{evidence.title} ({_EDIT_WORDS[operation]})", f"{operation} {described}".strip())


def record_derived(library: Library, evidence: Evidence, staged: StagedFile, named: Derivation) -> Outcome[Evidence]:
    """Record an edit's result in the original's portfolio, derived from the original."""
    return record_staged(
        library,
        evidence.portfolio_id,
        staged,
        title=named.title,
        derived_from=evidence.id,
        derivation=named.derivation,
    )


def prepare_trim(
    store: MediaStore,
    evidence: Evidence,
    start_s: float,
    end_s: float,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> StagedFile:
    """Cut [start_s, end_s) frame-accurately into a new staged file (store only, any thread)."""
    check_trim(evidence, start_s, end_s)
    suffix = ".mp4" if evidence.kind == EvidenceKind.VIDEO else ".m4a"
    source = store.path(evidence.blob)
    return make_staged(
        store,
        suffix,
        f"{_stem(evidence)} {clock(start_s)}-{clock(end_s)}{suffix}".replace(":", "."),
        lambda made: transcode.trim(source, made, start_s, end_s, progress=progress, cancelled=cancelled),
    )


def trim_evidence(
    library: Library,
    evidence_id: str,
    start_s: float,
    end_s: float,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Outcome[Evidence]:
    """A new clip of [start_s, end_s) from a video or recording; the original stays as it is."""
    evidence = get_evidence(library, evidence_id)
    staged = prepare_trim(library.store, evidence, start_s, end_s, progress, cancelled)
    return record_derived(library, evidence, staged, trim_derivation(evidence, start_s, end_s))


def prepare_compress(
    store: MediaStore,
    evidence: Evidence,
    max_mb: float | None,
    max_height: int = 720,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> StagedFile:
    """Re-encode to H.264/AAC within `max_mb` megabytes and `max_height` pixels (store only, any thread)."""
    check_compress(evidence, max_mb, max_height)
    source = store.path(evidence.blob)
    max_bytes = int(max_mb * 1_000_000) if max_mb is not None else None
    return make_staged(
        store,
        ".mp4",
        f"{_stem(evidence)} {max_height}p.mp4",
        lambda made: transcode.compress(
            source, made, max_bytes=max_bytes, max_height=max_height, progress=progress, cancelled=cancelled
        ),
    )


def compress_evidence(
    library: Library,
    evidence_id: str,
    max_mb: float | None,
    max_height: int = 720,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Outcome[Evidence]:
    """A smaller H.264/AAC copy of a video, e.g. to meet a credential's upload limit."""
    evidence = get_evidence(library, evidence_id)
    staged = prepare_compress(library.store, evidence, max_mb, max_height, progress, cancelled)
    return record_derived(library, evidence, staged, compress_derivation(evidence, max_mb, max_height))


def prepare_image_edit(store: MediaStore, evidence: Evidence, operation: str, **arguments: float) -> StagedFile:
    """Rotate (`quarter_turns`), crop (`x`, `y`, `w`, `h` in fractions) or `strip` a photo."""
    source = store.path(evidence.blob) if evidence.blob else None
    if operation == "strip" and evidence.kind == EvidenceKind.VIDEO:
        suffix = Path(evidence.original_name or "video.mp4").suffix.lower() or ".mp4"
        name = f"{_stem(evidence)} (no location){suffix}"
        return make_staged(store, suffix, name, lambda made: transcode.strip_video_metadata(source, made))
    if evidence.kind != EvidenceKind.IMAGE:
        raise InvalidInputError(f"“{evidence.title}” is not a photo or image.")
    if operation == "rotate":
        write = lambda made: images.rotate_image(source, made, int(arguments["quarter_turns"]))  # noqa: E731
    elif operation == "crop":
        x, y, w, h = (arguments[k] for k in ("x", "y", "w", "h"))
        write = lambda made: images.crop_image(source, made, x, y, w, h)  # noqa: E731
    elif operation == "strip":
        write = lambda made: images.strip_image_metadata(source, made)  # noqa: E731
    else:
        raise InvalidInputError(f"Unknown image edit: {operation}")
    suffix = images.output_suffix(Path(evidence.original_name or "image.jpg"))
    return make_staged(store, suffix, f"{_stem(evidence)} ({operation}){suffix}", write)


_EDIT_WORDS = {"rotate": "rotated", "crop": "cropped", "strip": "without location and device data"}


def edit_image(library: Library, evidence_id: str, operation: str, **arguments: float) -> Outcome[Evidence]:
    """A rotated, cropped or metadata-stripped copy of a photo (or a video without location data)."""
    evidence = get_evidence(library, evidence_id)
    staged = prepare_image_edit(library.store, evidence, operation, **arguments)
    return record_derived(library, evidence, staged, image_derivation(evidence, operation, **arguments))


def _stem(evidence: Evidence) -> str:
    return Path(evidence.original_name or evidence.title).stem
