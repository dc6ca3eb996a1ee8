"""Probing's helpers outside the import tests (tests/services/test_evidence.py covers what probe finds)."""

import subprocess
import sys

import pytest

from portfolio_app.core.credential import EvidenceKind

# A fresh interpreter: in this one another test has imported PyAV and Pillow already.
PROGRAM = """
import sys
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.media.probe import load_decoders
from portfolio_app.media.sniff import Sniffed
load_decoders(Sniffed(EvidenceKind[sys.argv[1]], sys.argv[2])).join()
print(" ".join(sorted(m for m in ("av", "PIL.Image", "pypdfium2") if m in sys.modules)))
"""


@pytest.mark.parametrize(
    ("kind", "media_type", "loaded"),
    [
        (EvidenceKind.VIDEO, "video/mp4", "PIL.Image av"),
        (EvidenceKind.AUDIO, "audio/mp4", "av"),
        (EvidenceKind.DOCUMENT, "application/pdf", "pypdfium2"),
        (EvidenceKind.DOCUMENT, "text/plain", ""),
    ],
)
def test_the_decoders_a_kind_needs_load_on_a_thread_while_the_file_copies(kind, media_type, loaded):
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, kind.name, media_type], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == loaded
