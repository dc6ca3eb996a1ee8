"""The reviewer's side of the district inbox: list what arrived, pull it, verify it before it is shown."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services.verify import verify_and_name_signer
from portfolio_app.storage.database import Database
from portfolio_app.transfer.s3_inbox import Bucket, Submission, download, list_submissions


@dataclass(frozen=True)
class Pulled:
    submission: Submission
    path: Path | None  # where the verified file is; None when it was refused
    new: bool  # False: it was already in the folder
    problems: tuple[str, ...]  # why it was refused (a damaged download, a record that does not verify)
    fingerprint: str | None  # the signer's key
    record_type: str | None = None  # submission, observation, review …
    signer: str | None = None  # who signed it by the trust lists ("unknown key …" without one)


def inbox_submissions(s3_url: str) -> list[Submission]:
    """The finished uploads in the inbox's bucket (nothing is downloaded)."""
    return list_submissions(Bucket.from_url(s3_url))


def pull_submissions(
    s3_url: str,
    folder: Path,
    db: Database | None = None,
    progress: Callable[[Submission, int], None] | None = None,
) -> list[Pulled]:
    """Download each submission not yet in `folder`, verify it, and keep it under its own .zip name if valid.

    A download that differs from what the inbox received, a record that does not verify, or one
    signed by a key revoked before it signed (by the trust lists in `db`, the reviewer's library)
    is not kept: it is listed with its problems instead, and the next pull tries again.
    """
    bucket = Bucket.from_url(s3_url)
    folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise InvalidInputError(f"{folder} is not a folder.")
    pulled = []
    for submission in list_submissions(bucket):
        name = _safe_name(submission.filename, submission.upload_id)
        existing = _same_file(folder, name, submission)
        if existing is not None:
            pulled.append(Pulled(submission, existing, False, (), None))
            continue
        pulled.append(_pull_one(bucket, submission, folder, name, db, progress))
    return pulled


def _pull_one(bucket, submission, folder, name, db, progress) -> Pulled:
    temp = folder / f".{submission.upload_id}.partial"
    try:
        got = download(bucket, submission, temp, (lambda n: progress(submission, n)) if progress else None)
        if got != submission.sha256:
            problem = f"the download's SHA-256 {got[:12]}… is not the inbox's {submission.sha256[:12]}…"
            return Pulled(submission, None, True, (problem,), None)
        checked = verify_and_name_signer(db, temp)
        report, signer = checked.report, checked.signer
        signer_text = signer.text if signer is not None else None
        if not checked.accepted:
            problems = tuple(f"{p.entry}: {p.reason}" for p in report.problems) or (f"signed by {signer_text}",)
            return Pulled(submission, None, True, problems, report.fingerprint, report.record_type, signer_text)
        target = _free_name(folder, name)
        os.replace(temp, target)
        return Pulled(submission, target, True, (), report.fingerprint, report.record_type, signer_text)
    finally:
        temp.unlink(missing_ok=True)


def _safe_name(filename: str, fallback: str) -> str:
    """The sender's file name without any folder part or characters a file system refuses."""
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    return name or f"{fallback}.zip"


def _same_file(folder: Path, name: str, submission: Submission) -> Path | None:
    stem, suffix = os.path.splitext(name)
    candidates = [folder / name] + sorted(folder.glob(f"{_glob_escape(stem)} (*){_glob_escape(suffix)}"))
    for path in candidates:
        if path.is_file() and path.stat().st_size == submission.size and _sha256(path) == submission.sha256:
            return path
    return None


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _free_name(folder: Path, name: str) -> Path:
    stem, suffix = os.path.splitext(name)
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem} ({number}){suffix}"
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while block := reader.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
