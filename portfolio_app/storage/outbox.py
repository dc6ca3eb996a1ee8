"""Destinations and the outbox queue: rows in, values out."""

from __future__ import annotations

from portfolio_app.core.outbox import (
    Destination,
    DestinationKind,
    ItemState,
    OutboxItem,
    OutboxItemId,
    Receipt,
)
from portfolio_app.storage.database import Database

# -- destinations -----------------------------------------------------------------------------


def _destination(row: tuple) -> Destination:
    name, kind, target, has_token, created_at = row
    return Destination(name, DestinationKind(kind), target, bool(has_token), created_at)


def insert_destination(db: Database, destination: Destination) -> None:
    db.execute(
        "INSERT INTO destinations (name, kind, target, has_token, created_at) VALUES (?, ?, ?, ?, ?)",
        [destination.name, destination.kind, destination.target, int(destination.has_token), destination.created_at],
    )


def get_destination(db: Database, name: str) -> Destination | None:
    """The destination with this name, without regard to case."""
    row = db.execute(
        "SELECT name, kind, target, has_token, created_at FROM destinations WHERE name = ?", [name]
    ).fetchone()
    return _destination(row) if row else None


def list_destinations(db: Database) -> list[Destination]:
    rows = db.execute("SELECT name, kind, target, has_token, created_at FROM destinations ORDER BY name")
    return [_destination(r) for r in rows]


def delete_destination(db: Database, name: str) -> None:
    db.execute("DELETE FROM destinations WHERE name = ?", [name])


def count_items_for(db: Database, destination: str, states: tuple[ItemState, ...]) -> int:
    marks = ", ".join("?" * len(states))
    return db.execute(
        f"SELECT count(*) FROM outbox WHERE destination = ? AND state IN ({marks})", [destination, *states]
    ).fetchone()[0]


def delete_items_for(db: Database, destination: str) -> None:
    db.execute("DELETE FROM outbox WHERE destination = ?", [destination])


# -- items ------------------------------------------------------------------------------------

_ITEM_COLUMNS = (
    "id, file, name, sha256, size, mtime_ns, destination, upload_url, offset, state, attempts, last_error, "
    "queued_at, receipt_location, receipt_sha256, receipt_verified, receipt_at"
)


def _item(row: tuple) -> OutboxItem:
    (item_id, file, name, sha256, size, mtime_ns, destination, upload_url, offset, state, attempts, last_error) = row[
        :12
    ]
    queued_at, location, receipt_sha256, verified, receipt_at = row[12:]
    receipt = Receipt(destination, location, size, receipt_sha256, bool(verified), receipt_at) if receipt_at else None
    return OutboxItem(
        OutboxItemId(item_id),
        file,
        name,
        sha256,
        size,
        mtime_ns,
        destination,
        upload_url,
        offset,
        ItemState(state),
        attempts,
        last_error,
        queued_at,
        receipt,
    )


def insert_item(db: Database, item: OutboxItem) -> None:
    db.execute(
        "INSERT INTO outbox (id, file, name, sha256, size, mtime_ns, destination, state, queued_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            item.id,
            item.file,
            item.name,
            item.sha256,
            item.size,
            item.mtime_ns,
            item.destination,
            item.state,
            item.queued_at,
            item.queued_at,
        ],
    )


def get_item(db: Database, item_id: str) -> OutboxItem | None:
    row = db.execute(f"SELECT {_ITEM_COLUMNS} FROM outbox WHERE id = ?", [item_id]).fetchone()
    return _item(row) if row else None


def list_items(db: Database, states: tuple[ItemState, ...] | None = None) -> list[OutboxItem]:
    """Items oldest first, optionally only in the given states."""
    if states is None:
        rows = db.execute(f"SELECT {_ITEM_COLUMNS} FROM outbox ORDER BY queued_at, id")
    else:
        marks = ", ".join("?" * len(states))
        rows = db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM outbox WHERE state IN ({marks}) ORDER BY queued_at, id", list(states)
        )
    return [_item(r) for r in rows]


def count_waiting(db: Database) -> int:
    return db.execute("SELECT count(*) FROM outbox WHERE state = 'waiting'").fetchone()[0]


def find_queued(db: Database, sha256: str, destination: str) -> OutboxItem | None:
    """An item with this content for this destination that is waiting or done (queueing twice is one upload)."""
    row = db.execute(
        f"SELECT {_ITEM_COLUMNS} FROM outbox WHERE sha256 = ? AND destination = ? AND state != 'failed'",
        [sha256, destination],
    ).fetchone()
    return _item(row) if row else None


def delete_item(db: Database, item_id: str) -> None:
    db.execute("DELETE FROM outbox WHERE id = ?", [item_id])


def set_upload_url(db: Database, item_id: str, url: str | None, now: str) -> None:
    db.execute("UPDATE outbox SET upload_url = ?, updated_at = ? WHERE id = ?", [url, now, item_id])


def set_offset(db: Database, item_id: str, offset: int, now: str) -> None:
    db.execute("UPDATE outbox SET offset = ?, updated_at = ? WHERE id = ?", [offset, now, item_id])


def count_attempt(db: Database, item_id: str, error: str, now: str) -> None:
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?",
        [error, now, item_id],
    )


def set_state(db: Database, item_id: str, state: ItemState, error: str, now: str) -> None:
    db.execute("UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ?", [state, error, now, item_id])


def write_receipt(db: Database, item_id: str, receipt: Receipt) -> None:
    """The item is done: its receipt, in the same statement as its state."""
    db.execute(
        "UPDATE outbox SET state = 'done', offset = size, last_error = '', receipt_location = ?, receipt_sha256 = ?, "
        "receipt_verified = ?, receipt_at = ?, updated_at = ? WHERE id = ?",
        [receipt.location, receipt.sha256, int(receipt.verified), receipt.at, receipt.at, item_id],
    )


def unblurred_originals(db: Database) -> list[tuple[str, str | None, str]]:
    """(evidence id, SHA-256, title) of every original with a blurred or redacted copy: these never leave."""
    rows = db.execute(
        "SELECT DISTINCT original.id, original.blob, original.title FROM evidence AS original "
        "JOIN evidence AS copy ON copy.derived_from = original.id "
        "WHERE copy.derivation LIKE 'blur%' OR copy.derivation LIKE 'redact%'"
    )
    return [(evidence_id, blob, title) for evidence_id, blob, title in rows]
