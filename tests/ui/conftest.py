"""GUI fixtures: offscreen Qt, settings in a temp folder, synchronous operations on the test library."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from portfolio_app.core.changes import Changes  # noqa: E402
from portfolio_app.services.portfolios import create_portfolio  # noqa: E402
from portfolio_app.services.profile import save_profile  # noqa: E402
from portfolio_app.ui.main_window import MainWindow  # noqa: E402
from portfolio_app.ui.operations import Operations  # noqa: E402
from portfolio_app.ui.sidebar import NodeKind  # noqa: E402


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ops(qapp, library) -> Operations:
    """The library behind synchronous operations: every op has run when `run` returns."""
    return Operations(library, synchronous=True)


@pytest.fixture
def add_threaded_window(qtbot):
    """Register a window whose operations are threaded. At teardown it is closed and every result is
    let back first: results delivered after close may queue more reads, which must not land on
    deleted widgets or a closed library."""

    def drain(window) -> None:
        window.close()
        qtbot.waitUntil(lambda: not window.ops.busy)

    return lambda window: qtbot.addWidget(window, before_close_func=drain)


@pytest.fixture
def make_window(qtbot, library, ops, settings):
    def make(lib=None) -> MainWindow:
        window = MainWindow(Operations(lib, synchronous=True) if lib else ops, settings)
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


# -- hygiene: a test may not leave work running (napari's _dangling_qthreads / _dangling_qtimers) --


@pytest.fixture(autouse=True)
def _nothing_left_running(monkeypatch, qapp):
    """Fail a test that leaves an operations worker busy, a Python thread alive or a timer running.

    Work whose result is already waiting is delivered first (one pass of the event loop), as a
    closed window would; what is still queued or running at that point was abandoned.
    """
    import threading

    from PySide6.QtCore import QTimer

    from portfolio_app.ui.operations.runner import TaskRunner

    runners: list = []
    timers: list = []
    real_runner_init = TaskRunner.__init__
    real_timer_start = QTimer.start

    def runner_init(self, *args, **kwargs):
        real_runner_init(self, *args, **kwargs)
        runners.append(self)

    def timer_start(self, *args):
        timers.append(self)
        return real_timer_start(self, *args)

    monkeypatch.setattr(TaskRunner, "__init__", runner_init)
    monkeypatch.setattr(QTimer, "start", timer_start)
    threads_before = set(threading.enumerate())
    yield
    qapp.processEvents()
    busy = [r for r in runners if _alive(r) and r.busy]
    for runner in busy:  # let it finish, so the next test starts clean, then fail this one
        runner.wait()
        qapp.processEvents()
    running = [t for t in timers if _alive(t) and t.isActive()]
    for timer in running:
        timer.stop()
    threads = [t for t in set(threading.enumerate()) - threads_before if t.is_alive() and not t.daemon]
    problems = []
    if busy:
        problems.append(f"{len(busy)} operations worker(s) still busy")
    if running:
        problems.append(f"{len(running)} timer(s) still running: {[t.objectName() or t for t in running]}")
    if threads:
        problems.append(f"thread(s) still alive: {[t.name for t in threads]}")
    if problems:
        pytest.fail("The test left work running: " + "; ".join(problems))


def _alive(qobject) -> bool:
    from shiboken6 import isValid

    return isValid(qobject)


@pytest.fixture(autouse=True)
def _no_modal_message_box(monkeypatch):
    """A static QMessageBox (critical, warning, information, question) runs its own modal loop,
    which offscreen nobody closes: a test that meets one it did not expect would hang past any
    timeout. Each answers at once with its default button instead, and the test fails naming the
    text. A test that expects a box patches that function itself (its patch wins over this one)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def box(kind):
        def answer(_parent, _title, text, buttons=None, default=None, *_args, **_kwargs):
            shown.append(f"{kind}: {text}")
            return default if default is not None else QMessageBox.StandardButton.Ok

        return answer

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    yield
    if shown:
        pytest.fail("A message box the test did not expect: " + " | ".join(shown))
