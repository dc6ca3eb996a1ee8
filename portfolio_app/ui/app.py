"""Starting the window: the QApplication, the library, the first-run welcome."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from portfolio_app import APP_ID, APP_NAME, __version__
from portfolio_app.core.errors import PortfolioError
from portfolio_app.resource_paths import resources_dir
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.operations import Operations, open_operations
from portfolio_app.ui.operations.portfolio import get_profile

# Set by benchmarks and the packaged-app smoke test: print "ready <seconds>" once the window is
# shown and its event loop has run, then quit.
PROBE_ENV = "PORTFOLIO_STARTUP_PROBE"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    return app


def _log_to(ops: Operations) -> None:
    import logging

    folder = ops.data_dir / "logs"
    folder.mkdir(exist_ok=True)
    logging.basicConfig(
        filename=folder / "portfolio.log",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _collect_leftovers(ops: Operations) -> None:
    from portfolio_app.ui.operations.housekeeping import collect_leftovers_in_background  # not on the way to the window

    collect_leftovers_in_background(ops)


def run_app(data_dir: str | None = None) -> int:
    started = time.perf_counter()
    app = make_application()
    try:
        ops = open_operations(data_dir, app)
    except PortfolioError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(ops, QSettings())
    window.show()
    QTimer.singleShot(0, lambda: _log_to(ops))  # after the first paint: nothing has logged yet
    if os.environ.get(PROBE_ENV):
        window.remember_layout = False

        def report() -> None:
            ops.wait()
            app.processEvents()
            # seconds since run_app began, and how many portfolios the window lists by then
            print(f"ready {time.perf_counter() - started:.4f} {window.tree.listed_portfolios()}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report)
    else:  # read on the worker, like every read: the first run asks who the teacher is

        def welcome(profile) -> None:
            if profile is None:
                window.ask_profile(None, first_run=True)

        get_profile().success(welcome).run(ops, initiator=window)
        # What killed exports and ended processes left, collected while the teacher works.
        QTimer.singleShot(0, lambda: _collect_leftovers(ops))
    try:
        return app.exec()
    finally:
        ops.close()
