"""Use cases of notes: evidence the teacher writes in the app (a title and rich text as Markdown).

A note's text is a blob in the media store like any file, named by its SHA-256 and never changed:
saving an edit stores the new text as a new blob and points the evidence at it, in one transaction,
so undo is saving the old text again (the same bytes, the same blob). The row keeps a copy of the
text in `note`, which search, the names check and export read as they read every item's note.

Tags on a note point at the whole note (it has no moments or regions), so they survive every edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import EvidenceId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services.evidence import get_evidence
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.storage import evidence as stored
from portfolio_app.storage.mediastore import StoredBlob

NOTE_MEDIA_TYPE = "text/markdown"
MAX_NOTE_CHARACTERS = 200_000  # some forty pages: a note is a reflection or a plan, not a book


def new_note(library: Library, portfolio_id: str, title: str, text: str = "") -> Outcome[Evidence]:
    """Add a note to a portfolio. Raises InvalidInputError for an empty title or a text too long."""
    portfolio = get_portfolio(library, portfolio_id)
    title = _title(title)
    blob = _store_text(library, text)
    now = now_iso()
    note = Evidence(
        id=EvidenceId(new_id()),
        portfolio_id=portfolio.id,
        kind=EvidenceKind.NOTE,
        title=title,
        created_at=now,
        blob=blob.hash,
        media_type=NOTE_MEDIA_TYPE,
        size_bytes=blob.size_bytes,
        note=text,
    )
    with _removing_unnamed(library, blob), library.db.atomic():
        stored.insert_blob(library.db, blob.hash, blob.size_bytes, now)
        stored.insert(library.db, note, now)
    return Outcome(note, Changes(evidence=True, portfolios=True))


def save_note(library: Library, evidence_id: str, text: str) -> Outcome[Evidence]:
    """Store a note's new text as a new blob and point the note at it; undo saves the old text.

    The same text again changes nothing (no Changes). Raises InvalidInputError for evidence that is
    not a note or a text too long.
    """
    note = get_evidence(library, evidence_id)
    if note.kind != EvidenceKind.NOTE:
        raise InvalidInputError(f"“{note.title}” is {note.kind}, not a note: its text cannot be edited here.")
    blob = _store_text(library, text)
    if blob.hash == note.blob and text == note.note:
        return Outcome(note, Changes())
    now = now_iso()
    with _removing_unnamed(library, blob), library.db.atomic():
        stored.insert_blob(library.db, blob.hash, blob.size_bytes, now)
        stored.set_note(library.db, note.id, blob.hash, blob.size_bytes, text, now)
    if note.blob is not None:
        library.store.hold(note.blob)  # undo points back at it: no collection while this process runs
    return Outcome(replace(note, blob=blob.hash, size_bytes=blob.size_bytes, note=text), Changes(evidence=True))


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInputError("A note needs a title, e.g. 'Reflection after the reteach lesson'.")
    return title


def _store_text(library: Library, text: str) -> StoredBlob:
    if len(text) > MAX_NOTE_CHARACTERS:
        raise InvalidInputError(
            f"A note holds at most {MAX_NOTE_CHARACTERS:,} characters; this one has {len(text):,}. "
            "Split it into two notes, or import it as a document."
        )
    return library.store.put_bytes(text.encode("utf-8"))


@contextmanager
def _removing_unnamed(library: Library, blob: StoredBlob) -> Iterator[None]:
    """On failure, remove the new blob unless something names it: nothing half-made stays."""
    try:
        yield
    except BaseException:
        if not blob.already_present and not stored.blob_is_referenced(library.db, blob.hash):
            library.store.remove_unreferenced(blob.hash)
        raise
