"""Blur Faces…: find the faces in the background, open the review, and put the blurred copy on the undo stack.

The slow steps run on the media worker behind a progress dialog with Cancel; recording runs on the
database worker (services.faces). Undo of a blur trashes the copy and gives the original its place back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.operations import privacy as privacy_ops
from portfolio_app.ui.privacy.private_copies import PrivateCopyFlow
from portfolio_app.ui.progress import run_with_progress

if TYPE_CHECKING:
    from portfolio_app.services.faces import BlurredCopy, FaceReview


class FaceBlurring(PrivateCopyFlow):
    """The Blur Faces… flow for one window: `made(evidence_id)` when a copy is made, `failed(exc)` on errors."""

    review_window = None  # the open FaceReviewWindow, if any (set on each instance when one opens)

    def start(self, evidence: Evidence) -> None:
        """Find the faces (or read the saved review) in the background, then open the review."""
        run_with_progress(
            self.widget,
            self.ops,
            self.tr("Looking for faces in “{title}”").format(title=evidence.title),
            privacy_ops.find_faces(evidence),
            lambda found: self._open(evidence, *found),
            self.failed,
        )

    def _open(self, evidence: Evidence, review: FaceReview, pictures: dict[int, bytes]) -> None:
        from portfolio_app.ui.privacy.face_review import FaceReviewWindow  # not on the start-up path

        if self.review_window is not None:
            self.review_window.close()
        window = FaceReviewWindow(self.ops, evidence, review, pictures, self.widget)
        window.blurred.connect(self._on_review_blurred)
        window.failed.connect(self.failed)
        self.review_window = window
        window.show()

    def _on_review_blurred(self, copy: BlurredCopy) -> None:
        text = QCoreApplication.translate("Undo", "Blur faces: “{title}”").format(title=copy.evidence.title)
        self.took_place(text, copy.evidence.id, copy.handover)
