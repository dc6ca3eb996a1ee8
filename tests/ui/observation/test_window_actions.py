"""The coach's window beyond coding: reopen an earlier observation, export it in every format, sign and
hand it over, compare it with another observer's, rate the rubric, continue coding, import a scheme and
give its codes other keys — all from the window."""

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from portfolio_app.bundle.record import read_record
from portfolio_app.core.agreement import agreement
from portfolio_app.services.observations import code_event, finish, get_record, new_observation
from portfolio_app.services.profile import save_profile
from portfolio_app.services.schemes import get_scheme
from portfolio_app.ui.observation.observation_dialogs import AgreementDialog, KeysDialog, SignDialog
from portfolio_app.ui.observation.observation_window import ObservationWindow
from portfolio_app.ui.observation.ratings_dialog import RatingsDialog
from tests.observation.lesson import discussion_lesson, rated_look_fors


def _second_observer(library) -> str:
    """Another coach's record of the same discussion: some codes the same, some not."""
    obs = new_observation(library, "coaching-cycle", "Discussion of ratios (second observer)", observer="Lee").value
    for at, code in ((15, "Q-recall"), (20, "Q-probe"), (50, "Q-open"), (100, "D-student-student"), (170, "Q-open")):
        code_event(library, obs.id, code, at)
    finish(library, obs.id, 240)
    return obs.id


@pytest.fixture
def coach(qtbot, ops, library):
    save_profile(library, "Coach Kim", "kim@district.example.org")
    first = discussion_lesson(library)
    second = _second_observer(library)
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    window.show()
    return window, first, second


def _open(window, observation_id: str) -> None:
    tree = window.list.tree
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, 256) == observation_id
    )
    tree.setCurrentItem(item)
    window.list.open_button.click()


def test_earlier_observations_are_listed_and_reopen_to_their_summary(coach, library):
    window, first, second = coach
    assert window.pages.currentWidget() is window.list
    assert set(window.list.ids()) == {first, second}
    assert not window.actions_.sign_action.isEnabled()  # nothing shown yet
    _open(window, first)
    assert window.pages.currentWidget() is window.summary and window.summary.observation_id == first
    assert "Discussion of ratios" in window.summary.heading.text()
    assert window.actions_.sign_action.isEnabled() and window.continue_button.isVisible()
    record = get_record(library, first)
    assert window.summary.moments.count() == len(record.events) + len(record.notes)


def test_every_export_format_from_the_window(coach, library, monkeypatch, tmp_path):
    window, first, _ = coach
    _open(window, first)
    for name, action in window.actions_.export_actions.items():
        target = tmp_path / f"lesson.{name}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, target=target: (str(target), ""))
        action.trigger()
        assert target.is_file() and target.stat().st_size > 0, name
        assert window.message.text() == f"Wrote {target}"
    rows = list(csv.DictReader((tmp_path / "lesson.csv").open(encoding="utf-8")))
    assert len(rows) == len(get_record(library, first).events)
    assert (tmp_path / "lesson.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "lesson.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_sign_and_hand_over_from_the_window(coach, monkeypatch, tmp_path):
    window, first, _ = coach
    _open(window, first)
    window.actions_.sign_action.trigger()
    dialog = window.actions_.dialog
    assert isinstance(dialog, SignDialog) and not dialog.consented.isVisibleTo(dialog)  # no recording to carry
    dialog.path.setText(str(tmp_path / "for-ana.zip"))
    dialog.sign_button.click()
    assert dialog.result.text().startswith(f"Signed {tmp_path / 'for-ana.zip'}")
    verified = read_record(tmp_path / "for-ana.zip", expect_type="observation")
    assert verified.document["observation"]["id"] == first
    assert verified.fingerprint in dialog.result.text()
    dialog.close()


def test_agreement_with_the_other_observer_from_the_window(coach, library):
    window, first, second = coach
    _open(window, first)
    window.actions_.agreement_action.trigger()
    dialog = window.actions_.dialog
    assert isinstance(dialog, AgreementDialog) and dialog.other.count() == 1
    assert dialog.other.currentData() == second
    dialog.bin.setValue(20)
    dialog.compare_button.click()
    expected = agreement(get_record(library, first), get_record(library, second), 20)
    assert dialog.table.rowCount() == len(expected.codes) + 1
    overall = dialog.table.rowCount() - 1
    assert dialog.table.item(overall, 0).text() == "overall"
    assert dialog.table.item(overall, 1).text() == f"{expected.overall.kappa:.2f}"
    assert [int(dialog.table.item(overall, c).text()) for c in range(2, 6)] == [
        expected.overall.both,
        expected.overall.only_a,
        expected.overall.only_b,
        expected.overall.neither,
    ]
    assert "Compared on 12 bins of 20 s" in dialog.result.text()
    dialog.close()


def test_rating_the_rubric_from_the_window(qtbot, ops, library):
    look_fors = rated_look_fors(library)
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    _open(window, look_fors)
    window.actions_.rate_action.trigger()
    dialog = window.actions_.dialog
    assert isinstance(dialog, RatingsDialog)
    assert dialog.levels["wait-time"].currentData() == "progressing"  # what the coach rated before
    assert dialog.notes["wait-time"].text() == "About 2 s after most questions."
    probing = dialog.levels["probing-follow-up"]
    probing.setCurrentIndex(probing.findData("demonstrated"))
    dialog.notes["probing-follow-up"].setText("Asked why twice.")
    dialog.save_button.click()
    ratings = {r.criterion_id: (r.level_id, r.note) for r in get_record(library, look_fors).ratings}
    assert ratings["probing-follow-up"] == ("demonstrated", "Asked why twice.")
    assert ratings["wait-time"] == ("progressing", "About 2 s after most questions.")
    dialog.close()


def test_continue_coding_an_earlier_observation(coach, qtbot, library):
    window, first, _ = coach
    _open(window, first)
    window.continue_button.click()
    live = window.live
    assert window.pages.currentWidget() is live and live.observation.id == first
    assert live.clock.seconds() >= 240  # goes on from where it stopped
    assert sorted(live.seating.counts.values()) == [1, 1, 3]  # who spoke before, on the seating chart
    assert live.count_of("Q-probe") == 5
    qtbot.keyClick(live, "w")  # Q-open
    latest = max(get_record(library, first).events, key=lambda e: e.id)
    assert latest.code_id == "Q-open" and latest.start_s >= 240
    window.stop_button.click()
    assert window.pages.currentWidget() is window.summary


def test_keys_are_remapped_in_the_window(coach, library):
    window, *_ = coach
    window.actions_.keys_action.trigger()
    dialog = window.actions_.dialog
    assert isinstance(dialog, KeysDialog)
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("coaching-cycle"))
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "Q-open")
    dialog.table.selectRow(row)
    dialog.key.setText("z")
    dialog.set_button.click()
    assert get_scheme(library, "coaching-cycle").code("Q-open").key == "z"
    assert dialog.table.item(row, 0).text() == "z"
    taken = get_scheme(library, "coaching-cycle").codes[0]
    dialog.table.selectRow(row)
    dialog.key.setText(taken.key)  # another code's key
    dialog.set_button.click()
    assert get_scheme(library, "coaching-cycle").code("Q-open").key == "z"
    assert dialog.message.text() and taken.key in dialog.message.text()
    dialog.close()


