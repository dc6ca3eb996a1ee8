"""Issue #7's path in the window alone: say who appears, see the checklist block the export, blur the
class video with the review, and export a bundle that carries only the blurred copy."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from PySide6.QtWidgets import QDialog, QWizard

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import TimeRange
from portfolio_app.core.readiness import Rule
from portfolio_app.services import rubric, tags
from portfolio_app.services.evidence import import_files, list_evidence
from portfolio_app.ui.privacy.students_dialog import StudentsDialog
from portfolio_app.ui.sidebar import NodeKind
from tests.face_evidence import make_face_files
from tests.ready_portfolio import make_ready_portfolio

pytestmark = pytest.mark.qt_log_ignore(
    "No HW decoder found", "No audio device detected", "This plugin does not support propagateSizeHints"
)


def test_consent_blur_review_and_an_export_with_only_the_blurred_copy(window, library, tmp_path, qtbot, monkeypatch):
    portfolio = make_ready_portfolio(library, tmp_path / "media")  # class 7A, with Maya (every consent)
    old = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.VIDEO)
    video = import_files(library, portfolio.id, [make_face_files(tmp_path / "faces").video]).value.imported[0]
    rubric.link_requirement(library, [old.id], None)  # today's lesson replaces the old clip
    rubric.link_requirement(library, [video.id], old.requirement_id)
    for tag in tags.tags_for_evidence(library, old.id):
        tags.add_tag(library, video.id, tag.criterion_id, span=TimeRange(0.1, 0.9), note=tag.note)
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    workspace = window.workspace_page
    checklist, pane = workspace.checklist, workspace.evidence

    roster = window.open_roster()  # Leo joins the class; his family has not sent the video form back
    roster.add_student("Leo")
    roster.close()
    pane.select(video.id)

    def leo_and_maya(dialog):
        dialog.check("Leo")
        dialog.check("Maya")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StudentsDialog, "exec", leo_and_maya)
    pane.students_action.trigger()
    [blocked] = [r for r in checklist.rows() if r.rule == Rule.PRIVACY]
    assert "Leo" in blocked.message and "Blur Faces" in blocked.fix
    window.export_action.trigger()
    assert not window.export_wizard.readiness.isComplete()  # only a draft could go out now
    window.export_wizard.close()

    pane.edits.blur_faces_action.trigger()  # synchronous runner: the faces are found by now
    review = pane.edits.face_blurring.review_window
    assert review.tracks.count() == 3
    review.blur_button.click()
    copy = next(e for e in list_evidence(library, portfolio.id) if e.derived_from == video.id)
    assert pane.selected().id == copy.id  # the copy is selected, in the original's place
    assert checklist.readiness.ready

    window.export_action.trigger()
    wizard = window.export_wizard
    assert wizard.readiness.isComplete()
    wizard.next()
    titles = {wizard.contents.table.topLevelItem(i).text(0) for i in range(wizard.contents.table.topLevelItemCount())}
    assert copy.title in titles and video.title not in titles
    wizard.next()
    wizard.destination.path.setText(str(tmp_path / "bundle.zip"))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.info is not None, timeout=60_000)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    original = hashlib.sha256(library.store.path(video.blob).read_bytes()).hexdigest()
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        sent = {hashlib.sha256(bundle.read(n)).hexdigest() for n in bundle.namelist() if "/data/evidence/" in n}
    assert copy.blob in sent and original not in sent
