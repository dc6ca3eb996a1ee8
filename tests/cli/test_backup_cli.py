"""`portfolio backup -o DIR` and `portfolio restore DIR` from the terminal, as a teacher moving laptops would."""

from __future__ import annotations

import json

import pytest

from portfolio_app.cli import main
from portfolio_app.storage import backup_format


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch):
    monkeypatch.setattr(backup_format, "LOG_N", 12)


def test_backup_then_restore_on_a_new_laptop_lists_the_same_portfolios(run, tmp_path, capsys):
    assert run("new", "questioning-to-deepen-thinking", "--title", "Grade 7 questioning")[0] == 0
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("correct horse battery staple\n")
    usb = tmp_path / "usb"
    code, out, err = run("backup", "-o", str(usb), "--passphrase-file", str(phrase))
    assert code == 0, err
    assert "Backed up" in out and "copied this time" in out
    code, out, _ = run("backup", "-o", str(usb), "--passphrase-file", str(phrase), "--json")
    assert code == 0 and json.loads(out)["files_copied"] == 1  # only the database snapshot again
    before = json.loads(run("list", "--json")[1])

    new_laptop = tmp_path / "new-laptop"
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    code = main(["restore", str(usb), "--passphrase-file", str(wrong), "--data-dir", str(new_laptop)])
    out, err = capsys.readouterr()
    assert code == 1 and "does not open the backup" in err and not new_laptop.exists()
    code = main(["restore", str(usb), "--passphrase-file", str(phrase), "--data-dir", str(new_laptop)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "every one checked" in out and "keys restore" in out
    code = main(["list", "--json", "--data-dir", str(new_laptop)])
    assert code == 0 and json.loads(capsys.readouterr().out) == before


def test_restore_refuses_a_folder_with_a_library_in_it(run, tmp_path):
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("correct horse battery staple\n")
    assert run("new", "questioning-to-deepen-thinking", "--title", "Mine")[0] == 0
    assert run("backup", "-o", str(tmp_path / "usb"), "--passphrase-file", str(phrase))[0] == 0
    code, _, err = run("restore", str(tmp_path / "usb"), "--passphrase-file", str(phrase))
    assert code == 1 and "is not empty" in err


def test_backup_without_a_library_says_so(run, tmp_path, data_dir):
    code, _, err = run("backup", "-o", str(tmp_path / "usb"))
    assert code == 1 and "no library" in err and not data_dir.exists()
