"""The coach's window: start an observation from the form, code it, stop, read the summary."""

from PySide6.QtCore import Qt

from portfolio_app.services.observations import get_record, list_observations
from portfolio_app.ui.observation.observation_window import ObservationWindow


def test_start_code_stop_and_see_the_shares(qtbot, ops, library):
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    window.show()
    form = window.form
    form.scheme.setCurrentIndex(form.scheme.findData("copus"))
    form.title.setText("Period 3, fractions")
    form.teacher.setText("Ana Ortiz")
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    [summary] = list_observations(library)
    assert (summary.observation.title, summary.observation.scheme.id) == ("Period 3, fractions", "copus")
    live = window.live
    assert window.pages.currentWidget() is live
    qtbot.keyClick(live, "1")  # I-Lec in interval 1
    qtbot.keyClick(live, "l")  # S-L
    assert {e.code_id for e in get_record(library, summary.observation.id).events} == {"I-Lec", "S-L"}
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    view = window.summary
    assert window.pages.currentWidget() is view
    rows = dict(view.codes.rows)
    assert rows["I-Lec Lecturing"] == 1.0 and rows["I-PQ Posing a question"] == 0.0
    categories = dict(view.categories.rows)
    assert categories["Presenting (instructor)"] == 1.0 and categories["Guiding (instructor)"] == 0.0
    assert "Presenting (instructor): 100%" in view.categories.accessibleDescription()


def test_a_bad_title_is_said_on_the_form(qtbot, ops, library):
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    window.form.title.setText("   ")
    qtbot.mouseClick(window.form.start_button, Qt.MouseButton.LeftButton)
    assert "needs a title" in window.form.error.text()
    assert list_observations(library) == []


def test_the_main_window_opens_the_coachs_window(window):
    window.observe_action.trigger()
    coach = next(w for w in window.findChildren(ObservationWindow))
    assert coach.isVisible() and coach.form.scheme.findData("copus") >= 0
    coach.close()
