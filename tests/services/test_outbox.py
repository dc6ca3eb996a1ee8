"""The outbox without a network: destinations and their tokens, the queue, folder delivery, the privacy gate."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from portfolio_app.bundle.keys import SERVICE
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.outbox import ItemState
from portfolio_app.services import destinations, outbox
from portfolio_app.services.edits import Derivation
from portfolio_app.services.evidence import adopt_file, list_evidence
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.outbox_sending import Patience, send_waiting
from portfolio_app.services.private_copies import record_private_copy
from tests import mediagen as gen
from tests.ready_portfolio import make_ready_portfolio


def _file(path: Path, content: bytes = b"signed record " * 1000) -> Path:
    path.write_bytes(content)
    return path


def test_a_token_lives_in_the_keychain_and_never_in_the_library(library, data_dir, memory_keyring):
    destinations.add_destination(library, "District", url="https://inbox.example.org/files", token="s3cr3t-t0ken")

    made = destinations.get_destination(library, "district")  # names are matched without regard to case
    assert made.has_token and destinations.destination_token(made) == "s3cr3t-t0ken"
    assert "s3cr3t-t0ken" in memory_keyring.secrets.values()
    library.db.execute("PRAGMA wal_checkpoint(FULL)")
    for path in data_dir.glob("portfolio.db*"):
        assert b"s3cr3t-t0ken" not in path.read_bytes()

    destinations.remove_destination(library, "District")
    assert not [k for k in memory_keyring.secrets if k[0] == SERVICE and "district" in k[1]]


def test_a_destination_is_a_url_or_an_existing_folder(library, tmp_path):
    with pytest.raises(InvalidInputError, match="either an upload address"):
        destinations.add_destination(library, "x", url="https://a.example/files", folder=str(tmp_path))
    with pytest.raises(InvalidInputError, match="not an upload address"):
        destinations.add_destination(library, "x", url="ftp://a.example/files")
    with pytest.raises(InvalidInputError, match="does not exist"):
        destinations.add_destination(library, "usb", folder=str(tmp_path / "not-plugged-in"))
    destinations.add_destination(library, "usb", folder=str(tmp_path))
    with pytest.raises(InvalidInputError, match="already a destination"):
        destinations.add_destination(library, "USB", folder=str(tmp_path))


def test_queueing_needs_a_destination_and_says_which_when_there_are_several(library, tmp_path):
    record = _file(tmp_path / "observation.zip")
    with pytest.raises(InvalidInputError, match="add a destination first"):
        outbox.queue_file(library, record)
    destinations.add_destination(library, "usb", folder=str(tmp_path))
    destinations.add_destination(library, "district", url="https://inbox.example.org/files")
    with pytest.raises(InvalidInputError, match=r"Say where to send it \(--to NAME\)"):
        outbox.queue_file(library, record)
    with pytest.raises(NotFoundError, match="no destination called “nowhere”"):
        outbox.queue_file(library, record, "nowhere")

    item = outbox.queue_file(library, record, "usb").value
    assert item.sha256 == hashlib.sha256(record.read_bytes()).hexdigest() and item.state == ItemState.WAITING
    assert outbox.queue_file(library, record, "usb").value.id == item.id  # queued twice is one item
    assert outbox.waiting_count(library) == 1
    with pytest.raises(InvalidInputError, match="still wait"):
        destinations.remove_destination(library, "usb")


def test_a_folder_destination_gets_a_verified_copy_under_its_final_name(library, tmp_path):
    drive = tmp_path / "drive"
    drive.mkdir()
    _file(drive / "bundle.zip", b"someone else's file")
    destinations.add_destination(library, "usb", folder=str(drive))
    bundle = _file(tmp_path / "bundle.zip")
    outbox.queue_file(library, bundle)

    [item] = send_waiting(library).value

    assert item.state == ItemState.DONE and item.receipt.verified
    assert item.receipt.location == str(drive / "bundle (2).zip")  # the other file keeps its name
    assert (drive / "bundle (2).zip").read_bytes() == bundle.read_bytes()
    assert sorted(p.name for p in drive.iterdir()) == ["bundle (2).zip", "bundle.zip"]  # no temporary left


def test_an_unplugged_drive_leaves_the_item_waiting_and_a_changed_file_is_refused(library, tmp_path):
    drive = tmp_path / "drive"
    drive.mkdir()
    destinations.add_destination(library, "usb", folder=str(drive))
    bundle = _file(tmp_path / "bundle.zip")
    outbox.queue_file(library, bundle)
    drive.rmdir()

    [item] = send_waiting(library, patience=Patience(give_up_after=2, wait=lambda _s: False)).value
    assert item.state == ItemState.WAITING and "is not there (is the drive plugged in?)" in item.last_error

    drive.mkdir()
    _file(bundle, b"signed record " * 999 + b"changed")
    [item] = send_waiting(library).value
    assert item.state == ItemState.FAILED and "has changed since it was queued" in item.last_error
    assert list(drive.iterdir()) == []


def test_an_unblurred_original_cannot_be_queued_alone_or_inside_a_bundle(library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    photo = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.IMAGE)
    destinations.add_destination(library, "usb", folder=str(tmp_path))
    before = export_portfolio(library, portfolio.id, tmp_path / "before.zip").value.path

    blurred = library.store.temp_path(".jpg")
    gen.make_jpeg(blurred, serial=None, gps=False)
    staged = adopt_file(library.store, blurred, "blurred.jpg")
    record_private_copy(library, photo, staged, Derivation(f"{photo.title} (faces blurred)", "blur faces 1 of 1"))

    with pytest.raises(InvalidInputError, match="is the original of .* which has a blurred or redacted copy"):
        outbox.queue_file(library, library.store.path(photo.blob))
    with pytest.raises(InvalidInputError, match=r"before.zip carries data/evidence/.*export the bundle again"):
        outbox.queue_file(library, before)
    after = export_portfolio(library, portfolio.id, tmp_path / "after.zip").value.path
    assert outbox.queue_file(library, after).value.state == ItemState.WAITING  # the export took the copy


def test_removing_an_item_keeps_the_file(library, tmp_path):
    destinations.add_destination(library, "usb", folder=str(tmp_path))
    record = _file(tmp_path / "record.zip")
    item = outbox.queue_file(library, record).value
    outbox.remove_item(library, item.id)
    assert outbox.list_outbox(library) == [] and record.exists()
    with pytest.raises(NotFoundError):
        outbox.remove_item(library, item.id)


def test_the_queue_survives_reopening_the_library(data_dir, tmp_path):
    from portfolio_app.services.library import open_library

    first = open_library(data_dir)
    destinations.add_destination(first, "usb", folder=str(tmp_path))
    item = outbox.queue_file(first, _file(tmp_path / "r.zip")).value
    first.close()
    again = open_library(data_dir)
    try:
        assert outbox.list_outbox(again) == [item]
    finally:
        again.close()
