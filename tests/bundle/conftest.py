"""A realistic submission and its signed bundle, made once per module (encoding media takes a moment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_app.bundle.content import SubmissionContent
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.writer import write_bundle
from tests.bundle.sample_content import make_content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> SubmissionContent:
    return make_content(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def bundle(content, signing_key, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A signed bundle of `content`; tests copy it before changing anything."""
    target = tmp_path_factory.mktemp("bundle") / "exit-tickets-ana-2026-11-20.zip"
    write_bundle(content, target, signing_key)
    return target
