"""Library backups: a consistent, incremental, encrypted copy in a folder, and restoring one.

The database is copied with SQLite's online backup API into a snapshot (the window may keep
writing meanwhile: WAL readers see one consistent moment), then every blob the snapshot's
`blobs` table names is sealed into `objects/` (backup_format). An object that is already
there is not copied again, so a second backup costs only what changed, and an interrupted one
resumes where it stopped: objects appear under their final names only when complete. The
manifest is written last; objects no manifest names any more are removed after it.

Restoring decrypts into a hidden folder beside the target, checks every blob against its name
and the database against the manifest and SQLite's integrity check, and only then renames the
folder into place: a wrong passphrase or a damaged backup leaves nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.atomic_files import fsync_folder, temp_name, write_atomically
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import Cancelled, InvalidInputError, StorageError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.storage import backup_format as fmt
from portfolio_app.storage.database import DB_NAME
from portfolio_app.storage.mediastore import MediaStore


@dataclass(frozen=True)
class BackupReport:
    folder: Path
    files: int  # database + blobs in the backup
    bytes_total: int
    files_copied: int  # sealed in this run (the rest were there already)
    bytes_copied: int
    missing: tuple[str, ...]  # blobs the database names that the media store does not hold
    finished_at: str


@dataclass(frozen=True)
class RestoreReport:
    data_dir: Path
    files: int
    bytes_total: int
    created_at: str  # when the backup was made


def make_backup(
    database: Path,
    store: MediaStore,
    target: Path,
    passphrase: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BackupReport:
    """Back up the library whose database file is `database` and media `store` into the folder `target`.

    Reads the database through a connection of its own, so the app may keep using the library.

    Raises:
        WrongBackupPassphraseError: `target` holds a backup made with another passphrase.
        StorageError: a file cannot be read or written; Cancelled: run it again to go on.
    """
    objects = target / fmt.OBJECTS
    try:
        objects.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"The backup folder {target} cannot be used: {exc.strerror or exc}") from exc
    if (target / fmt.HEADER_NAME).exists():
        keys = fmt.open_header(target, passphrase)  # the same passphrase as the earlier runs
    else:
        header, keys = fmt.new_header(passphrase)
        write_atomically(target / fmt.HEADER_NAME, json.dumps(header, indent=2).encode())
    snapshot = store.root.parent / f".backup-snapshot-{secrets.token_hex(4)}.db"
    finisher = _Finisher()
    try:
        _snapshot(database, snapshot)
        with contextlib.closing(sqlite3.connect(snapshot)) as copy:
            blobs = [(row[0], row[1]) for row in copy.execute("SELECT hash, size_bytes FROM blobs ORDER BY hash")]
        present = [(h, s) for h, s in blobs if store.path(h).is_file()]
        missing = tuple(h for h, _ in blobs if not store.path(h).is_file())
        total = snapshot.stat().st_size + sum(s for _, s in present)
        meter = _Meter(total, progress, cancelled, "The backup was stopped; run it again to go on where it stopped.")
        entries = []
        copied_files = copied_bytes = 0
        with open(snapshot, "rb") as reader:
            sha, size, name = _seal_new(keys, objects, reader, meter)
        entries.append({"path": DB_NAME, "sha256": sha, "size": size, "object": name})
        copied_files, copied_bytes = 1, size
        for blob, size in present:
            name = keys.object_name(blob)
            stored = objects / name
            entry = {"path": f"media/{blob[:2]}/{blob}", "sha256": blob, "size": size, "object": name}
            if stored.is_file() and stored.stat().st_size == fmt.sealed_size(size):
                meter.advance(size)
            else:
                _seal_blob(keys, store.path(blob), blob, stored, meter, finisher)
                copied_files, copied_bytes = copied_files + 1, copied_bytes + size
            entries.append(entry)
        finisher.wait()
        fsync_folder(objects)  # the renames too are on disk before the manifest names them
    finally:
        finisher.close()
        snapshot.unlink(missing_ok=True)
    finished = now_iso()
    manifest = {"format": fmt.FORMAT, "created_at": finished, "files": entries, "missing": list(missing)}
    write_atomically(target / fmt.MANIFEST_NAME, fmt.seal_bytes(keys, "manifest", json.dumps(manifest).encode()))
    _remove_unlisted(objects, {e["object"] for e in entries})
    meter.finish()
    return BackupReport(
        folder=target,
        files=len(entries),
        bytes_total=sum(e["size"] for e in entries),
        files_copied=copied_files,
        bytes_copied=copied_bytes,
        missing=missing,
        finished_at=finished,
    )


def restore_backup(
    source: Path,
    data_dir: Path,
    passphrase: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RestoreReport:
    """Rebuild the library of the backup in `source` as `data_dir`, which must not exist yet or be empty.

    Raises:
        WrongBackupPassphraseError: nothing is written.
        InvalidInputError: `data_dir` is not empty; or `source` is no backup.
        StorageError: the backup is damaged (a blob that does not hash to its name, …); nothing is left.
    """
    keys = fmt.open_header(source, passphrase)
    try:
        manifest = json.loads(fmt.open_bytes(keys, "manifest", (source / fmt.MANIFEST_NAME).read_bytes()))
    except FileNotFoundError:
        raise InvalidInputError(f"The backup in {source} was never finished (no {fmt.MANIFEST_NAME}).") from None
    if data_dir.exists() and any(data_dir.iterdir()):
        raise InvalidInputError(f"{data_dir} is not empty: a backup is restored only into an empty folder.")
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = data_dir.parent / f".{data_dir.name}.restoring-{secrets.token_hex(4)}"
    stopped = "The restore was stopped; nothing was restored."
    meter = _Meter(sum(e["size"] for e in manifest["files"]), progress, cancelled, stopped)
    try:
        (temp / "media" / "tmp").mkdir(parents=True)
        for entry in manifest["files"]:
            _restore_one(keys, source / fmt.OBJECTS / entry["object"], temp, entry, meter)
        _check_database(temp / DB_NAME)
        if data_dir.exists():
            data_dir.rmdir()  # empty, checked above
        os.replace(temp, data_dir)
        fsync_folder(data_dir.parent)
    except OSError as exc:
        raise StorageError(f"The library cannot be restored into {data_dir}: {exc.strerror or exc}") from exc
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    meter.finish()
    files = manifest["files"]
    return RestoreReport(data_dir, len(files), sum(e["size"] for e in files), manifest["created_at"])


def _snapshot(database: Path, target: Path) -> None:
    """A consistent copy of the database through SQLite's online backup API (in one step: one moment)."""
    if not database.is_file():
        raise StorageError(f"There is no library database at {database} to back up.")
    with (
        contextlib.closing(sqlite3.connect(database, timeout=30)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)


def _seal_new(keys: fmt.BackupKeys, objects: Path, reader, meter: _Meter) -> tuple[str, int, str]:
    """Seal a file whose hash is not known yet (the snapshot): to a temp name, then renamed after its hash."""
    temp = temp_name(objects / "snapshot")  # renamed after its hash below
    # The object name must be fixed before sealing (it is the associated data), so the snapshot is
    # hashed first; it is small next to the media.
    digest = hashlib.sha256()
    while chunk := reader.read(fmt.CHUNK):
        digest.update(chunk)
    reader.seek(0)
    name = keys.object_name(digest.hexdigest())
    try:
        with open(temp, "wb") as writer:
            sha, size = fmt.seal_stream(keys, name, reader, writer, meter.advance)
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(temp, objects / name)
    finally:
        temp.unlink(missing_ok=True)
    return sha, size, name


def _seal_blob(keys: fmt.BackupKeys, source: Path, blob: str, stored: Path, meter: _Meter, finisher: _Finisher) -> None:
    """Seal a media blob (checking it still hashes to its name) and hand it to the finisher."""
    temp = temp_name(stored)
    try:
        with open(source, "rb") as reader:
            writer = open(temp, "wb")  # noqa: SIM115 - closed by the finisher, after its fsync
            try:
                sha, _ = fmt.seal_stream(keys, stored.name, reader, writer, meter.advance)
            except BaseException:
                writer.close()
                raise
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StorageError(f"The backup could not copy {source.name}: {exc.strerror or exc}") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if sha != blob:
        writer.close()
        temp.unlink(missing_ok=True)
        raise StorageError(f"The library's media file {source.name} no longer matches its hash: it is damaged.")
    finisher.finish(writer, temp, stored)


class _Finisher:
    """fsync, close and rename sealed objects on a thread of its own, so the next object is read and
    sealed while the disk catches up; an object gets its final name only once it is on disk."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, "backup-fsync")
        self._pending: list[Future] = []

    def finish(self, writer, temp: Path, stored: Path) -> None:
        self._pending.append(self._pool.submit(self._finish, writer, temp, stored))
        while len(self._pending) > 4:
            self._pending.pop(0).result()

    @staticmethod
    def _finish(writer, temp: Path, stored: Path) -> None:
        try:
            writer.flush()
            os.fsync(writer.fileno())
            writer.close()
            os.replace(temp, stored)
        except OSError as exc:
            writer.close()
            temp.unlink(missing_ok=True)
            raise StorageError(f"The backup could not write {stored.name}: {exc.strerror or exc}") from exc

    def wait(self) -> None:
        """Every object handed over is on disk under its final name (or the first failure is raised)."""
        while self._pending:
            self._pending.pop(0).result()

    def close(self) -> None:
        """Let what was handed over finish (a failure after another is dropped), then stop the thread."""
        self._pool.shutdown(wait=True)


def _restore_one(keys: fmt.BackupKeys, stored: Path, root: Path, entry: dict, meter: _Meter) -> None:
    path = root / entry["path"]
    if not path.resolve().is_relative_to(root.resolve()) or entry["path"].startswith("media/tmp"):
        raise StorageError(f"The backup's manifest names a file outside the library: {entry['path']}")
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with open(stored, "rb") as reader, open(path, "xb") as writer:
            for chunk in fmt.open_stream(keys, entry["object"], reader):
                digest.update(chunk)
                writer.write(chunk)
                meter.advance(len(chunk))
    except FileNotFoundError:
        raise StorageError(f"The backup is missing the copy of {entry['path']}.") from None
    if digest.hexdigest() != entry["sha256"]:
        raise StorageError(f"The backup's copy of {entry['path']} does not hash to what its manifest says.")
    if entry["path"].startswith("media/"):
        os.chmod(path, 0o444)  # blobs are read-only in a library, as the media store leaves them


def _check_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if result != "ok" or broken:
        raise StorageError(f"The backed-up database is damaged ({result}; {len(broken)} broken references).")


def _remove_unlisted(objects: Path, keep: set[str]) -> None:
    """Objects of earlier backups that the new manifest no longer names (deleted evidence, old snapshots)."""
    for item in objects.iterdir():
        if item.name not in keep:
            item.unlink(missing_ok=True)


class _Meter:
    def __init__(self, total: int, progress: Progress | None, cancelled: CancelCheck | None, stopped: str):
        self.total, self.done, self.progress, self.cancelled = max(total, 1), 0, progress, cancelled
        self.stopped = stopped

    def advance(self, count: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(self.stopped)
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done / self.total, 0.999))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(1.0)
