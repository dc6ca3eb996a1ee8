"""Sending one file to a tus 1.0 endpoint with tuspy, resuming at the server's offset.

tuspy does the protocol (creation, `filename`/`filetype` metadata, offset from HEAD, PATCH per
chunk, URL storage). Two things are added around it: every request has a timeout (tuspy's have
none, and a laptop lid closing mid-request would otherwise hang the sender for ever), and each
failure is sorted into "try again later" (`Unreachable`) or "the teacher must act" (`Refused`).
The upload URL is handed to `on_url` the moment the server names it, so the caller can persist it
before the first byte is sent. requests honours the system's proxy settings (HTTPS_PROXY,
NO_PROXY, and the Windows/macOS system settings) and REQUESTS_CA_BUNDLE for a school's TLS
inspection certificate.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from pathlib import Path

import requests
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError, TusUploadFailed
from tusclient.fingerprint.interface import Fingerprint
from tusclient.request import TusRequest
from tusclient.storage.interface import Storage
from tusclient.uploader import Uploader

from portfolio_app.core.errors import Cancelled, PortfolioError

TIMEOUT = (15, 120)  # seconds to connect, and to wait for the next bytes of an answer
# One PATCH: a multiple of the S3 store's 8 MiB parts (no part left over for the server to stitch),
# streamed from the file rather than held in memory; the offset is saved after each.
CHUNK_BYTES = 64 << 20


class Unreachable(PortfolioError):
    """The destination could not be reached or had trouble of its own: trying again later may work."""


class Refused(PortfolioError):
    """The destination said no (a wrong token, a file too large): trying again will not help."""


class UploadGone(PortfolioError):
    """The server no longer knows the upload URL (expired or removed): start a new upload."""


def send_file(
    endpoint: str,
    token: str | None,
    path: Path,
    *,
    name: str,
    upload_url: str | None,
    on_url: Callable[[str | None], None],
    on_offset: Callable[[int], None],
    on_sending: Callable[[int], None] = lambda _position: None,
    cancelled: Callable[[], bool] = lambda: False,
    chunk_bytes: int = CHUNK_BYTES,
) -> str:
    """Send `path` to `endpoint`, resuming `upload_url` if given; returns the upload URL when all is there.

    `on_offset(n)`: the server has the first n bytes (after each chunk). `on_sending(n)`: the first
    n bytes have gone out (about every MiB, for a progress bar; the server may not have them yet).

    Raises:
        Unreachable: network trouble or a server error; call again to resume.
        Refused: the server refused the token or the file.
        UploadGone: the server forgot `upload_url` (on_url(None) was called); call again to start anew.
        Cancelled: `cancelled()` became true (checked as the body is read: a request is cut off).
    """
    client = TusClient(endpoint, headers={"Authorization": f"Bearer {token}"} if token else {})
    metadata = {"filename": name, "filetype": mimetypes.guess_type(name)[0] or "application/octet-stream"}
    memory = _UploadUrl(upload_url, on_url)
    with _SortedErrors(memory):
        uploader = _TimedUploader(
            file_path=str(path),
            client=client,
            chunk_size=chunk_bytes,
            metadata=metadata,
            store_url=True,
            url_storage=memory,
            fingerprinter=_OneItem(),
        )
        uploader.on_sending, uploader.cancelled = on_sending, cancelled
        if uploader.url is None:
            uploader.set_url(uploader.create_url())
        on_offset(uploader.offset)
        while uploader.offset < uploader.stop_at:
            if cancelled():
                raise Cancelled("Sending stopped; it goes on from here next time.")
            try:
                uploader.upload_chunk()
            except TusCommunicationError as exc:
                if exc.status_code != 409:  # 409: our offset was stale; ask the server where it is
                    raise
                uploader.offset = uploader.get_offset()
            on_offset(uploader.offset)
    return uploader.url


def server_sha256(upload_url: str, token: str | None) -> str | None:
    """The SHA-256 the inbox computed of the finished upload (HEAD: Upload-Metadata `sha256`), if it says."""
    headers = {"Tus-Resumable": "1.0.0", **({"Authorization": f"Bearer {token}"} if token else {})}
    try:
        answer = requests.head(upload_url, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise Unreachable(f"{_host(upload_url)} cannot be reached ({_reason(exc)}).") from None
    _raise_for(answer.status_code, upload_url, answer.text)
    if answer.headers.get("Upload-Sha256"):
        return answer.headers["Upload-Sha256"].strip().lower()
    for pair in answer.headers.get("Upload-Metadata", "").split(","):
        key, _, value = pair.strip().partition(" ")
        if key == "sha256" and value:
            return base64.b64decode(value).decode("ascii", "replace").strip().lower()
    return None


def discard_upload(upload_url: str, token: str | None) -> None:
    """Ask the inbox to delete an upload (tus termination); an inbox that cannot is left as it is."""
    headers = {"Tus-Resumable": "1.0.0", **({"Authorization": f"Bearer {token}"} if token else {})}
    try:
        answer = requests.delete(upload_url, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise Unreachable(f"{_host(upload_url)} cannot be reached ({_reason(exc)}).") from None
    if answer.status_code not in (404, 405, 410):  # gone already, or no termination extension
        _raise_for(answer.status_code, upload_url, answer.text)


class _UploadUrl(Storage):
    """tuspy's URL storage for one item: the caller persists it (the library's outbox row)."""

    def __init__(self, url: str | None, on_url: Callable[[str | None], None]):
        self.url = url
        self._on_url = on_url

    def get_item(self, key):
        return self.url

    def set_item(self, key, value):
        if value != self.url:
            self.url = value
            self._on_url(value)

    def remove_item(self, key):
        self.url = None
        self._on_url(None)


class _OneItem(Fingerprint):
    """The URL storage holds one item's URL, so no fingerprint (tuspy's reads the file) is needed."""

    def get_fingerprint(self, fs):
        return "item"


class _Stopped(Exception):
    """Raised inside a request body's read to cut the request off when sending is cancelled."""


