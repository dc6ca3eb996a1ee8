"""GUI fixtures: offscreen Qt, settings in a temp folder, a synchronous task runner."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from portfolio_app.core.changes import Changes  # noqa: E402
from portfolio_app.services.portfolios import create_portfolio  # noqa: E402
from portfolio_app.services.profile import save_profile  # noqa: E402
from portfolio_app.ui.main_window import MainWindow  # noqa: E402
from portfolio_app.ui.operations.runner import TaskRunner  # noqa: E402
from portfolio_app.ui.sidebar import NodeKind  # noqa: E402


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner(qapp) -> TaskRunner:
    return TaskRunner(synchronous=True)


@pytest.fixture
def add_threaded_window(qtbot):
    """Register a window whose runner is threaded. At teardown it is closed and every result is
    let back first: results delivered after close may queue more reads, which must not land on
    deleted widgets or a closed library."""

    def drain(window) -> None:
        window.close()
        qtbot.waitUntil(lambda: not window.runner.busy)

    return lambda window: qtbot.addWidget(window, before_close_func=drain)


@pytest.fixture
def make_window(qtbot, library, runner, settings):
    def make(lib=None) -> MainWindow:
        window = MainWindow(lib or library, runner, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window, library) -> MainWindow:
    save_profile(library, "Maria Alvarez", "malvarez@district.org")
    return make_window()


@pytest.fixture
def portfolio(library):
    """A fresh portfolio on the questioning credential (a test module may define its own)."""
    return create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value


@pytest.fixture
def workspace(window, portfolio):
    """The window's workspace showing `portfolio`; media readers are stopped afterwards."""
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    page = window.workspace_page
    yield page
    if page.evidence.viewer._player is not None:
        page.evidence.viewer._player.clear()
    page.evidence.viewer.reader.wait()
