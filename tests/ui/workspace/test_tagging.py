"""Tagging in the window: ranges on the player's timeline, regions on photos and pages, markers,
requirement links; each undoable, each checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QDialog

from portfolio_app.core.changes import Changes
from portfolio_app.services import evidence as uc
from portfolio_app.services import rubric, tags
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.workspace.tag_dialog import TagDialog
from portfolio_app.ui.workspace.tag_panel import MarkersDialog
from tests import mediagen as gen

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")
PLAYER_TIMEOUT_MS = 15_000


@pytest.fixture
def pane(window, library, portfolio):
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    pane = window.workspace_page.evidence
    yield pane
    if pane.viewer._player is not None:
        pane.viewer._player.clear()
    pane.viewer.reader.wait()


def _add(library, pane, portfolio, path):
    [evidence] = uc.import_files(library, portfolio.id, [path]).value.imported
    pane.reload()
    pane.select(evidence.id)
    assert pane.viewer.evidence.id == evidence.id
    return evidence


def _accept_with(monkeypatch, dialog_class, prepare=lambda dialog: None):
    seen = []

    def accept(dialog):
        prepare(dialog)
        seen.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "exec", accept)
    return seen


def test_mark_a_range_on_the_timeline_and_tag_it_with_undo(
    window, pane, library, portfolio, tmp_path, qtbot, monkeypatch
):
    video = _add(library, pane, portfolio, gen.make_video(tmp_path / "lesson.mp4", 3.0))
    player = pane.viewer.player
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=PLAYER_TIMEOUT_MS)
    player.seek_to(500)
    qtbot.waitUntil(lambda: player.player.position() == 500, timeout=PLAYER_TIMEOUT_MS)
    player.mark_in_action.trigger()
    player.seek_to(2000)
    qtbot.waitUntil(lambda: player.player.position() == 2000, timeout=PLAYER_TIMEOUT_MS)
    player.mark_out_action.trigger()
    assert player.marked_range() == (0.5, 2.0)
    dialogs = _accept_with(monkeypatch, TagDialog, lambda d: d.note.setPlainText("Wait time after the question"))
    player.tag_action.trigger()  # T

    [dialog] = dialogs
    assert dialog.span().start_s == 0.5 and dialog.span().end_s == 2.0
    [tag] = tags.tags_for_evidence(library, video.id)
    assert (tag.span.start_s, tag.span.end_s, tag.note) == (0.5, 2.0, "Wait time after the question")
    assert tag.criterion_id == "higher-order-questions"  # the first Part 2 criterion
    panel = pane.viewer.tags
    assert panel.list.count() == 1 and "0:00.5–0:02.0" in panel.list.item(0).text()
    assert player.position_slider.tag_ranges == [(0.5, 2.0)]

    window.undo_action.trigger()
    assert tags.tags_for_evidence(library, video.id) == [] and panel.list.count() == 0
    window.redo_action.trigger()
    assert [t.id for t in tags.tags_for_evidence(library, video.id)] == [tag.id]

    panel.list.setCurrentRow(0)
    panel.list.itemActivated.emit(panel.list.item(0))  # plays exactly the tagged moment
    qtbot.waitUntil(lambda: player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState)
    qtbot.waitUntil(lambda: player.player.playbackState() == QMediaPlayer.PlaybackState.PausedState, timeout=10_000)
    assert 1900 <= player.player.position() <= 2300


def test_shift_drag_on_the_timeline_marks_a_range(pane, library, portfolio, tmp_path, qtbot):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    _add(library, pane, portfolio, gen.make_video(tmp_path / "lesson.mp4", 3.0))
    player = pane.viewer.player
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=PLAYER_TIMEOUT_MS)
    timeline = player.position_slider
    timeline.resize(600, 28)
    groove = timeline._groove()

    def mouse(kind, fraction):
        point = QPointF(groove.left() + groove.width() * fraction, 10)
        return QMouseEvent(
            kind, point, point, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
        )

    timeline.mousePressEvent(mouse(QMouseEvent.Type.MouseButtonPress, 0.2))
    timeline.mouseMoveEvent(mouse(QMouseEvent.Type.MouseMove, 0.5))
    timeline.mouseReleaseEvent(mouse(QMouseEvent.Type.MouseButtonRelease, 0.6))
    start, end = player.marked_range()
    assert start == pytest.approx(0.6, abs=0.05) and end == pytest.approx(1.8, abs=0.05)
    assert player.player.position() == 0  # a marking drag does not move the playhead


def test_tag_a_region_of_a_photo_edit_and_delete_with_undo(
    window, pane, library, portfolio, tmp_path, qtbot, monkeypatch
):
    photo = _add(library, pane, portfolio, gen.make_jpeg(tmp_path / "ticket.jpg"))
    assessed = rubric.assess(library, portfolio.id, "probing-follow-up", "demonstrated").value.value
    assert assessed.tag_ids == ()

    def draw(dialog):
        picture = dialog.picker
        dialog.criterion.setCurrentIndex(dialog.criterion.findData("probing-follow-up"))
        picture.select(QRect(picture.width() // 4, picture.height() // 2, picture.width() // 2, picture.height() // 4))

    _accept_with(monkeypatch, TagDialog, draw)
    panel = pane.viewer.tags
    panel.add_action.trigger()
    [tag] = tags.tags_for_evidence(library, photo.id)
    assert tag.region.x == pytest.approx(0.25, abs=0.01) and tag.region.w == pytest.approx(0.5, abs=0.01)
    assert tag.region.y == pytest.approx(0.5, abs=0.01) and tag.region.h == pytest.approx(0.25, abs=0.01)
    assert rubric.get_assessments(library, portfolio.id)["probing-follow-up"].tag_ids == (tag.id,)

    panel.list.setCurrentRow(0)
    panel.list.itemActivated.emit(panel.list.item(0))
    image = pane.viewer.image
    qtbot.waitUntil(lambda: image.loaded)  # read in the background: the outline follows the picture
    assert len(image._region_items) == 1 and image._current_region == 0
    outline = image._region_items[0].rect()
    assert outline.width() == pytest.approx(image.item.pixmap().width() * tag.region.w, abs=1)

    _accept_with(monkeypatch, TagDialog, lambda d: d.note.setPlainText("Two follow-up probes"))
    panel.edit_action.trigger()
    assert tags.get_tag(library, tag.id).note == "Two follow-up probes"
    window.undo_action.trigger()
    assert tags.get_tag(library, tag.id).note == ""

    panel.list.setCurrentRow(0)
    panel.delete_action.trigger()
    assert tags.tags_for_evidence(library, photo.id) == []
    window.undo_action.trigger()  # back with its id and its place in the self-assessment
    assert tags.get_tag(library, tag.id).region == tag.region
    assert rubric.get_assessments(library, portfolio.id)["probing-follow-up"].tag_ids == (tag.id,)


def test_tag_a_region_on_the_second_page_of_a_pdf(pane, library, portfolio, tmp_path, monkeypatch):
    plan = _add(library, pane, portfolio, gen.make_pdf(tmp_path / "plan.pdf", pages=3))

    def draw(dialog):
        dialog.page.setValue(2)
        dialog.picker.select(QRect(10, 10, 100, 60))

    dialogs = _accept_with(monkeypatch, TagDialog, draw)
    pane.viewer.tags.add_action.trigger()
    assert dialogs[0].page.maximum() == 3
    [tag] = tags.tags_for_evidence(library, plan.id)
    assert tag.region.page == 1 and tag.region.w > 0


def test_markers_become_tags_in_one_undoable_step(window, pane, library, portfolio, tmp_path, monkeypatch):
    video = _add(library, pane, portfolio, gen.make_video(tmp_path / "lesson.mp4", 3.0))
    uc.add_marker(library, video.id, 1.0, "First question")
    uc.add_marker(library, video.id, 2.0, "Probe")
    pane.reload()
    panel = pane.viewer.tags
    assert panel.markers_button.isVisibleTo(panel) and len(panel.markers) == 2
    _accept_with(monkeypatch, MarkersDialog, lambda d: d.criterion.setCurrentIndex(d.criterion.findData("wait-time")))
    panel.markers_action.trigger()
    made = tags.tags_for_evidence(library, video.id)
    assert [(t.criterion_id, t.note) for t in made] == [("wait-time", "First question"), ("wait-time", "Probe")]
    window.undo_action.trigger()
    assert tags.tags_for_evidence(library, video.id) == []


def test_link_evidence_to_a_requirement_with_undo(window, pane, library, portfolio, tmp_path):
    video = _add(library, pane, portfolio, gen.make_video(tmp_path / "lesson.mp4", 2.0))
    combo = pane.viewer.tags.requirement
    assert combo.currentData() is None and combo.count() == 4
    combo.setCurrentIndex(combo.findData("classroom-video"))
    combo.activated.emit(combo.currentIndex())
    assert uc.get_evidence(library, video.id).requirement_id == "classroom-video"
    assert window.undo_stack.undoText().startswith("Submit “lesson")
    window.undo_action.trigger()
    assert uc.get_evidence(library, video.id).requirement_id is None
    assert combo.currentData() is None


def test_a_tag_time_reads_the_same_in_the_app_and_in_the_bundle():
    from portfolio_app.bundle import report, viewer
    from portfolio_app.core.portfolio import Tag, TimeRange
    from portfolio_app.ui.workspace.criterion_panel import tag_place as criterion_place
    from portfolio_app.ui.workspace.tag_panel import tag_place

    tag = Tag("t", "e", "c", "2026-11-20T10:00:00Z", span=TimeRange(8.84, 12.8))
    assert tag_place(tag) == criterion_place(tag, None) == "0:08.8–0:12.8"
    assert viewer._where(tag) == report._where(tag) == "0:08.8–0:12.8"


def test_a_pdf_page_in_the_tag_dialog_is_white_paper(library, portfolio, tmp_path, qapp):
    from PySide6.QtGui import QColor

    from portfolio_app.services import evidence as uc
    from portfolio_app.services.evidence import media_path
    from portfolio_app.ui.workspace.tag_dialog import read_picture

    [pdf] = uc.import_files(library, portfolio.id, [gen.make_pdf(tmp_path / "ticket.pdf")]).value.imported
    page = read_picture(media_path(library, pdf), pdf, 0)
    assert not page.isNull() and not page.hasAlphaChannel()
    corner = QColor(page.pixel(2, 2))  # a margin: nothing printed there
    assert (corner.red(), corner.green(), corner.blue()) == (255, 255, 255)
