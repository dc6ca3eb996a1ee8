"""The outbox against the real stack: district/inbox (the official tus server on SeaweedFS S3)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from portfolio_app.core.outbox import ItemState
from portfolio_app.services.destinations import add_destination
from portfolio_app.services.outbox import list_outbox, queue_file
from portfolio_app.services.outbox_sending import Patience, send_waiting
from tests.upload.dropping_proxy import DroppingProxy

MB = 1 << 20
REPO = Path(__file__).resolve().parents[2]


def _bundle_like(path: Path, size: int) -> Path:
    """A stored ZIP with one top folder and a large random 'video', as an exported bundle is."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("bundle/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        with archive.open("bundle/data/evidence/01-lesson.mp4", "w", force_zip64=True) as entry:
            written = 0
            while written < size:
                block = os.urandom(min(8 * MB, size - written))
                entry.write(block)
                written += len(block)
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as reader:
        while block := reader.read(MB):
            digest.update(block)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory) -> Path:
    return _bundle_like(tmp_path_factory.mktemp("big") / "lesson-bundle.zip", 300 * MB)


def test_a_small_bundle_arrives_with_a_verified_receipt(library, inbox, tmp_path):
    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    bundle = _bundle_like(tmp_path / "small.zip", 3 * MB)
    queue_file(library, bundle)

    [item] = send_waiting(library).value

    assert item.state == ItemState.DONE
    assert item.receipt.verified and item.receipt.sha256 == _sha256(bundle)
    assert item.receipt.location.startswith(inbox.tus_url + "/")


def test_a_wrong_token_is_a_clear_error_and_sends_nothing(library, inbox, tmp_path):
    add_destination(library, "district", url=inbox.tus_url, token="not-the-token")
    queue_file(library, _bundle_like(tmp_path / "small.zip", MB))

    [item] = send_waiting(library).value

    assert item.state == ItemState.FAILED and item.upload_url is None
    assert "refused the upload token (HTTP 401)" in item.last_error
    assert "portfolio destinations add" in item.last_error  # what to do about it


def test_a_file_changed_after_queueing_is_refused(library, inbox, tmp_path):
    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    bundle = _bundle_like(tmp_path / "small.zip", MB)
    queue_file(library, bundle)
    data = bytearray(bundle.read_bytes())
    data[-100] ^= 0xFF  # same size, one byte different
    bundle.write_bytes(bytes(data))

    [item] = send_waiting(library).value

    assert item.state == ItemState.FAILED and item.upload_url is None  # not one byte went out
    assert "small.zip has changed since it was queued" in item.last_error


def test_an_unreachable_inbox_leaves_the_item_waiting_after_a_few_tries(library, tmp_path):
    add_destination(library, "district", url=f"http://127.0.0.1:{_closed_port()}/files")
    queue_file(library, _bundle_like(tmp_path / "small.zip", MB))
    waits: list[float] = []

    [item] = send_waiting(library, patience=Patience(give_up_after=4, wait=lambda s: waits.append(s) or False)).value

    assert item.state == ItemState.WAITING and item.attempts == 4
    assert waits == [1.0, 2.0, 4.0]  # growing pauses between tries; `send` returns after the fourth
    assert "cannot be reached (connection refused)" in item.last_error


def test_an_upload_the_inbox_forgot_starts_again(library, inbox, tmp_path):
    from portfolio_app.storage.outbox import set_upload_url

    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    item = queue_file(library, _bundle_like(tmp_path / "small.zip", MB)).value
    set_upload_url(library.db, item.id, inbox.tus_url + "/0123456789abcdef0123456789abcdef", "2026-12-05T00:00:00Z")

    [sent] = send_waiting(library).value

    assert sent.state == ItemState.DONE and sent.receipt.verified
    assert not sent.upload_url.endswith("/0123456789abcdef0123456789abcdef")


def test_a_cancel_cuts_the_request_at_once_and_sending_resumes_later(library, inbox, tmp_path):
    from portfolio_app.core.errors import Cancelled
    from portfolio_app.services.outbox_sending import send_item

    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    bundle = _bundle_like(tmp_path / "mid.zip", 40 * MB)  # one 64 MiB chunk would hold it all
    item = queue_file(library, bundle).value
    seen: list[int] = []

    with pytest.raises(Cancelled):
        send_item(library, item.id, progress=lambda _item, at: seen.append(at), cancelled=lambda: len(seen) >= 5)

    assert seen == [0, 1 * MB, 2 * MB, 3 * MB, 4 * MB]  # progress as bytes go, not per chunk; then cut off
    [waiting] = list_outbox(library)
    assert waiting.state == ItemState.WAITING and waiting.upload_url
    [item] = send_waiting(library).value
    assert item.state == ItemState.DONE and item.receipt.sha256 == _sha256(bundle)


