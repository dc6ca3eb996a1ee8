"""Extracting a bundle writes only inside the folder given, only when the archive is safe, and
leaves nothing behind when cancelled."""

from __future__ import annotations

import pytest

from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.bundle.extract import extract_bundle
from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.core.errors import Cancelled
from tests.bundle.tampering import renamed, rewrite


def test_extracts_a_bag_that_verifies_as_a_folder(bundle, tmp_path):
    seen = []
    bag = extract_bundle(bundle, tmp_path, progress=seen.append)
    assert bag == tmp_path / "exit-tickets-ana-2026-11-20"
    assert (bag / "data" / "index.html").is_file()
    assert verify_bundle(bag).valid
    assert seen[-1] == pytest.approx(1.0)
    again = extract_bundle(bundle, tmp_path)  # a second copy gets its own folder
    assert again.name == "exit-tickets-ana-2026-11-20-2"
    assert sorted(p.name for p in tmp_path.iterdir()) == [bag.name, again.name]


def test_an_entry_that_escapes_the_folder_stops_it_before_anything_is_written(bundle, tmp_path):
    def escape(items):
        info, data = items[-1]
        return [*items, (renamed(info, "exit-tickets-ana-2026-11-20/../../evil.txt"), data)]

    bad = rewrite(bundle, tmp_path / "bad.zip", escape)
    (tmp_path / "into").mkdir()
    with pytest.raises(BundleFormatError, match="cannot be extracted safely"):
        extract_bundle(bad, tmp_path / "into")
    assert list((tmp_path / "into").iterdir()) == []
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_cancel_leaves_nothing(bundle, tmp_path):
    with pytest.raises(Cancelled):
        extract_bundle(bundle, tmp_path, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []
