"""The teacher's window: a coach's signed observation imports like any file and shows its coded timeline,
the recording made while observing (played from the moment clicked), and its summary on a tab."""

import keyring
import pytest

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.services.library import open_library
from portfolio_app.services.observation_records import sign_observation
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.ui.sidebar import NodeKind
from tests.keyring_memory import MemoryKeyring
from tests.observation.lesson import copus_lesson


@pytest.fixture
def signed(tmp_path):
    coach = open_library(tmp_path / "coach")
    try:
        path = sign_observation(coach, copus_lesson(coach, minutes=6), tmp_path / "kim.zip").path
    finally:
        coach.close()
    keyring.set_keyring(MemoryKeyring())  # the teacher's own keychain from here on
    return path


def _import_into_a_new_portfolio(window, library, qtbot, path, title):
    """A portfolio opened in the window, `path` imported into it: (portfolio, evidence pane, what was imported)."""
    portfolio = create_portfolio(library, "structured-student-discourse", title).value
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    pane = window.workspace_page.evidence
    with qtbot.waitSignal(pane.import_finished, timeout=60_000) as finished:
        pane.import_paths([path])
    return portfolio, pane, finished.args[0].imported


def test_importing_a_signed_observation_shows_its_summary(window, library, qtbot, signed, tmp_path):
    _, pane, [evidence] = _import_into_a_new_portfolio(window, library, qtbot, signed, "Period 3 ELA")
    assert evidence.kind == EvidenceKind.OBSERVATION
    pane.select(evidence.id)
    viewer = pane.viewer
    qtbot.waitUntil(lambda: viewer.observation.shown is not None, timeout=10_000)
    assert viewer.stack.currentWidget() is viewer.observation
    assert viewer.observation.currentWidget() is viewer.observation.timeline  # the lanes first
    assert viewer.observation.timeline.lanes.items  # the coded events, drawn
    assert viewer.observation.pdf.page_count() >= 1  # the summary the coach signed, on its own tab
    assert viewer.observation.tabText(1) == "Summary (PDF)"
    broken = tmp_path / "broken.zip"
    broken.write_bytes(signed.read_bytes()[:-200])  # cut short on the way
    with qtbot.waitSignal(pane.import_finished, timeout=60_000) as finished:
        pane.import_paths([broken])
    summary = finished.args[0]
    assert not summary.imported and [p.name for p in summary.problems] == ["broken.zip"]
    viewer.reader.wait()


@pytest.fixture
def signed_with_recording(tmp_path):
    """A coach's observation with 3 s of video recorded from 2 s into it, handed over with consent."""
    from portfolio_app.core.talk import Speaker, TalkResult, TalkSegment, WaitTime
    from portfolio_app.services.observation_recordings import attach_recording, stage_recording
    from portfolio_app.storage import observation_talk as stored_talk
    from tests import mediagen as gen
    from tests.observation.lesson import discussion_lesson

    coach = open_library(tmp_path / "coach")
    try:
        observation_id = discussion_lesson(coach)
        made = gen.make_video(coach.store.temp_path(".mp4"), 3.0, fps=25)
        recording = attach_recording(coach, observation_id, stage_recording(coach.store, made, "Lesson.mp4"), 2.0).value
        segments = (TalkSegment(0.0, 2.0, Speaker.TEACHER, 0.9), TalkSegment(2.5, 3.0, Speaker.STUDENT, 0.8))
        talk = TalkResult(3.0, segments, (WaitTime(2.0, 0.5, 2.5),), (0.0, 2.0), "test method", (), 0.07)
        stored_talk.save(coach.db, recording.id, recording.blob, (2.0,), talk, "2026-12-05T09:10:00Z")  # Talk Time
        path = sign_observation(coach, observation_id, tmp_path / "kim.zip", with_recording=True).path
    finally:
        coach.close()
    keyring.set_keyring(MemoryKeyring())
    return path


@pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")
def test_a_click_on_the_lanes_plays_the_recording_and_the_moment_is_tagged(
    window, library, qtbot, signed_with_recording, monkeypatch
):
    from PySide6.QtWidgets import QDialog

    from portfolio_app.core.observation import clock_text
    from portfolio_app.services.tags import list_tags
    from portfolio_app.ui.workspace.tag_dialog import TagDialog

    portfolio, pane, imported = _import_into_a_new_portfolio(window, library, qtbot, signed_with_recording, "Ratios")
    observation = next(e for e in imported if e.kind == EvidenceKind.OBSERVATION)
    pane.reload()
    pane.select(observation.id)
    view = pane.viewer.observation
    qtbot.waitUntil(lambda: view.shown is not None, timeout=10_000)
    [recording] = view.shown.recordings
    assert recording.starts_at_s == pytest.approx(2.0) and f"from {clock_text(2.0)}" in view.recording_line.text()
    assert not view.tag_button.isEnabled()  # nothing clicked yet
    assert "Tag This Moment" in pane.viewer.tags.empty.text()  # the tag list says how to tag a moment here
    assert view.timeline.talk.isVisibleTo(view) and "as the coach measured it" in view.timeline.talk.text()
    assert "teacher 67%, students 17%" in view.timeline.talk.text()  # the coach's Talk Time, signed with it

    view.timeline.lanes.moment_clicked.emit(4.5)  # 2.5 s into the recording, asked while the file opens
    player = view.player
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=15_000)
    # from 2.5 s, not from the start: playing from 0 would pass 2.5 s only after the check below
    qtbot.waitUntil(lambda: player.player.position() >= 2300, timeout=1_500)
    assert player.player.source().toLocalFile() == str(recording.path)
    view.timeline.lanes.moment_clicked.emit(0.5)  # before the recording began
    assert f"Nothing was recorded at {clock_text(0.5)}" in view.recording_line.text()

    start, end = view.shown.observation.span_around(3.5)
    assert 0 <= start <= 3.5 <= end <= view.shown.observation.length_s
    chosen = []

    def accept(dialog):
        chosen.append((dialog.start.value(), dialog.end.value()))  # the moment's range, in the observation's time
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TagDialog, "exec", accept)
    view.timeline.lanes.moment_clicked.emit(3.5)
    view.tag_button.click()
    assert chosen == [(pytest.approx(start, abs=0.01), pytest.approx(end, abs=0.01))]
    [tag] = [t for t in list_tags(library, portfolio.id) if t.evidence_id == observation.id]
    assert (tag.span.start_s, tag.span.end_s) == (pytest.approx(start, abs=0.01), pytest.approx(end, abs=0.01))
    qtbot.waitUntil(lambda: view.timeline.lanes.highlights == [(tag.span.start_s, tag.span.end_s)], timeout=5_000)
    # the recording's own bar shades it in the recording's time (2 s earlier)
    assert player.position_slider.tag_ranges == [(tag.span.start_s - 2.0, tag.span.end_s - 2.0)]
    player.clear()
    pane.viewer.reader.wait()
