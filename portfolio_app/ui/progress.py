"""Long work behind a progress dialog with Cancel: the way every edit shows its progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QProgressDialog, QWidget

from portfolio_app.core.errors import Cancelled
from portfolio_app.ui.operations import LongOp, LongTask, MediaOp, Operations


def run_with_progress(
    parent: QWidget,
    ops: Operations,
    label: str,
    op: LongOp | MediaOp,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> LongTask:
    """Run `op` behind a progress dialog with Cancel; a cancel is not an error to show."""
    dialog = QProgressDialog(label, parent.tr("Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(label)
    dialog.setMinimumDuration(300)  # quick jobs never flash a dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def failed(exc: BaseException) -> None:
        dialog.close()
        if not isinstance(exc, Cancelled):
            on_error(exc)

    def done(result: Any) -> None:
        dialog.close()
        on_done(result)

    task = (
        op.progress(lambda fraction, _text: dialog.setValue(int(fraction * 1000)))
        .success(done)
        .failure(failed)
        .run(ops, initiator=parent)
    )
    dialog.canceled.connect(task.cancel)
    return task
