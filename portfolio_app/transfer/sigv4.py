"""AWS Signature Version 4 for plain S3 GETs: enough to read a bucket without boto3 (about 60 MB).

Follows the S3 documentation's "Signature Calculations for the Authorization Header"; the tests
check it against the examples given there and against SeaweedFS, which verifies signatures.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str
    session_token: str | None = None


def signed_headers(
    method: str,
    url: str,
    credentials: Credentials,
    region: str,
    *,
    headers: dict[str, str] | None = None,
    now: datetime | None = None,
    payload_sha256: str = EMPTY_SHA256,
) -> dict[str, str]:
    """The headers to send with `method url`: the given ones plus x-amz-* and Authorization."""
    when = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    parts = urlsplit(url)
    host = parts.netloc
    sent = {**(headers or {}), "x-amz-content-sha256": payload_sha256, "x-amz-date": when}
    if credentials.session_token:
        sent["x-amz-security-token"] = credentials.session_token
    canonical = {"host": host, **{k.lower(): " ".join(v.split()) for k, v in sent.items()}}
    names = sorted(canonical)
    request = "\n".join(
        [
            method,
            quote(parts.path or "/", safe="/~"),
            _canonical_query(parts.query),
            "".join(f"{name}:{canonical[name]}\n" for name in names),
            ";".join(names),
            payload_sha256,
        ]
    )
    scope = f"{when[:8]}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", when, scope, hashlib.sha256(request.encode()).hexdigest()])
    key = ("AWS4" + credentials.secret_key).encode()
    for part in (when[:8], region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    sent["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
    return sent


def _canonical_query(query: str) -> str:
    pairs = []
    for item in query.split("&") if query else []:
        key, _, value = item.partition("=")
        pairs.append((_encode(key), _encode(value)))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def _encode(text: str) -> str:
    from urllib.parse import unquote

    return quote(unquote(text), safe="-_.~")
