"""The Outbox in the window: the status bar's count, background sending with progress, receipts."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.outbox import ItemState
from portfolio_app.services import destinations, outbox


def _record(path: Path, size: int = 300_000) -> Path:
    path.write_bytes(path.name.encode() + bytes(range(256)) * (size // 256))  # each file its own content
    return path


def test_the_status_bar_counts_what_waits_and_sending_goes_on_when_the_drive_is_back(
    qtbot, library, make_window, tmp_path
):
    drive = tmp_path / "usb"
    drive.mkdir()
    destinations.add_destination(library, "usb", folder=str(drive))
    for name in ("a.zip", "b.zip"):
        outbox.queue_file(library, _record(tmp_path / name))
    drive.rmdir()  # unplugged: the window's sender waits for it

    window = make_window()
    room = window.outbox
    assert room.status_label.text() == "2 waiting to upload"
    assert room.sender_.running  # started by itself: items were waiting

    drive.mkdir()
    qtbot.waitUntil(lambda: room.status_label.text() == "", timeout=15000)
    assert sorted(p.name for p in drive.iterdir()) == ["a.zip", "b.zip"]
    assert {i.state for i in outbox.list_outbox(library)} == {ItemState.DONE}
    qtbot.waitUntil(lambda: not room.sender_.running)


def test_the_outbox_page_queues_a_file_sends_it_and_shows_its_receipt(qtbot, library, make_window, tmp_path):
    drive = tmp_path / "usb"
    drive.mkdir()
    destinations.add_destination(library, "usb", folder=str(drive))
    window = make_window()
    window.outbox.action.trigger()
    page = window.outbox.page
    assert window.pages.currentWidget() is page and page.add_button.isEnabled()

    bundle = _record(tmp_path / "bundle.zip", 3_000_000)
    with qtbot.waitSignal(window.outbox.sender_.progressed, timeout=10000):
        page.add_files([str(bundle)])
    qtbot.waitUntil(lambda: not window.outbox.sender_.running, timeout=15000)

    [item] = outbox.list_outbox(library)
    assert item.state == ItemState.DONE and (drive / "bundle.zip").read_bytes() == bundle.read_bytes()
    assert page.progress_of(item.id) == 1000
    row = page.list.topLevelItem(0)
    assert row.text(2) == "Sent" and "the destination has the same SHA-256" in row.text(4)
    assert window.outbox.status_label.text() == ""


def test_closing_the_window_stops_a_sender_that_waits(qtbot, library, make_window, tmp_path):
    destinations.add_destination(library, "usb", folder=str(tmp_path))
    outbox.queue_file(library, _record(tmp_path / "a.zip"))
    (tmp_path / "gone").mkdir()
    destinations.add_destination(library, "later", folder=str(tmp_path / "gone"))
    outbox.queue_file(library, _record(tmp_path / "b.zip"), "later")
    (tmp_path / "gone").rmdir()

    window = make_window()
    qtbot.waitUntil(lambda: outbox.list_outbox(library)[1].attempts >= 1, timeout=10000)
    window.close()  # joins the sender: it was waiting for the missing folder
    assert not window.outbox.sender_.running
    states = [i.state for i in outbox.list_outbox(library)]
    assert states == [ItemState.DONE, ItemState.WAITING]


def test_an_exported_bundle_goes_to_the_outbox_from_the_export_wizard(qtbot, window, library, tmp_path):
    from tests.ready_portfolio import make_ready_portfolio
    from tests.ui.bundles.test_export_window import _export, _open

    drive = tmp_path / "usb"
    drive.mkdir()
    destinations.add_destination(library, "usb", folder=str(drive))
    wizard = _open(window, make_ready_portfolio(library, tmp_path / "media"))
    _export(wizard, tmp_path / "bundle.zip", qtbot)
    assert wizard.build.outbox_button.isVisible()

    wizard.build.outbox_button.click()
    qtbot.waitUntil(lambda: (drive / "bundle.zip").exists() and not window.outbox.sender_.running, timeout=30000)

    [item] = outbox.list_outbox(library)
    assert item.state == ItemState.DONE and item.name == "bundle.zip" and item.receipt.verified
    assert "is in the Outbox, for usb" in window.statusBar().currentMessage()
