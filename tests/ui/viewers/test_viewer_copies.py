"""Copies for the system viewer go where garbage collection looks for them."""

import shutil

from portfolio_app.services.leftovers import VIEWER_COPY_PREFIX
from portfolio_app.ui.viewers.document_viewer import copy_for_viewing


def test_a_viewer_copy_is_in_a_folder_gc_recognises(tmp_path):
    stored = tmp_path / "blob"
    stored.write_bytes(b"plan")
    copy = copy_for_viewing(stored, "plan.docx")
    try:
        assert copy.parent.name.startswith(VIEWER_COPY_PREFIX) and copy.read_bytes() == b"plan"
    finally:
        shutil.rmtree(copy.parent)
