"""A reviewer pulls from the district inbox's bucket: verified bundles kept under their names, others refused.

(Named to run before the 300 MB upload tests of the same session, so that a pull has little to fetch.)
"""

from __future__ import annotations

import json

import pytest

from portfolio_app.core.outbox import ItemState
from portfolio_app.services.destinations import add_destination
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.outbox import queue_file
from portfolio_app.services.outbox_sending import send_waiting
from tests.ready_portfolio import make_ready_portfolio


@pytest.fixture
def sent_bundles(library, inbox, tmp_path):
    """A signed bundle and a tampered copy of it, both uploaded through the outbox."""
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    bundle = export_portfolio(library, portfolio.id, tmp_path / "exit-tickets-ana.zip").value.path
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside a payload file: the bundle no longer verifies
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(bytes(data))
    add_destination(library, "district", url=inbox.tus_url, token=inbox.token)
    queue_file(library, bundle)
    queue_file(library, tampered)
    assert [i.state for i in send_waiting(library).value] == [ItemState.DONE, ItemState.DONE]
    return bundle, tampered


def test_pull_keeps_verified_bundles_by_name_and_refuses_the_rest(run, inbox, sent_bundles, tmp_path, monkeypatch):
    bundle, _tampered = sent_bundles
    for name, value in inbox.credentials.items():
        monkeypatch.setenv(name, value)
    pulled_to = tmp_path / "pulled"

    code, out, _err = run("inbox", "list", "--from", inbox.s3_url, "--json")
    assert code == 0
    listed = {s["filename"]: s for s in json.loads(out)}
    assert {"exit-tickets-ana.zip", "tampered.zip"} <= set(listed)

    code, out, _err = run("inbox", "pull", "--from", inbox.s3_url, "-o", str(pulled_to), "--json")
    assert code == 1  # one was refused
    by_name = {p["filename"]: p for p in json.loads(out)}
    good = by_name["exit-tickets-ana.zip"]
    assert good["valid"] and good["new"] and good["record_type"] == "submission"
    assert good["signer"] == "a key that no trust list names" and len(good["fingerprint"]) == 64
    assert (pulled_to / "exit-tickets-ana.zip").read_bytes() == bundle.read_bytes()
    assert not by_name["tampered.zip"]["valid"] and by_name["tampered.zip"]["problems"]
    assert not (pulled_to / "tampered.zip").exists()
    assert not [p for p in pulled_to.iterdir() if p.name.startswith(".")]  # no partial download left

    code, out, _err = run("inbox", "pull", "--from", inbox.s3_url, "-o", str(pulled_to), "--json")
    again = {p["filename"]: p for p in json.loads(out)}
    assert not again["exit-tickets-ana.zip"]["new"]  # already here: not fetched twice


def test_the_bucket_without_credentials_is_a_clear_error(run, inbox, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    code, _out, err = run("inbox", "list", "--from", inbox.s3_url)
    assert code == 1
    assert "refused to show the bucket submissions (HTTP 403): set AWS_ACCESS_KEY_ID" in err
