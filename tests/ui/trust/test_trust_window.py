"""The window's side of trust and continuity: the signer named in Open Bundle, Trust Lists…, Back Up Library…,
the backup reminder and the key-backup offer."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_app.bundle import key_backup, keys
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.record import write_record
from portfolio_app.core.trust import Approval, Revocation
from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key
from portfolio_app.storage import backup_format
from portfolio_app.ui.bundles.bundle_window import BundleWindow
from portfolio_app.ui.trust import window_actions as trust_window
from portfolio_app.ui.trust.backup_dialog import BackupDialog
from portfolio_app.ui.trust.trust_lists_dialog import TrustListsDialog

RITA = SigningKey(b"r" * 32)
OTTO = SigningKey(b"o" * 32)
STRANGER = SigningKey(b"s" * 32)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_kdf(monkeypatch):
    monkeypatch.setattr(backup_format, "LOG_N", 12)
    monkeypatch.setattr(key_backup, "LOG_N", 12)


def lincoln_list(folder: Path, name: str = "lincoln.zip", issued_at: str = "2026-11-01T10:00:00.000+00:00") -> Path:
    new_issuer_key("Lincoln District")
    approvals = [
        Approval("reviewer", "Rita Reviewer", RITA.public_key.fingerprint, "2026-09-01"),
        Approval("reviewer", "Otto Old", OTTO.public_key.fingerprint, "2025-09-01"),
    ]
    revocations = [Revocation(OTTO.public_key.fingerprint, "2026-10-01")]
    make_trust_list("Lincoln District", approvals, revocations, folder / name, issued_at)
    return folder / name


def review(folder: Path, key: SigningKey, signed_on: str = "2026-11-20") -> Path:
    target = folder / f"review-{key.public_key.key_id_hex}.zip"
    write_record({"type": "review", "created_at": f"{signed_on}T10:00:00.000+00:00"}, target, key)
    return target


@pytest.mark.parametrize(
    ("key", "headline", "detail"),
    [
        (
            RITA,
            "✓ Valid: complete and unchanged",
            "Rita Reviewer, approved reviewer, Lincoln District (trust list of 2026-11-01)",
        ),
        (STRANGER, "no trust list you imported vouches for the signer", "a key that no trust list names"),
        (OTTO, "✗ Refused: signed with a key that was revoked", "REVOKED from 2026-10-01"),
    ],
    ids=["approved", "unknown", "revoked"],
)
def test_open_bundle_names_the_signer_by_the_trust_lists(key, headline, detail, ops, library, tmp_path, qtbot):
    import_trust_list(library.db, lincoln_list(tmp_path))
    viewer = BundleWindow(ops, review(tmp_path, key))
    qtbot.addWidget(viewer)
    assert viewer.signer is not None
    text = viewer.verdict.text()
    assert headline in text and detail in text and key.public_key.fingerprint in text
    assert viewer.extract_button.isEnabled() is (key is not OTTO)


def test_trust_lists_dialog_imports_shows_refuses_an_older_list_and_removes(ops, tmp_path, qtbot):
    older = lincoln_list(tmp_path, "older.zip", "2026-10-01T10:00:00.000+00:00")
    newer = lincoln_list(tmp_path, "newer.zip")
    dialog = TrustListsDialog(ops)
    qtbot.addWidget(dialog)
    assert "No trust list is imported" in dialog.message.text()
    dialog.import_paths([newer])
    assert "is imported" in dialog.message.text()
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "Lincoln District" and "2026-11-01" in top.text(2)
    assert {top.child(i).text(0) for i in range(top.childCount())} == {"Rita Reviewer", "Otto Old", "(revoked key)"}
    dialog.import_paths([older])
    assert "older.zip was not imported" in dialog.message.text() and "as new or newer" in dialog.message.text()
    dialog.tree.setCurrentItem(top.child(0))
    assert dialog.remove_button.isEnabled()
    dialog.remove_selected()
    assert dialog.tree.topLevelItemCount() == 0 and "is removed" in dialog.message.text()


def test_back_up_library_from_the_window_and_the_reminder(portfolio, window, tmp_path, qtbot):
    assert window.backup_reminder.isVisible() and "never been backed up" in window.backup_reminder.text()
    dialog = trust_window.back_up(window)
    assert isinstance(dialog, BackupDialog) and "never been backed up" in dialog.last.text()
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText("something else")
    dialog.start_backup()
    assert "differ" in dialog.message.text() and not (tmp_path / "usb").exists()
    dialog.again.setText(PASSPHRASE)
    dialog.start_backup()
    assert "Backed up" in dialog.message.text(), dialog.message.text()
    assert "Last backup:" in dialog.last.text()
    assert not window.backup_reminder.isVisible()
    dialog.passphrase.setText("another passphrase")
    dialog.again.setText("another passphrase")
    dialog.start_backup()
    assert "Not backed up: The passphrase does not open the backup" in dialog.message.text()
    dialog.days.setValue(30)
    assert window.settings.value("backup/reminder_days", type=int) == 30


def test_the_key_backup_is_offered_once_and_writes_an_encrypted_key(window, tmp_path, qtbot):
    fingerprint = keys.public_key().fingerprint  # the first export made the key
    dialog = trust_window.offer_key_backup(window)
    assert dialog is not None and dialog.isVisible()
    assert trust_window.offer_key_backup(window) is None  # once
    target = tmp_path / "key.backup"
    dialog.file.setText(str(target))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        dialog.back_up()
    restored, account = key_backup.decrypt_key(target.read_text(), PASSPHRASE)
    assert restored.public_key.fingerprint == fingerprint and account == keys.DEFAULT_ACCOUNT
