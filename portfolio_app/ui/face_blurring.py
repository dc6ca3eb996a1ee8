"""Blur Faces…: find the faces in the background, open the review, and put the blurred copy on the undo stack.

The slow steps run on the media worker behind a progress dialog with Cancel; recording runs on the
database worker (services.faces). Undo of a blur trashes the copy and gives the original its place back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QProgressDialog, QWidget

from portfolio_app.core.errors import Cancelled
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services import faces
from portfolio_app.services.library import Library
from portfolio_app.ui.tasks import LongTask, TaskRunner


def run_in_background(
    parent: QWidget,
    runner: TaskRunner,
    label: str,
    work: Callable[[Callable[[float], None], Callable[[], bool]], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> LongTask:
    """Run `work(progress, cancelled)` on the media worker behind a progress dialog with Cancel."""
    dialog = QProgressDialog(label, parent.tr("Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(label)
    dialog.setMinimumDuration(300)  # quick jobs never flash a dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def failed(exc: BaseException) -> None:
        dialog.close()
        if not isinstance(exc, Cancelled):
            on_error(exc)

    task = runner.run_long(
        lambda report, cancelled: work(lambda f: report(f, ""), cancelled),
        lambda result: (dialog.close(), on_done(result)),
        failed,
        on_progress=lambda fraction, _text: dialog.setValue(int(fraction * 1000)),
    )
    dialog.canceled.connect(task.cancel)
    return task


class BlurFacesCommand(QUndoCommand):
    """Pushed once the blurred copy is recorded: undo trashes it and hands the place back, redo the reverse."""

    def __init__(self, library: Library, runner: TaskRunner, copy: faces.BlurredCopy, on_error=None):
        title = copy.evidence.title
        super().__init__(QCoreApplication.translate("Undo", "Blur faces: “{title}”").format(title=title))
        self.library, self.runner, self.copy, self.on_error = library, runner, copy, on_error
        self._done = True  # the copy exists when the command is pushed: the first redo has nothing to do

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        copy = self.copy
        self.runner.run(lambda: faces.redo_blur(self.library, copy), self._remember, self.on_error)

    def undo(self) -> None:
        copy = self.copy
        self.runner.run(lambda: faces.undo_blur(self.library, copy), None, self.on_error)

    def _remember(self, outcome) -> None:
        self.copy = outcome.value


class FaceBlurring(QObject):
    """The Blur Faces… flow for one window: `made(evidence_id)` when a copy is made, `failed(exc)` on errors."""

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        widget: QWidget,
        undo_stack: QUndoStack | None,
        made: Callable[[str], None],
        failed: Callable[[BaseException], None],
    ):
        super().__init__(widget)
        self.library, self.runner, self.widget, self.undo_stack = library, runner, widget, undo_stack
        self.made, self.failed = made, failed
        self.review_window = None  # the open FaceReviewWindow, if any

    def start(self, evidence: Evidence) -> None:
        """Find the faces (or read the saved review) in the background, then open the review."""
        store, folder = self.library.store, faces.faces_folder(self.library)

        def work(progress, cancelled):
            review = faces.find_faces(store, folder, evidence, lambda f: progress(f * 0.95), cancelled)
            return review, faces.review_pictures(store, evidence, review)

        run_in_background(
            self.widget,
            self.runner,
            self.tr("Looking for faces in “{title}”").format(title=evidence.title),
            work,
            lambda found: self._open(evidence, *found),
            self.failed,
        )

    def _open(self, evidence: Evidence, review: faces.FaceReview, pictures: dict[int, bytes]) -> None:
        from portfolio_app.ui.face_review import FaceReviewWindow  # not on the start-up path

        if self.review_window is not None:
            self.review_window.close()
        window = FaceReviewWindow(self.library, self.runner, evidence, review, pictures, self.widget)
        window.blurred.connect(self._on_review_blurred)
        window.failed.connect(self.failed)
        self.review_window = window
        window.show()

    def _on_review_blurred(self, copy: faces.BlurredCopy) -> None:
        if self.undo_stack is not None:
            self.undo_stack.push(BlurFacesCommand(self.library, self.runner, copy, self.failed))
        self.made(copy.evidence.id)
