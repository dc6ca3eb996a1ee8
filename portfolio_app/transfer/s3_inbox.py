"""Reading a district inbox's bucket: which uploads are finished, and downloading one.

The tus S3 store keeps, per upload id, the object `<id>` (the file), `<id>.info` (JSON: size,
offset, metadata with `filename`) and, while unfinished, `<id>.part`; the inbox's completion hook
adds `<id>.sha256`. An upload is finished when its `.sha256` exists. Plain GETs (ListObjectsV2,
GetObject), signed with SigV4 when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set,
anonymous otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import requests

from portfolio_app.core.errors import InvalidInputError, PortfolioError
from portfolio_app.transfer.sigv4 import Credentials, signed_headers

TIMEOUT = (15, 120)
_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


class InboxUnavailable(PortfolioError):
    """The bucket cannot be read: unreachable, missing, or the credentials are refused."""


@dataclass(frozen=True)
class Submission:
    upload_id: str  # the object's key
    filename: str  # as the teacher's outbox sent it
    size: int
    sha256: str  # computed by the inbox when the upload finished
    uploaded_at: str


@dataclass(frozen=True)
class Bucket:
    endpoint: str  # scheme://host[:port]
    name: str
    credentials: Credentials | None
    region: str

    @classmethod
    def from_url(cls, url: str) -> Bucket:
        """`http(s)://host[:port]/bucket` (path-style, as `district/inbox/start` prints it)."""
        parts = urlsplit(url.strip())
        name = parts.path.strip("/")
        if parts.scheme not in ("http", "https") or not parts.netloc or not name or "/" in name:
            raise InvalidInputError(f"“{url}” does not name a bucket: give it as https://HOST/BUCKET.")
        key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
        credentials = Credentials(key, secret, os.environ.get("AWS_SESSION_TOKEN")) if key and secret else None
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        return cls(f"{parts.scheme}://{parts.netloc}", name, credentials, region)

    def get(self, key: str = "", query: dict[str, str] | None = None, *, stream: bool = False) -> requests.Response:
        url = f"{self.endpoint}/{self.name}" + (f"/{quote(key, safe='/~')}" if key else "")
        if query:
            url += "?" + urlencode(sorted(query.items()), quote_via=quote)
        headers = signed_headers("GET", url, self.credentials, self.region) if self.credentials else {}
        try:
            answer = requests.get(url, headers=headers, timeout=TIMEOUT, stream=stream)
        except requests.RequestException as exc:
            raise InboxUnavailable(f"{self.endpoint} cannot be reached ({exc.__class__.__name__}).") from None
        if answer.status_code in (401, 403):
            raise InboxUnavailable(
                f"{self.endpoint} refused to show the bucket {self.name} (HTTP {answer.status_code}): set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the inbox's credentials."
            )
        if answer.status_code != 200:
            raise InboxUnavailable(f"{self.endpoint}/{self.name}/{key} answered HTTP {answer.status_code}.")
        return answer


def list_submissions(bucket: Bucket) -> list[Submission]:
    """Every finished upload in the bucket, oldest first."""
    objects = dict(_objects(bucket))
    found = []
    for key, modified in objects.items():
        if not key.endswith(".sha256") or key[: -len(".sha256")] not in objects:
            continue
        upload_id = key[: -len(".sha256")]
        if f"{upload_id}.info" not in objects:
            continue
        info = json.loads(bucket.get(f"{upload_id}.info").content)
        sha256 = bucket.get(key).text.split()[0].strip().lower()
        filename = (info.get("metadata") or {}).get("filename") or f"{upload_id}.zip"
        found.append(Submission(upload_id, filename, int(info.get("size") or 0), sha256, modified))
    return sorted(found, key=lambda s: (s.uploaded_at, s.upload_id))


def download(
    bucket: Bucket, submission: Submission, target: Path, progress: Callable[[int], None] | None = None
) -> str:
    """Write the upload to `target` (the caller's temporary name); returns the SHA-256 of what was written."""
    digest = hashlib.sha256()
    answer = bucket.get(submission.upload_id, stream=True)
    done = 0
    with open(target, "wb") as writer:
        for block in answer.iter_content(1 << 20):
            digest.update(block)
            writer.write(block)
            done += len(block)
            if progress:
                progress(done)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def _objects(bucket: Bucket) -> Iterator[tuple[str, str]]:
    query = {"list-type": "2"}
    while True:
        tree = ElementTree.fromstring(bucket.get("", query).content)
        for entry in tree.iter(f"{_NS}Contents"):
            yield entry.findtext(f"{_NS}Key") or "", entry.findtext(f"{_NS}LastModified") or ""
        token = tree.findtext(f"{_NS}NextContinuationToken")
        if tree.findtext(f"{_NS}IsTruncated") != "true" or not token:
            return
        query = {"list-type": "2", "continuation-token": token}
