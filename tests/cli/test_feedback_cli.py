"""`review sign`, `verify` of the signed decision, `feedback import`, `review agreement`: two reviewers' keychains."""

from __future__ import annotations

import json

import keyring
import pytest

from portfolio_app.cli import main
from tests.bundle.tampering import flip_byte, rewrite
from tests.keyring_memory import MemoryKeyring
from tests.review_bundles import teacher_bundle


@pytest.fixture
def run(capsys):
    """`run(library_folder, *args)` -> (exit code, stdout, stderr): each person has a library of their own."""

    def invoke(folder, *args: str):
        code = main([*args, "--data-dir", str(folder)])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """Two teachers' bundles, each from its own library and keychain: (path, teacher library folder)."""
    folders = [tmp_path_factory.mktemp(name) for name in ("ana", "ben")]
    return [(teacher_bundle(folder)[0], folder / "teacher") for folder in folders]


def _review(run, bundle, out, *, lower: int | None, keys: MemoryKeyring, reviewer_dir):
    """Open, score (criterion `lower` at its lowest level), decide and sign as one reviewer."""
    keyring.set_keyring(keys)
    code, review_id, err = run(reviewer_dir, "review", "open", str(bundle))
    assert code == 0, err
    review_id = review_id.strip()
    shown = json.loads(run(reviewer_dir, "review", "show", review_id, "--json")[1])
    for n, criterion in enumerate(shown["criteria"]):
        level = criterion["levels"][0] if n == lower else criterion["passing_level"]
        assert run(reviewer_dir, "review", "score", review_id, criterion["id"], level)[0] == 0
    decision = "resubmit" if lower is not None else "earned"
    assert run(reviewer_dir, "review", "decide", review_id, decision)[0] == 0
    code, text, err = run(reviewer_dir, "review", "sign", review_id, "-o", str(out))
    assert code == 0, err
    return text


def test_sign_verify_import_and_agreement(run, bundles, tmp_path):
    (ana_bundle, ana_library), (ben_bundle, _) = bundles
    first, second = MemoryKeyring(), MemoryKeyring()
    text = _review(run, ana_bundle, tmp_path / "r1.zip", lower=1, keys=first, reviewer_dir=tmp_path / "r1")
    assert "Ana Ortiz" in text  # shown once signed
    _review(run, ana_bundle, tmp_path / "r2.zip", lower=None, keys=second, reviewer_dir=tmp_path / "r2")
    _review(run, ben_bundle, tmp_path / "ben.zip", lower=None, keys=second, reviewer_dir=tmp_path / "r2")

    code, out, _ = run(tmp_path / "nobody", "verify", str(tmp_path / "r1.zip"), "--json")
    assert code == 0 and json.loads(out)["valid"]

    code, out, err = run(
        tmp_path / "nobody", "review", "agreement", str(tmp_path / "r1.zip"), str(tmp_path / "r2.zip"), "--json"
    )
    assert code == 0, err
    (pair,) = json.loads(out)
    assert [c["agree"] for c in pair["criteria"]].count(False) == 1 and not pair["same_decision"]
    assert 0 < pair["agreement"] < 1
    code, _, err = run(tmp_path / "nobody", "review", "agreement", str(tmp_path / "r1.zip"), str(tmp_path / "ben.zip"))
    assert code == 1 and "ben.zip answers another bundle" in err
    files = [str(tmp_path / name) for name in ("r1.zip", "r2.zip", "ben.zip")]
    code, out, err = run(tmp_path / "nobody", "review", "agreement", "--across-bundles", *files, "--json")
    assert code == 0, err
    (pooled,) = json.loads(out)  # ben's bundle has one reviewer only: it pools nothing
    assert pooled["bundles"] == 1 and pooled["agreement"] == pair["agreement"]

    code, out, err = run(ana_library, "feedback", "import", str(tmp_path / "r1.zip"), "--json")
    assert code == 0, err
    imported = json.loads(out)
    assert imported["decision"] == "resubmit" and [c["passes"] for c in imported["criteria"]].count(False) == 1
    code, _, err = run(ana_library, "feedback", "import", str(tmp_path / "ben.zip"))
    assert code == 1 and "ben.zip answers another bundle" in err
    tampered = rewrite(tmp_path / "r2.zip", tmp_path / "r2-changed.zip", lambda items: flip_byte(items, "review.json"))
    code, _, err = run(ana_library, "feedback", "import", str(tampered))
    assert code == 1 and "r2-changed.zip" in err and "data/review.json" in err
    code, out, _ = run(ana_library, "history", imported["portfolio_id"])
    assert code == 0 and "feedback: resubmit" in out and "NOT MET" in out
    code, second, err = run(ana_library, "resubmit", imported["portfolio_id"])
    assert code == 0, err
    code, out, _ = run(ana_library, "check", second.strip(), "--json")
    checked = json.loads(out)
    assert code == 1 and checked["items"][0]["rule"] == "resubmission-note"
    assert len(checked["not_met_before"]) == 1 and checked["not_met_before"][0] not in checked["met_before"]
    assert not (tmp_path / "nobody").exists()  # agreement and verify make no library
