"""`portfolio destinations` and `portfolio outbox` from a terminal, to a folder destination."""

import json


def test_queue_send_and_list_with_a_receipt(run, tmp_path):
    drive = tmp_path / "usb"
    drive.mkdir()
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(b"a signed bundle" * 100)

    assert run("destinations", "add", "usb", "--folder", str(drive))[0] == 0
    code, out, _ = run("destinations", "list", "--json")
    assert code == 0 and json.loads(out)[0]["kind"] == "folder"
    code, out, _ = run("outbox", "add", str(bundle), "--json")
    queued = json.loads(out)
    assert code == 0 and queued["state"] == "waiting" and queued["destination"] == "usb"

    code, out, _ = run("outbox", "send")
    assert code == 0 and "bundle.zip: sent to usb (verified SHA-256" in out
    code, out, _ = run("outbox", "list", "--json")
    [item] = json.loads(out)
    assert item["state"] == "done" and item["receipt"]["verified"]
    assert item["receipt"]["sha256"] == item["sha256"] == queued["sha256"]
    assert (drive / "bundle.zip").read_bytes() == bundle.read_bytes()

    assert run("outbox", "remove", item["id"])[0] == 0
    assert run("destinations", "remove", "usb")[0] == 0
    assert json.loads(run("destinations", "list", "--json")[1]) == []


def test_a_refused_file_and_a_destination_mixup_exit_1_with_the_reason(run, tmp_path):
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(b"a signed bundle")
    code, _, err = run("outbox", "add", str(bundle))
    assert code == 1 and "add a destination first" in err
    code, _, err = run("destinations", "add", "district", "--url", "not a url")
    assert code == 1 and "is not an upload address" in err

    run("destinations", "add", "usb", "--folder", str(tmp_path))
    run("outbox", "add", str(bundle))
    bundle.write_bytes(b"a signed bundle, edited")
    code, out, _ = run("outbox", "send")
    assert code == 1 and "bundle.zip: failed: bundle.zip has changed since it was queued" in out
