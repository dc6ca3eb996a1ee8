"""The Evidence tab: importing through the window (files, folders, drops), cancel, delete and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QInputDialog

from portfolio_app.core.changes import Changes
from portfolio_app.services import evidence as uc
from portfolio_app.services.portfolios import create_portfolio, list_portfolios
from portfolio_app.ui.main_window import MainWindow
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.sidebar import NodeKind
from tests import mediagen as gen

IMPORT_TIMEOUT_MS = 60_000


@pytest.fixture
def portfolio(library):
    return create_portfolio(library, "structured-student-discourse", "Period 3 ELA").value


def _open(window, portfolio):
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    return window


@pytest.fixture
def open_window(window, portfolio):
    return _open(window, portfolio)


@pytest.fixture
def pane(open_window):
    return open_window.workspace_page.evidence


def _drop(target, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    target.dropEvent(event)


def _titles(pane) -> list[str]:
    return [pane.model.evidence(row).title for row in range(pane.model.rowCount())]


def _photos(folder, count: int):
    folder.mkdir(exist_ok=True)
    # A different camera serial in each: different bytes, so none is "already there".
    return [gen.make_jpeg(folder / f"IMG_{n:04d}.jpg", serial=f"SN-{n}") for n in range(count)]


def test_evidence_tab_comes_first_with_an_empty_state(open_window, pane):
    page = open_window.workspace_page
    assert page.tabs.currentWidget() is pane
    order = [page.evidence, page.responses, page.assessment, page.checklist, page.guide, page.rubric]
    assert [page.tabs.widget(i) for i in range(page.tabs.count())] == order
    assert pane.list_stack.currentWidget() is pane.empty_state
    assert "drop them here" in pane.empty_state.text()
    assert open_window.import_evidence_action.isEnabled()
    assert open_window.import_evidence_action.shortcut() == QKeySequence("Ctrl+I")
    assert pane.record_action.isEnabled() and pane.record_action.toolTip()  # a portfolio is open: it can record


def test_import_evidence_is_disabled_without_an_open_portfolio(window):
    assert not window.import_evidence_action.isEnabled()


def test_importing_files_adds_them_with_thumbnails(open_window, pane, library, portfolio, tmp_path, qtbot):
    files = [
        gen.make_jpeg(tmp_path / "anchor chart.jpg"),
        gen.make_video(tmp_path / "lesson.mp4", 1.0),
        gen.make_audio(tmp_path / "interview.m4a"),
        gen.make_pdf(tmp_path / "lesson plan.pdf", 2),
    ]
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        open_window.import_evidence([str(f) for f in files])
    summary = finished.args[0]
    assert len(summary.imported) == 4 and not summary.problems
    assert _titles(pane) == ["anchor chart", "lesson", "interview", "lesson plan"]
    assert pane.list_stack.currentWidget() is pane.list
    assert "4 imported" in open_window.statusBar().currentMessage()
    assert len(uc.list_evidence(library, portfolio.id)) == 4
    pictured = [e for e in summary.imported if e.thumbnail]
    assert {e.kind for e in pictured} == {"image", "video", "document"}  # audio has no picture
    qtbot.waitUntil(lambda: all(pane.model.thumbnail_loaded(e.id) for e in pictured), timeout=10_000)
    photo_row = pane.model.index_of(summary.imported[0].id)
    picture = pane.model.data(photo_row, Qt.ItemDataRole.DecorationRole).pixmap(96, 72).toImage()
    centre = picture.pixelColor(picture.width() // 3, picture.height() // 3)  # the photo's red quarter
    assert centre.red() > 150 and centre.green() < 100
    assert "interview" in pane.model.data(pane.model.index_of(summary.imported[2].id), Qt.ItemDataRole.DisplayRole)
    assert list_portfolios(library)[0].evidence_count == 4  # the tree's counts were refreshed


def test_a_bad_file_is_reported_with_its_reason_and_the_rest_import(pane, library, portfolio, tmp_path, qtbot):
    good = [gen.make_jpeg(tmp_path / "board.jpg"), gen.make_png(tmp_path / "chart.png")]
    bad = gen.make_text_renamed(tmp_path / "lesson.mp4")
    empty = tmp_path / "blank.pdf"
    empty.write_bytes(b"")
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        pane.import_paths([good[0], bad, good[1], empty])
    summary = finished.args[0]
    assert _titles(pane) == ["board", "chart"]
    assert pane.summary_dialog is not None and pane.summary_dialog.isVisible()
    rows = dict(pane.summary_dialog.rows())
    assert rows["lesson.mp4"].startswith("is not a video the app can read")
    assert rows["blank.pdf"].startswith("is empty")
    assert "2 imported, 2 could not be used" in summary_text_of(summary)
    pane.summary_dialog.close()


def summary_text_of(summary) -> str:
    from portfolio_app.ui.workspace.import_progress import summary_text

    return summary_text(summary)


def test_the_same_content_twice_is_already_there(pane, tmp_path, qtbot):
    photo = gen.make_jpeg(tmp_path / "board.jpg")
    copy = tmp_path / "board copy.jpg"
    copy.write_bytes(photo.read_bytes())
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        pane.import_paths([photo, copy])
    assert summary_text_of(finished.args[0]) == "1 imported, 1 already there"
    assert pane.summary_dialog is None  # nothing went wrong: the status bar says it all
    assert _titles(pane) == ["board"]


def test_dropping_a_folder_on_the_evidence_tab_imports_what_is_in_it(pane, tmp_path, qtbot):
    folder = tmp_path / "Lesson 3"
    (folder / "photos").mkdir(parents=True)
    gen.make_jpeg(folder / "photos" / "board.jpg")
    gen.make_pdf(folder / "plan.pdf", 1)
    (folder / "notes.txt").write_text("not evidence")
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        _drop(pane, [folder])
    assert sorted(_titles(pane)) == ["board", "plan"]


def test_dropping_files_on_the_window_imports_them_as_evidence(open_window, pane, tmp_path, qtbot):
    photo = gen.make_png(tmp_path / "chart.png")
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        _drop(open_window, [photo])
    assert _titles(pane) == ["chart"]
    assert open_window.catalog_page.list.count() == 3  # not taken for a credential definition


def test_cancelling_keeps_the_files_done_and_leaves_nothing_of_the_one_under_way(
    qtbot, library, portfolio, settings, tmp_path, add_threaded_window
):
    photos = _photos(tmp_path / "card", 80)
    ops = Operations(library)  # threaded, as in the app: cancel arrives while a file is under way
    window = MainWindow(ops, settings)
    add_threaded_window(window)
    window.show()
    qtbot.waitUntil(lambda: window.tree.model().find(NodeKind.PORTFOLIO, portfolio.id).isValid(), timeout=10_000)
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    qtbot.waitUntil(lambda: window.open_portfolio is not None, timeout=10_000)
    pane = window.workspace_page.evidence
    importer = pane.import_paths(photos)
    qtbot.waitUntil(lambda: len(importer.summary.imported) >= 3, timeout=IMPORT_TIMEOUT_MS)
    assert pane.progress.isVisible() and " of 80" in pane.progress.label.text()
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        pane.progress.cancel_button.click()
    summary = finished.args[0]
    ops.wait()
    stored = uc.list_evidence(library, portfolio.id)
    assert summary.cancelled and 3 <= len(summary.imported) < 80
    assert len(stored) == len(summary.imported) and not summary.problems
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(stored), timeout=5000)
    referenced = {e.blob for e in stored} | {e.thumbnail for e in stored if e.thumbnail}
    assert set(library.store.blobs()) == referenced  # no blob of the cancelled file is left
    assert not pane.progress.isVisible()
    assert "not imported (cancelled)" in window.statusBar().currentMessage()


def test_a_batch_dropped_during_an_import_follows_it(
    qtbot, library, portfolio, settings, tmp_path, add_threaded_window
):
    first, second = _photos(tmp_path / "first", 6), _photos(tmp_path / "second", 4)
    second = [p.rename(p.with_name(f"later {p.name}")) for p in second]
    for path in second:
        path.write_bytes(path.read_bytes() + b"\0")  # other bytes than the first batch's photos
    ops = Operations(library)
    window = MainWindow(ops, settings)
    add_threaded_window(window)
    window.show()
    qtbot.waitUntil(lambda: window.tree.model().find(NodeKind.PORTFOLIO, portfolio.id).isValid(), timeout=10_000)
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    qtbot.waitUntil(lambda: window.open_portfolio is not None, timeout=10_000)
    pane = window.workspace_page.evidence
    finished = []
    pane.import_finished.connect(finished.append)
    assert pane.import_paths(first) is not None
    assert pane.import_paths(second) is None  # waits for the first
    assert "after the ones under way" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=IMPORT_TIMEOUT_MS)
    ops.wait()
    assert [len(s.imported) for s in finished] == [6, 4]
    qtbot.waitUntil(lambda: pane.model.rowCount() == 10, timeout=5000)
    assert len(uc.list_evidence(library, portfolio.id)) == 10


def test_a_file_staged_as_the_user_cancels_is_removed_from_the_store(
    pane, library, portfolio, tmp_path, qtbot, monkeypatch
):
    from portfolio_app.ui.operations.importing import EvidenceImport

    photos = _photos(tmp_path / "card", 5)
    batch = EvidenceImport(pane.ops, portfolio.id, photos, pane)  # the pane's synchronous operations
    real_stage = uc.stage_file

    def stage_then_cancel_on_the_third(store, path, progress=None, cancelled=None):
        staged = real_stage(store, path, progress, cancelled)
        if path == photos[2]:
            batch.cancel()  # Cancel pressed as the third file's copy completed: it must be removed again
        return staged

    monkeypatch.setattr(uc, "stage_file", stage_then_cancel_on_the_third)
    with qtbot.waitSignal(batch.finished, timeout=IMPORT_TIMEOUT_MS) as finished:
        batch.start()
    summary = finished.args[0]
    assert summary.cancelled and len(summary.imported) == 2 and summary.not_imported == 3
    stored = uc.list_evidence(library, portfolio.id)
    referenced = {e.blob for e in stored} | {e.thumbnail for e in stored if e.thumbnail}
    assert len(stored) == 2 and set(library.store.blobs()) == referenced


def test_delete_and_undo(open_window, pane, library, portfolio, tmp_path, qtbot):
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        pane.import_paths([gen.make_jpeg(tmp_path / "keep.jpg"), gen.make_png(tmp_path / "oops.png")])
    pane.select(pane.model.ids()[1])
    pane.delete_action.trigger()
    assert _titles(pane) == ["keep"]
    assert [e.title for e in uc.list_evidence(library, portfolio.id)] == ["keep"]
    assert pane.selected().title == "keep"  # the neighbour is selected and shown
    assert pane.viewer.evidence.title == "keep"
    open_window.undo_action.trigger()
    assert _titles(pane) == ["keep", "oops"]
    open_window.redo_action.trigger()
    assert _titles(pane) == ["keep"]


def test_delete_key_in_the_list_deletes_evidence_not_the_portfolio(open_window, pane, library, tmp_path, qtbot):
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        pane.import_paths([gen.make_png(tmp_path / "chart.png")])
    pane.list.setFocus()
    pane.select(pane.model.ids()[0])
    qtbot.keyClick(pane.list, Qt.Key.Key_Delete)
    assert _titles(pane) == []
    assert pane.list_stack.currentWidget() is pane.empty_state
    assert len(list_portfolios(library)) == 1  # the portfolio is still there


def test_rename_with_undo(open_window, pane, library, tmp_path, qtbot, monkeypatch):
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        pane.import_paths([gen.make_png(tmp_path / "IMG_0042.png")])
    pane.select(pane.model.ids()[0])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Anchor chart, week 2", True))
    pane.rename_action.trigger()
    assert _titles(pane) == ["Anchor chart, week 2"]
    assert "Anchor chart, week 2" in pane.viewer.heading.text()
    open_window.undo_action.trigger()
    assert _titles(pane) == ["IMG_0042"]


def test_import_dialog_filters_by_the_kinds_the_app_reads(pane, monkeypatch, tmp_path, qtbot):
    from PySide6.QtWidgets import QFileDialog

    photo = gen.make_png(tmp_path / "chart.png")
    seen = {}

    def choose(parent, caption, folder, filters):
        seen["filters"] = filters
        return [str(photo)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        pane.import_action.trigger()
    assert "*.mp4" in seen["filters"] and "*.JPG" in seen["filters"] and "*.docx" in seen["filters"]
    assert _titles(pane) == ["chart"]


def test_edit_menu_trims_a_video_and_crops_a_photo(qtbot, library, ops, tmp_path, monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QDialog

    from portfolio_app.services.evidence import import_files, list_evidence
    from portfolio_app.services.portfolios import create_portfolio
    from portfolio_app.ui.workspace.edit_dialogs import TrimDialog
    from portfolio_app.ui.workspace.evidence_edits import CropDialog
    from portfolio_app.ui.workspace.evidence_pane import EvidencePane
    from tests import mediagen as gen

    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Edits").value
    report = import_files(
        library,
        portfolio.id,
        [gen.make_video(tmp_path / "lesson.mp4", 3.0), gen.make_jpeg(tmp_path / "work.jpg", 800, 600)],
    ).value
    video, photo = report.imported
    pane = EvidencePane(ops, QUndoStack())
    qtbot.addWidget(pane)
    pane.show_portfolio(portfolio.id)
    pane.select(video.id)
    assert pane.edits.trim_action.isEnabled() and not pane.edits.crop_action.isEnabled()

    def choose_range(dialog):
        dialog.start.setValue(1.0)
        dialog.end.setValue(2.0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TrimDialog, "exec", choose_range)
    pane.edits.trim_action.trigger()
    clip = next(e for e in list_evidence(library, portfolio.id) if e.derived_from == video.id)
    assert clip.duration_s == pytest.approx(1.0, abs=0.05) and pane.selected().id == clip.id

    pane.select(photo.id)
    assert pane.edits.crop_action.isEnabled() and not pane.edits.trim_action.isEnabled()

    def drag_top_left_quarter(dialog):
        size = dialog.picture.size()
        dialog.select(QRect(0, 0, size.width() // 2, size.height() // 2))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CropDialog, "exec", drag_top_left_quarter)
    pane.edits.crop_action.trigger()
    cropped = next(e for e in list_evidence(library, portfolio.id) if e.derived_from == photo.id)
    assert (cropped.width, cropped.height) == (400, 300)


def test_compress_is_offered_at_the_credentials_video_limit(open_window, pane):
    # the structured discourse credential accepts its discussion video up to 500 MB
    assert pane.edits.video_limit_mb == 500


def test_the_list_shows_what_goes_into_the_submission_and_which_copy_is_blurred(pane, library, portfolio, tmp_path):
    from portfolio_app.services import rubric
    from portfolio_app.ui.operations import LibraryOp

    first, second = uc.import_files(
        library, portfolio.id, [gen.make_png(tmp_path / "lesson.png"), gen.make_jpeg(tmp_path / "lesson2.jpg")]
    ).value.imported
    # the second stands for the blurred copy of the first: the same title, made by "blur faces"
    library.db.execute(
        "UPDATE evidence SET title = ?, derivation = ?, derived_from = ? WHERE id = ?",
        [first.title, "blur faces 2 of 3", first.id, second.id],
    )
    LibraryOp(lambda lib: rubric.link_requirement(lib, [second.id], "norms-and-plan")).run(pane.ops)
    model = pane.model
    original, copy = (model.index_of(first.id), model.index_of(second.id))
    original_text, copy_text = original.data(Qt.ItemDataRole.DisplayRole), copy.data(Qt.ItemDataRole.DisplayRole)
    assert "in the submission" in copy_text and "faces blurred" in copy_text
    assert "in the submission" not in original_text and "faces blurred" not in original_text
    assert original_text != copy_text
    picture = {i: i.data(Qt.ItemDataRole.DecorationRole).pixmap(96, 72).toImage() for i in (original, copy)}
    plain = model._picture(model.evidence_by_id(second.id)).pixmap(96, 72).toImage()
    assert picture[copy] != plain  # the copy's picture carries its marks


def test_open_with_the_system_viewer_says_where_the_copy_is_when_no_program_opens_it(
    pane, tmp_path, qtbot, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    with qtbot.waitSignal(pane.import_finished, timeout=IMPORT_TIMEOUT_MS):
        pane.import_paths([gen.make_png(tmp_path / "anchor chart.png")])
    pane.select(pane.model.ids()[0])
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: False)  # no viewer at all
    pane.open_externally_action.trigger()

    def said() -> list[QMessageBox]:
        boxes = pane.window().findChildren(QMessageBox)
        return [b for b in boxes if b.objectName() == "couldNotOpen" and "anchor chart.png" in b.text()]

    qtbot.waitUntil(lambda: bool(said()), timeout=10_000)
    said()[0].close()


def test_a_reviewers_open_says_where_the_file_is_when_no_program_opens_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from portfolio_app.ui.review.evidence_preview import EvidencePreview

    preview = EvidencePreview()
    qtbot.addWidget(preview)
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: False)
    photo = gen.make_png(tmp_path / "student work.png")
    preview.show_evidence(photo, "image", "Student work", None, None)
    (box,) = [b for b in preview.findChildren(QMessageBox) if b.objectName() == "couldNotOpen"]
    assert str(photo) in box.text()
    box.close()