class _FileSlice:
    """The next `length` bytes of an open file, read as requests sends them (tuspy reads a chunk into memory).

    Reports the position about every MiB and stops the request when cancelled, so that quitting
    never waits for a 64 MiB chunk to crawl over a slow link.
    """

    def __init__(self, file, length: int, start: int, on_sending: Callable[[int], None], cancelled: Callable[[], bool]):
        self._file = file
        self._left = length
        self._position = start
        self._reported = start
        self._on_sending = on_sending
        self._cancelled = cancelled

    def __len__(self) -> int:  # requests sends Content-Length, not chunked encoding
        return self._left

    def read(self, size: int = -1) -> bytes:
        wanted = self._left if size is None or size < 0 else min(size, self._left)
        block = self._file.read(wanted)
        self._left -= len(block)
        self._position += len(block)
        if self._position - self._reported >= 1 << 20 or not self._left:
            self._reported = self._position
            if self._cancelled():
                raise _Stopped
            self._on_sending(self._position)
        return block


class _TimedRequest(TusRequest):
    def __init__(self, uploader):
        super().__init__(uploader)
        self._start = uploader.offset
        self._on_sending = getattr(uploader, "on_sending", lambda _position: None)
        self._cancelled = getattr(uploader, "cancelled", lambda: False)

    def perform(self):
        body = _FileSlice(self.file, self._content_length, self._start, self._on_sending, self._cancelled)
        try:
            answer = requests.patch(self._url, data=body, headers=self._request_headers, timeout=TIMEOUT)
        except _Stopped:
            raise Cancelled("Sending stopped; it goes on from here next time.") from None
        except requests.RequestException as exc:
            if isinstance(exc.__context__, _Stopped) or "_Stopped" in repr(exc):
                raise Cancelled("Sending stopped; it goes on from here next time.") from None
            raise TusUploadFailed(exc) from None
        finally:
            self.file.close()
        self.status_code = answer.status_code
        self.response_content = answer.content
        self.response_headers = {k.lower(): v for k, v in answer.headers.items()}


class _TimedUploader(Uploader):
    def _do_request(self):
        self.request = _TimedRequest(self)
        self.request.perform()
        if not 200 <= self.request.status_code < 300:
            raise TusUploadFailed("", self.request.status_code, self.request.response_content)

    def get_offset(self):
        try:
            answer = requests.head(self.url, headers=self.get_headers(), timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise TusCommunicationError(exc) from None
        if answer.headers.get("upload-offset") is None:
            raise TusCommunicationError("", answer.status_code, answer.content)
        return int(answer.headers["upload-offset"])

    def create_url(self):
        try:
            answer = requests.post(self.client.url, headers=self.get_url_creation_headers(), timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise TusCommunicationError(exc) from None
        if answer.headers.get("location") is None:
            raise TusCommunicationError("", answer.status_code, answer.content)
        return requests.compat.urljoin(self.client.url, answer.headers["location"])


class _SortedErrors:
    """Turns tuspy's errors into Unreachable, Refused or UploadGone."""

    def __init__(self, memory: _UploadUrl):
        self._memory = memory

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _traceback):
        if not isinstance(error, TusCommunicationError):
            return False
        where = self._memory.url or "the upload address"
        if error.status_code in (404, 410) and self._memory.url:
            self._memory.remove_item("item")
            raise UploadGone(f"{_host(where)} no longer has the upload; it starts again.") from None
        if error.status_code is None:
            cause = error.args[0] if error.args else error
            raise Unreachable(f"{_host(where)} cannot be reached ({_reason(cause)}).") from None
        _raise_for(error.status_code, where, _text(error.response_content))
        raise Unreachable(f"{_host(where)} answered {error.status_code}; trying again later.") from None


def _raise_for(status: int, url: str, body: str) -> None:
    if status in (401, 403):
        raise Refused(
            f"{_host(url)} refused the upload token (HTTP {status}). Check the destination's token "
            "(`portfolio destinations add NAME --url URL --token T` replaces it)."
        )
    if status == 413:
        raise Refused(f"{_host(url)} does not accept files this large (HTTP 413). Ask the district for its limit.")
    if status in (404, 410):
        raise UploadGone(f"{_host(url)} no longer has the upload (HTTP {status}).")
    if 400 <= status < 500 and status not in (408, 409, 423, 429):
        detail = f": {body.strip()[:200]}" if body.strip() else ""
        raise Refused(f"{_host(url)} refused the upload (HTTP {status}){detail}")
    if status >= 400:
        raise Unreachable(f"{_host(url)} answered HTTP {status}; trying again later.")


def _host(url: str) -> str:
    return requests.utils.urlparse(url).netloc or url


def _reason(exc: object) -> str:
    text = str(exc)
    for known in ("Connection refused", "timed out", "Name or service not known", "Connection aborted", "reset"):
        if known.lower() in text.lower():
            return known.lower()
    return text[:160]


def _text(content: object) -> str:
    if isinstance(content, bytes):
        return content.decode("utf-8", "replace")
    return str(content or "")