def test_a_scheme_is_imported_in_the_window(coach, library, monkeypatch, tmp_path):
    window, *_ = coach
    source = json.loads((Path("resources/schemes/coaching-cycle.json")).read_text(encoding="utf-8"))
    source["id"], source["title"] = "walkthrough", "Walkthrough"
    good = tmp_path / "walkthrough.json"
    good.write_text(json.dumps(source), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(good), ""))
    window.actions_.import_scheme_action.trigger()
    assert "“Walkthrough”" in window.message.text()
    window.show_form()
    assert window.form.scheme.findData("walkthrough") >= 0
    source["id"], source["codes"][0]["key"] = "broken", "Home"
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(source), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    window.actions_.import_scheme_action.trigger()
    assert "broken.json" in window.message.text() and "key" in window.message.text()
    assert window.form.scheme.findData("broken") < 0


def test_the_window_opens_on_the_form_when_there_is_nothing_to_reopen(qtbot, ops):
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.form
    window.all_action.trigger()
    assert window.pages.currentWidget() is window.list and window.list.empty.isVisibleTo(window.list)
    assert window.list.tree.topLevelItemCount() == 0
    qtbot.mouseClick(window.list.new_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.form


def test_an_observation_for_a_portfolio_can_rate_its_rubric(qtbot, ops, library):
    from portfolio_app.services.observations import list_observations
    from portfolio_app.services.portfolios import create_portfolio

    portfolio = create_portfolio(library, "structured-student-discourse", "Period 3 ELA").value
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    form = window.form
    form.scheme.setCurrentIndex(form.scheme.findData("coaching-cycle"))
    form.title.setText("For Ana's portfolio")
    form.portfolio.setCurrentIndex(form.portfolio.findData(portfolio.id))
    form.start_button.click()
    [summary] = list_observations(library)
    assert summary.observation.portfolio_id == portfolio.id
    assert summary.observation.credential == ("structured-student-discourse", portfolio.credential_version)
    window.stop_button.click()
    window.actions_.rate_action.trigger()
    assert window.actions_.dialog.levels  # the credential's criteria, ready to rate
    window.actions_.dialog.close()


def test_from_the_keyboard_alone_start_code_stop_and_reopen(qtbot, ops, library):
    from portfolio_app.services.observations import list_observations

    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = window.form
    form.scheme.setCurrentIndex(form.scheme.findData("copus"))
    assert form.title.hasFocus()
    qtbot.keyClicks(form.title, "Period 5")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)  # Enter starts
    live = window.live
    assert window.pages.currentWidget() is live and live.hasFocus()
    qtbot.keyClick(live, "1")  # I-Lec
    qtbot.keyClick(live, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter stops
    assert window.pages.currentWidget() is window.summary
    [summary] = list_observations(library)
    assert summary.observation.duration_s is not None and summary.events == 1
    window.all_action.trigger()
    window.list.tree.setFocus()
    qtbot.keyClick(window.list.tree, Qt.Key.Key_Return)  # Enter reopens the one chosen
    assert window.pages.currentWidget() is window.summary and window.summary.observation_id == summary.observation.id
