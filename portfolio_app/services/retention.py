"""Use cases of retention: the library's rule, what it will remove and when, and removing it.

Removing leaves every row in place (evidence, tags, history) and adds one that says what the file
was and when it went, so a portfolio and the bundles that carried a copy still make sense. The
rows are committed first and the files deleted after: a crash in between leaves files that the
next run deletes, never a row pointing at a missing file without saying why. A file another
portfolio still needs (the same content imported twice) stays until that one is due too.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.retention import (
    RemovedMedia,
    RetentionClock,
    RetentionItem,
    RetentionPolicy,
    due_at,
    is_due,
    is_soon,
)
from portfolio_app.core.roster import hides_students
from portfolio_app.services.library import Library
from portfolio_app.storage import retention as stored

MAX_DAYS = 36_500


@dataclass(frozen=True)
class RetentionPlan:
    policy: RetentionPolicy
    due: tuple[RetentionItem, ...]  # removed by the next `apply_retention`
    soon: tuple[RetentionItem, ...]  # due within the reminder week: the window lists them
    waiting: tuple[RetentionItem, ...] = ()  # due, but their file is also another item's that is not


@dataclass(frozen=True)
class RetentionResult:
    removed: tuple[RemovedMedia, ...]
    files_deleted: int
    bytes_freed: int
    waiting: tuple[RetentionItem, ...]


def get_policy(library: Library) -> RetentionPolicy:
    days = stored.setting(library.db, stored.DAYS)
    after = stored.setting(library.db, stored.AFTER) or RetentionClock.EARNED
    return RetentionPolicy(int(days) if days else None, RetentionClock(after))


def set_policy(library: Library, days: int | None, after: str = RetentionClock.EARNED) -> Outcome[RetentionPolicy]:
    """Set the rule (`days` None: keep everything). Returns the rule before (for undo)."""
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise InvalidInputError(f"Keep media for 0 to {MAX_DAYS} days (you gave {days}).")
    try:
        clock = RetentionClock(after)
    except ValueError:
        raise InvalidInputError(f"Count the days after “earned” or “exported”, not “{after}”.") from None
    before = get_policy(library)
    with library.db.atomic():
        stored.set_setting(library.db, stored.DAYS, None if days is None else str(days))
        stored.set_setting(library.db, stored.AFTER, str(clock))
    return Outcome(before, Changes(privacy=True))


def plan_retention(library: Library, now: str | None = None, policy: RetentionPolicy | None = None) -> RetentionPlan:
    """What the rule (the library's, or `policy`) removes now, what it will in the coming week, and
    what waits for another portfolio that uses the same file."""
    policy = policy or get_policy(library)
    now = now or now_iso()
    if policy.days is None:
        return RetentionPlan(policy, (), ())
    clock = "earned_at" if policy.after == RetentionClock.EARNED else "exported_at"
    rows = stored.media_with_clock(library.db, clock)
    by_id = {r[0]: r for r in rows}
    kept_students = stored.copies_keeping_students(library.db)
    items = []
    for row in rows:
        evidence_id, portfolio_id, portfolio_title, title, kind, blob, size, appear, _, _, started = row
        if started is None or not _shows_students(row, by_id, kept_students):
            continue
        items.append(
            RetentionItem(
                evidence_id, portfolio_id, portfolio_title, title, kind, blob, size, due_at(started, policy.days)
            )
        )
    due = [i for i in items if is_due(i, now)]
    due_ids = {i.evidence_id for i in due}
    removed_ids = {r.evidence_id for r in stored.removed(library.db)}
    ready, waiting = [], []
    for item in due:
        users = set(stored.evidence_of_blob(library.db, item.blob)) - removed_ids
        (ready if users <= due_ids else waiting).append(item)
    soon = tuple(i for i in items if is_soon(i, now))
    return RetentionPlan(policy, tuple(ready), soon, tuple(waiting))


def apply_retention(library: Library, now: str | None = None) -> Outcome[RetentionResult]:
    """Remove the files that are due: rows first (one transaction), then the files and face reviews."""
    plan = plan_retention(library, now)
    removed_at = now or now_iso()
    what = {
        i.evidence_id: f"{i.kind} “{i.title}” of “{i.portfolio_title}”, {_size(i.size_bytes)}, "
        f"due {i.due_at[:10]}: showed students"
        for i in plan.due
    }
    reason = plan.policy.describe()
    removed = tuple(
        RemovedMedia(i.evidence_id, i.blob, what[i.evidence_id], i.size_bytes, removed_at, reason) for i in plan.due
    )
    with library.db.atomic():
        stored.record_removed(library.db, removed)
    deleted, freed = _delete_files(library, plan.due)
    changes = Changes(privacy=True, evidence=True) if removed or deleted else Changes()
    return Outcome(RetentionResult(removed, deleted, freed, plan.waiting), changes)


def removed_media(library: Library) -> list[RemovedMedia]:
    """Every file retention removed, with what it was and when."""
    return stored.removed(library.db)


def _delete_files(library: Library, items: tuple[RetentionItem, ...]) -> tuple[int, int]:
    """Delete the removed items' files, thumbnails no kept item shows, face reviews; and files a crash left.

    A file another process holds open (Windows refuses to delete it) stays for the next run."""
    removed_ids = {r.evidence_id for r in stored.removed(library.db)}
    blobs = stored.removed_blobs(library.db)
    for item in items:
        thumb = stored.thumbnail_of(library.db, item.evidence_id)
        if thumb:
            blobs.add(thumb)
    # Only what no kept item names: the same content imported again since is someone's file again.
    blobs = {b for b in blobs if set(stored.evidence_of_blob(library.db, b)) <= removed_ids}
    deleted = freed = 0
    for blob in sorted(blobs):
        path = library.store.path(blob)
        try:
            size = path.stat().st_size
            library.store.remove_unreferenced(blob)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue
        deleted += 1
        freed += size
    folder = library.data_dir / "faces"
    for item in items:
        for review in (*folder.glob(f"{item.evidence_id}.json"), *folder.glob(f"{item.evidence_id}-face-*.jpg")):
            review.unlink(missing_ok=True)
    return deleted, freed


def _shows_students(row: tuple, by_id: dict[str, tuple], kept_students: set[str]) -> bool:
    """Students appear in it and it is no blurred or redacted copy (nor made from one), unless the
    copy keeps a student's face."""
    if not row[7]:
        return False
    seen: set[str] = set()
    item: tuple | None = row
    while item is not None and item[0] not in seen:
        if hides_students(item[8]):
            return item[0] in kept_students
        seen.add(item[0])
        item = by_id.get(item[9]) if item[9] else None
    return True


def _size(size: int | None) -> str:
    return f"{(size or 0) / 1_000_000:.1f} MB"
