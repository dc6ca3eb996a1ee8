"""Export from the window (readiness, contents, destination, build) and opening bundles:
verification first, then the contents; a changed byte is shown as a problem naming the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QWizard

from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.core.changes import Changes
from portfolio_app.core.portfolio import PortfolioStatus
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.ui.bundles.bundle_window import BundleWindow
from portfolio_app.ui.sidebar import NodeKind
from tests.bundle.tampering import flip_byte, rewrite
from tests.ready_portfolio import make_ready_portfolio

pytestmark = pytest.mark.qt_log_ignore(
    "No HW decoder found", "No audio device detected", "This plugin does not support propagateSizeHints"
)


def _open(window, portfolio):
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    assert window.open_portfolio.id == portfolio.id
    window.export_action.trigger()
    wizard = window.export_wizard
    assert wizard is not None and wizard.isVisible()
    return wizard


def _export(wizard, target, qtbot):
    wizard.next()  # readiness -> contents
    wizard.next()  # contents -> destination
    wizard.destination.path.setText(str(target))
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.next()  # Export
    qtbot.waitUntil(lambda: wizard.info is not None or wizard.build.status.text().startswith("Not"), timeout=60_000)


def test_export_a_ready_portfolio_from_the_window(window, library, tmp_path, qtbot, monkeypatch):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    wizard = _open(window, portfolio)
    assert wizard.readiness.verdict.text().startswith("✓ Ready") and wizard.readiness.isComplete()
    wizard.next()
    assert wizard.contents.table.topLevelItemCount() == len(wizard.plan.items) > 0
    firsts = {wizard.contents.table.topLevelItem(i).text(3) for i in range(len(wizard.plan.items))}
    assert "Remove location and device details" in firsts
    wizard.next()
    assert wizard.destination.path.text().endswith(".zip")
    wizard.destination.path.setText(str(tmp_path / "missing" / "b.zip"))
    assert "does not exist" in wizard.destination.problem.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.destination.path.setText(str(tmp_path / "b.txt"))
    assert ".zip" in wizard.destination.problem.text()
    wizard.back()
    wizard.back()

    _export(wizard, tmp_path / "bundle.zip", qtbot)
    assert wizard.info.path == tmp_path / "bundle.zip" and wizard.build.title() == "Bundle saved"
    assert wizard.info.fingerprint in wizard.build.status.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert verify_bundle(tmp_path / "bundle.zip").valid
    assert get_portfolio(library, portfolio.id).status == PortfolioStatus.EXPORTED
    opened = []
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    wizard.build.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    assert window.settings.value("export/folder") == str(tmp_path)  # offered first next time


def test_a_portfolio_that_is_not_ready_exports_only_as_a_draft(window, library, tmp_path, qtbot):
    portfolio = make_ready_portfolio(library, tmp_path / "media", answered=False)
    _open(window, portfolio).close()
    window.workspace_page.checklist.export_button.click()  # the Checklist tab offers it too
    wizard = window.export_wizard
    page = wizard.readiness
    assert "between this portfolio and a submission" in page.verdict.text()
    assert page.items.count() == len(wizard.plan.outstanding) > 0
    assert not page.isComplete()
    page.draft.setChecked(True)
    assert page.isComplete() and wizard.plan.draft
    _export(wizard, tmp_path / "draft.zip", qtbot)
    assert wizard.build.title() == "Draft bundle saved"
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert verify_bundle(tmp_path / "draft.zip").draft is True
    assert get_portfolio(library, portfolio.id).status == PortfolioStatus.DRAFT


def test_export_needs_a_profile_to_sign_with(make_window, library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    library.db.execute("DELETE FROM profile")
    window = make_window()
    wizard = _open(window, portfolio)
    assert "Your Profile" in wizard.readiness.verdict.text() and not wizard.readiness.isComplete()


@pytest.fixture
def bundle(library, tmp_path):
    from portfolio_app.services.export import export_portfolio

    portfolio = make_ready_portfolio(library, tmp_path / "media")
    return export_portfolio(library, portfolio.id, tmp_path / "bundle.zip").value.path


def test_open_a_bundle_shows_the_verdict_then_the_contents(window, bundle, tmp_path, qtbot, monkeypatch):
    window.open_bundle([str(bundle)])
    viewer: BundleWindow = window.bundle_windows[-1]
    qtbot.waitUntil(lambda: viewer.report is not None, timeout=30_000)
    assert "Valid" in viewer.verdict.text() and viewer.report.fingerprint in viewer.verdict.text()
    assert viewer.problems.isHidden() and not viewer.tabs.isHidden()
    assert viewer.evidence.topLevelItemCount() == len(viewer.report.submission["evidence"]) > 0
    assert viewer.assessment.topLevelItemCount() == len(viewer.report.submission["self_assessment"])
    assert "Twenty-four students" in viewer.answers.toPlainText()

    opened = []
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    (tmp_path / "reviewer").mkdir()
    viewer.extract_to(tmp_path / "reviewer")
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    assert viewer.task is None and viewer.extract_button.isEnabled()
    index = opened[0].toLocalFile()
    assert index.startswith(str(tmp_path / "reviewer")) and index.endswith("data/index.html")
    assert [p.name for p in (tmp_path / "reviewer").iterdir()] == [bundle.stem]  # no temp folder left


def test_a_changed_bundle_is_shown_as_not_valid_with_the_entry_at_fault(window, bundle, qtbot, tmp_path):
    changed = rewrite(bundle, tmp_path / "changed.zip", lambda items: flip_byte(items, "data/submission.json"))
    window.open_bundle([str(changed)])
    viewer: BundleWindow = window.bundle_windows[-1]
    qtbot.waitUntil(lambda: viewer.report is not None, timeout=30_000)
    assert "Not valid" in viewer.verdict.text()
    entries = [viewer.problems.topLevelItem(i).text(0) for i in range(viewer.problems.topLevelItemCount())]
    assert any("submission.json" in entry for entry in entries)
    assert not viewer.extract_button.isEnabled()


def test_a_file_that_is_not_a_bundle_says_so(window, tmp_path, qtbot):
    junk = tmp_path / "notes.zip"
    junk.write_bytes(b"not a zip at all")
    window.open_bundle([str(junk)])
    viewer: BundleWindow = window.bundle_windows[-1]
    qtbot.waitUntil(lambda: "Cannot" in viewer.verdict.text() or viewer.report is not None, timeout=30_000)
    assert "notes.zip" in viewer.verdict.text()


def test_dropping_a_bundle_on_the_open_portfolio_opens_it_instead_of_importing_it(window, library, bundle, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, Qt
    from PySide6.QtGui import QDropEvent

    from portfolio_app.services.evidence import list_evidence
    from portfolio_app.ui.workspace.evidence_importing import local_paths

    portfolio_id = get_portfolio(library, verify_bundle(bundle).submission["portfolio"]["id"]).id
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio_id)
    before = len(list_evidence(library, portfolio_id))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    assert local_paths(event) == []  # the evidence pane leaves a .zip to the window
    window.dropEvent(event)
    viewer = window.bundle_windows[-1]
    qtbot.waitUntil(lambda: viewer.report is not None, timeout=30_000)
    assert viewer.report.valid and viewer.path == bundle
    assert len(list_evidence(library, portfolio_id)) == before  # not imported as evidence


def test_closing_the_wizard_mid_build_cancels_it_and_leaves_no_file(
    library, settings, qtbot, tmp_path, monkeypatch, add_threaded_window
):
    """With the real background workers: Cancel during the build stops it, then the wizard closes."""
    import threading

    from portfolio_app.services import export as export_uc
    from portfolio_app.ui.main_window import MainWindow
    from portfolio_app.ui.operations import Operations

    real_build = export_uc.build_bundle
    started = threading.Event()

    def build_until_cancelled(store, plan, target, progress=None, cancelled=None):
        def held() -> bool:  # the first check waits for the teacher's Cancel, so the race is decided
            started.set()
            for _ in range(500):
                if cancelled():
                    return True
                threading.Event().wait(0.02)
            return cancelled()

        return real_build(store, plan, target, progress, held)

    monkeypatch.setattr(export_uc, "build_bundle", build_until_cancelled)
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    ops = Operations(library)
    window = MainWindow(ops, settings)
    add_threaded_window(window)
    window.show()

    def opened() -> bool:
        window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)  # once the library tree has loaded
        return window.open_portfolio is not None

    qtbot.waitUntil(opened, timeout=30_000)
    window.export_action.trigger()
    wizard = window.export_wizard
    qtbot.waitUntil(lambda: wizard.readiness.isComplete(), timeout=30_000)
    wizard.next()
    wizard.next()
    wizard.destination.path.setText(str(tmp_path / "bundle.zip"))
    wizard.next()
    qtbot.waitUntil(started.is_set, timeout=30_000)
    assert wizard.building and wizard.isVisible()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()  # nothing to finish yet
    with qtbot.waitSignal(wizard.finished, timeout=30_000):
        wizard.reject()  # the window's Cancel button or Escape
        assert wizard.isVisible()  # stays until the build has stopped
    ops.wait()
    assert not (tmp_path / "bundle.zip").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_enter_on_the_first_page_never_cancels_the_wizard(window, library, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    portfolio = make_ready_portfolio(library, tmp_path / "media")
    wizard = _open(window, portfolio)
    cancel = wizard.button(QWizard.WizardButton.CancelButton)
    cancel.setFocus()  # where the focus lands while the plan is still being read
    qtbot.keyClick(cancel, Qt.Key.Key_Return)
    assert wizard.isVisible() and wizard.currentPage() is wizard.contents  # Enter pressed Next


def test_the_first_page_says_when_the_keychain_is_locked(window, library, tmp_path, monkeypatch):
    import keyring.errors

    from tests.keyring_memory import MemoryKeyring

    class Locked(MemoryKeyring):
        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("locked")

    locked = Locked()
    monkeypatch.setattr("keyring.get_keyring", lambda: locked)
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    wizard = _open(window, portfolio)
    page = wizard.readiness
    assert "keychain is locked. Unlock it" in page.keychain.text() and not page.isComplete()
    assert page.check_again.isVisibleTo(page)
    monkeypatch.undo()  # unlocked
    page.check_again.click()
    assert "ready to sign" in page.keychain.text() and page.isComplete()


def _said_where(parent, path) -> bool:
    from PySide6.QtWidgets import QMessageBox

    boxes = [b for b in parent.findChildren(QMessageBox) if b.objectName() == "couldNotOpen" and b.isVisible()]
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    return any(str(path) in b.text() and b.textInteractionFlags() & selectable for b in boxes)


def test_show_in_folder_says_where_the_bundle_is_when_nothing_can_open_it(
    window, library, tmp_path, qtbot, monkeypatch
):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    wizard = _open(window, portfolio)
    _export(wizard, tmp_path / "bundle.zip", qtbot)
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: False)  # no file manager
    monkeypatch.setattr("portfolio_app.ui.folders.sys.platform", "linux")
    wizard.build.show_button.click()
    assert _said_where(wizard, tmp_path / "bundle.zip")


def test_extract_says_where_the_viewer_is_when_no_browser_opens(window, bundle, tmp_path, qtbot, monkeypatch):
    window.open_bundle([str(bundle)])
    viewer: BundleWindow = window.bundle_windows[-1]
    qtbot.waitUntil(lambda: viewer.report is not None, timeout=30_000)
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: False)  # no browser
    (tmp_path / "reviewer").mkdir()
    viewer.extract_to(tmp_path / "reviewer")
    index = tmp_path / "reviewer" / bundle.stem / "data" / "index.html"
    qtbot.waitUntil(lambda: _said_where(viewer, index), timeout=30_000)


def test_open_bundle_reads_like_the_portfolio_and_closes_with_escape(window, bundle, tmp_path, qtbot, monkeypatch):
    from PySide6.QtGui import QShortcut
    from PySide6.QtWidgets import QApplication

    window.open_bundle([str(bundle)])
    viewer: BundleWindow = window.bundle_windows[-1]
    qtbot.waitUntil(lambda: viewer.report is not None, timeout=30_000)
    submission = viewer.report.submission

    answers = viewer.answers.toPlainText()  # Part 1 answers, then Part 3, under their headings
    part1, part3 = answers.find("Part 1: Overview"), answers.find("Part 3: Reflection")
    assert 0 <= part1 < part3
    for response in submission["responses"]:
        at = answers.find(response["prompt"])
        assert (part1 < at < part3) if response["part"] == "part1" else at > part3

    first = submission["self_assessment"][0]  # the reason in full, not cut off in a cell
    assert first["justification"] and first["justification"] in viewer.why.toPlainText()

    tags_shown = sum(viewer.evidence.topLevelItem(i).childCount() for i in range(viewer.evidence.topLevelItemCount()))
    assert tags_shown == len(submission["tags"]) > 0
    noted = next(t for t in submission["tags"] if t["note"])
    rows = [viewer.evidence.topLevelItem(i) for i in range(viewer.evidence.topLevelItemCount())]
    assert any(row.child(n).text(3) == noted["note"] for row in rows for n in range(row.childCount()))

    opened = []
    monkeypatch.setattr("portfolio_app.ui.folders.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    assert viewer.evidence_hint.isVisible() and "Double-click" in viewer.evidence_hint.text()  # how to see a file
    tagged = next(row for row in rows if row.childCount())
    viewer.evidence.itemActivated.emit(tagged.child(0), 0)  # a tag row opens its evidence
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    copy = Path(opened[0].toLocalFile())
    assert copy.name == Path(tagged.data(0, Qt.ItemDataRole.UserRole)).name and copy.stat().st_mode & 0o222 == 0
    assert copy.read_bytes()  # the file itself, copied out of the bundle

    keys = {s.key().toString() for s in viewer.findChildren(QShortcut)}
    assert {"Esc", "Ctrl+W"} <= keys
    viewer.raise_()
    viewer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer)
    with qtbot.waitSignal(viewer.destroyed):  # closed (and let go of: it deletes itself on close)
        qtbot.keyClick(QApplication.focusWidget() or viewer, Qt.Key.Key_Escape)