def test_the_system_proxy_setting_is_honoured(library, inbox, tmp_path, monkeypatch):
    with DroppingProxy(inbox.tus_port, drop_every=None) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("NO_PROXY", "")
        add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
        bundle = _bundle_like(tmp_path / "small.zip", 2 * MB)
        queue_file(library, bundle)
        [item] = send_waiting(library).value

    assert item.state == ItemState.DONE and item.receipt.verified
    assert proxy.passed >= bundle.stat().st_size  # every byte went through the proxy


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_300_mb_through_a_connection_cut_every_few_megabytes(library, inbox, big_bundle):
    with DroppingProxy(inbox.tus_port, drop_every=7 * MB) as proxy:
        add_destination(library, "district", url=proxy.url(inbox.tus_url), token=inbox.token)
        queue_file(library, big_bundle)
        [item] = send_waiting(library, patience=Patience(give_up_after=3)).value

    assert proxy.drops >= 10
    assert item.state == ItemState.DONE, item.last_error
    assert item.receipt.verified and item.receipt.sha256 == _sha256(big_bundle)
    assert item.attempts >= proxy.drops


# The sending process of the kill test: the real CLI, with the token in an in-memory keychain.
_CHILD = """
import sys, keyring
from tests.keyring_memory import MemoryKeyring
from portfolio_app.bundle.keys import SERVICE
from portfolio_app.services.destinations import _account
chain = MemoryKeyring()
chain.set_password(SERVICE, _account("district"), sys.argv[1])
keyring.set_keyring(chain)
from portfolio_app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _sender(data_dir: Path, token: str) -> subprocess.Popen:
    command = [sys.executable, "-c", _CHILD, token, "outbox", "send", "--json", "--data-dir", str(data_dir)]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_300_mb_survive_a_killed_sender_and_resume_in_a_new_process(library, data_dir, inbox, big_bundle):
    size = big_bundle.stat().st_size
    with DroppingProxy(inbox.tus_port, drop_every=None, signal_after=150 * MB) as proxy:
        add_destination(library, "district", url=proxy.url(inbox.tus_url), token=inbox.token)
        queue_file(library, big_bundle)
        first = _sender(data_dir, inbox.token)
        assert proxy.reached.wait(timeout=120), first.communicate()
        first.kill()  # SIGKILL: no clean-up, as a closed lid or a crash
        first.communicate()
        [interrupted] = list_outbox(library)
        assert interrupted.state == ItemState.WAITING and interrupted.upload_url

        second = _sender(data_dir, inbox.token)
        out, err = second.communicate(timeout=240)

    assert second.returncode == 0, err
    [item] = json.loads(out)
    assert item["state"] == "done" and item["upload_url"] == interrupted.upload_url
    assert item["receipt"]["verified"] and item["receipt"]["sha256"] == _sha256(big_bundle)
    assert proxy.passed < size + 40 * MB  # resumed at the server's offset, not sent again from the start
    [receipt] = [i.receipt for i in list_outbox(library)]
    assert receipt.location == interrupted.upload_url


@pytest.fixture
def inbox_server(inbox):
    """Starts more tus servers (server.mjs) on the inbox's bucket, as a district scales out behind nginx.

    Each call returns (url, process); all are stopped at the end of the test.
    """
    started: list[subprocess.Popen] = []

    def start() -> tuple[str, subprocess.Popen]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env |= dict(inbox.credentials, INBOX_PORT=str(_closed_port()), INBOX_TOKENS=inbox.token, NODE_NO_WARNINGS="1")
        env |= {"S3_ENDPOINT": inbox.s3_url.rsplit("/", 1)[0], "S3_BUCKET": inbox.s3_url.rsplit("/", 1)[1]}
        server = subprocess.Popen(
            ["node", "server.mjs"], cwd=REPO / "district" / "inbox", env=env, stdout=subprocess.PIPE, text=True
        )
        started.append(server)
        line = server.stdout.readline()
        assert line.startswith("tus: "), line
        return line.split(": ", 1)[1].strip(), server

    yield start
    for server in started:
        server.terminate()
        server.wait(timeout=30)


def _start_then_cancel(library, url: str, token: str, bundle: Path):
    """Queues the bundle for `url` and cuts the upload off about 9 MiB in (the laptop's lid closes)."""
    from portfolio_app.core.errors import Cancelled
    from portfolio_app.services.outbox_sending import send_item

    add_destination(library, "district", url=url, token=token)
    item = queue_file(library, bundle).value
    seen: list[int] = []
    with pytest.raises(Cancelled):
        send_item(library, item.id, progress=lambda _item, at: seen.append(at), cancelled=lambda: len(seen) >= 9)
    [started] = list_outbox(library)
    assert started.upload_url.startswith(url)
    return started


def _route_to(library, started, old_url: str, new_url: str) -> str:
    from portfolio_app.storage.outbox import set_upload_url

    moved = new_url + started.upload_url[len(old_url) :]
    set_upload_url(library.db, started.id, moved, started.queued_at)
    return moved


def test_an_upload_goes_on_at_another_inbox_server_once_its_own_stops(library, inbox, inbox_server, tmp_path):
    first, first_process = inbox_server()
    second, _ = inbox_server()
    bundle = _bundle_like(tmp_path / "scaled.zip", 20 * MB)
    started = _start_then_cancel(library, first, inbox.token, bundle)
    # The first server restarts (or dies): nginx's consistent hash now sends the upload to the other.
    first_process.terminate()
    first_process.wait(timeout=30)
    moved = _route_to(library, started, first, second)

    [item] = send_waiting(library).value

    assert item.state == ItemState.DONE and item.receipt.location == moved  # resumed there, not begun again
    assert item.receipt.verified and item.receipt.sha256 == _sha256(bundle)  # the other server's hook


def test_two_inbox_servers_writing_one_upload_still_end_in_a_true_copy(library, inbox, inbox_server, tmp_path):
    # What the district README forbids (a proxy without the consistent hash): the other server takes
    # the upload while the first may still be writing what it had received. The copy may come out
    # wrong; the teacher's laptop notices by the inbox's hash, and the end is one true copy either way.
    first, _ = inbox_server()
    second, _ = inbox_server()
    bundle = _bundle_like(tmp_path / "scaled.zip", 20 * MB)
    started = _start_then_cancel(library, first, inbox.token, bundle)
    _route_to(library, started, first, second)

    [item] = send_waiting(library).value

    assert item.state == ItemState.DONE, item.last_error
    assert item.receipt.verified and item.receipt.sha256 == _sha256(bundle)


def test_a_damaged_inbox_copy_is_deleted_there_and_sent_again(library, inbox, tmp_path, monkeypatch):
    import requests

    from portfolio_app.services import outbox_sending

    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    bundle = _bundle_like(tmp_path / "damaged.zip", 3 * MB)
    queue_file(library, bundle)
    answers: list[str] = []
    real = outbox_sending.server_sha256

    def first_copy_damaged(url: str, token: str | None) -> str | None:
        answers.append(url)
        return "0" * 64 if len(answers) == 1 else real(url, token)

    monkeypatch.setattr(outbox_sending, "server_sha256", first_copy_damaged)

    [item] = send_waiting(library).value

    assert item.state == ItemState.DONE, item.last_error
    assert item.receipt.verified and item.receipt.sha256 == _sha256(bundle)
    damaged, kept = answers
    assert item.receipt.location == kept != damaged
    gone = requests.head(damaged, headers={"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {inbox.token}"})
    assert gone.status_code in (404, 410)  # the wrong copy is not left in the inbox for a reviewer


def test_an_inbox_that_damages_every_copy_gets_two_tries_then_the_item_fails_saying_so(
    library, inbox, tmp_path, monkeypatch
):
    from portfolio_app.services import outbox_sending

    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    queue_file(library, _bundle_like(tmp_path / "damaged.zip", 1 * MB))
    tries: list[str] = []
    monkeypatch.setattr(outbox_sending, "server_sha256", lambda url, _token: tries.append(url) or "0" * 64)

    [item] = send_waiting(library).value

    assert item.state == ItemState.FAILED and len(tries) == 2
    assert "came out different" in item.last_error and "ask the district" in item.last_error
