from PySide6.QtCore import QThread

from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.ui.operations.runner import TaskRunner


def test_work_runs_off_the_gui_thread_and_results_come_back_on_it(qtbot, qapp):
    runner = TaskRunner()
    seen = {}

    def work():
        seen["worker"] = QThread.currentThread()
        return Outcome(42, Changes(portfolios=True))

    def done(result):
        seen["callback"] = QThread.currentThread()
        seen["value"] = result.value

    with qtbot.waitSignal(runner.changed, timeout=5000) as changed:
        runner.run(work, done)
    assert changed.args[0] == Changes(portfolios=True)
    assert seen["value"] == 42
    assert seen["worker"] is not qapp.thread()
    assert seen["callback"] is qapp.thread()
    runner.wait()


def test_errors_reach_the_handler_on_the_gui_thread(qtbot, qapp):
    runner = TaskRunner()
    caught = []

    def fail():
        raise InvalidInputError("bad title")

    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda busy: not busy):
        runner.run(fail, on_error=lambda exc: caught.append((exc, QThread.currentThread())))
    assert str(caught[0][0]) == "bad title" and caught[0][1] is qapp.thread()


def test_unhandled_errors_are_signalled(qtbot):
    runner = TaskRunner()
    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.run(lambda: 1 / 0)
    assert isinstance(failed.args[0], ZeroDivisionError)
    runner.wait()


def test_work_is_serialised_in_order(qtbot):
    runner = TaskRunner()
    order = []
    for n in range(20):
        runner.run(lambda n=n: n, order.append)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=5000)
    assert order == list(range(20))


def test_long_work_reports_progress_and_can_be_cancelled(qtbot):
    from portfolio_app.core.errors import Cancelled

    runner = TaskRunner()
    started = []
    outcome = {}

    def work(report, cancelled):
        report(0.0, "starting")
        started.append(True)
        while not cancelled():  # stops only when the GUI side cancels
            QThread.msleep(5)
        raise Cancelled("stopped")

    reports = []
    task = runner.run_long(
        work,
        on_done=outcome.setdefault,
        on_error=lambda exc: outcome.setdefault("error", exc),
        on_progress=lambda fraction, text: reports.append((fraction, text)),
    )
    try:
        qtbot.waitUntil(lambda: bool(reports), timeout=5000)
        assert reports == [(0.0, "starting")]
    finally:
        task.cancel()  # whatever happened above, the worker must stop or the test run hangs
    qtbot.waitUntil(lambda: "error" in outcome, timeout=5000)
    assert isinstance(outcome["error"], Cancelled)
    runner.wait()
