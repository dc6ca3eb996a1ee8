"""A second independent implementation verifies our badges: Digital Bazaar's JavaScript VC stack (node).

`@digitalbazaar/vc` with `@digitalbazaar/eddsa-rdfc-2022-cryptosuite`, pinned in js_verifier/package-lock.json
and installed there by `npm ci` on first use; without node and npm the module is skipped.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import read_badge, write_badge
from portfolio_app.bundle.openbadges.issue import credential_json, issue_credential
from portfolio_app.resource_paths import resources_dir
from tests.bundle.badge_claims import sample_claim

HERE = Path(__file__).resolve().parent / "js_verifier"
OB_CONTEXT = resources_dir() / "jsonld" / "ob-context-3.0.3.json"


@pytest.fixture(scope="module")
def node() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("needs node and npm (the JavaScript verifier)")
    if not (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            pytest.skip(f"npm ci failed in {HERE}: {done.stderr.strip()[-300:]}")
    return node


@pytest.fixture(scope="module")
def issued() -> dict:
    return issue_credential(sample_claim(issued_at="2026-01-01T08:00:00Z"), SigningKey.generate(), "Lincoln District")


def verdict(node: str, document_text: str, tmp_path: Path) -> dict:
    path = tmp_path / "credential.json"
    path.write_text(document_text, encoding="utf-8")
    done = subprocess.run(
        [node, "verify.mjs", str(path), str(OB_CONTEXT)], cwd=HERE, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_js_verifier_accepts_our_credential_and_the_one_unbaked_from_a_png(node, issued, tmp_path):
    assert verdict(node, credential_json(issued), tmp_path) == {"verified": True, "errors": []}
    unbaked = read_badge(write_badge(issued, tmp_path / "badge.png"))
    assert verdict(node, credential_json(unbaked), tmp_path)["verified"] is True


def test_the_js_verifier_refuses_a_changed_evidence_hash_and_a_renamed_member(node, issued, tmp_path):
    changed = copy.deepcopy(issued)
    changed["evidence"][2]["id"] = "urn:mcp:evidence:" + "5" * 64
    assert verdict(node, credential_json(changed), tmp_path) == {"verified": False, "errors": ["Invalid signature."]}
    renamed = copy.deepcopy(issued)
    renamed["evidence"][0]["genra"] = renamed["evidence"][0].pop("genre")
    assert verdict(node, credential_json(renamed), tmp_path)["verified"] is False
