"""A fresh portfolio taken from "not ready" to "ready" with the window alone: import, link,
say who appears, tag, answer, rate; the Checklist tab follows every step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog

from portfolio_app.core.changes import Changes
from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.readiness import Rule
from portfolio_app.services import names
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.ui.privacy.students_dialog import StudentsDialog
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.workspace.tag_dialog import TagDialog
from tests import mediagen as gen

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


def _answer(n: int) -> str:
    return " ".join(["Twenty-four seventh graders, six learning English"] * (n // 7 + 1))


def test_from_not_ready_to_ready_in_the_window(window, library, tmp_path, qtbot, monkeypatch):
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    workspace = window.workspace_page
    checklist, pane = workspace.checklist, workspace.evidence
    credential = pane.viewer.tags.credential
    assert not checklist.readiness.ready and len(checklist.rows()) > 10

    # Part 2: import one file per required item, link each to its requirement, tag each criterion
    files = {
        "question-plan": gen.make_pdf(tmp_path / "plan.pdf"),
        "classroom-video": gen.make_video(tmp_path / "lesson.mp4", 3.0, width=320, height=180),
        "student-responses": gen.make_jpeg(tmp_path / "work.jpg"),
    }
    requirements = credential.work_examples.requirements
    for requirement in requirements:
        for n in range(requirement.min_count):
            copy = tmp_path / f"{requirement.id}-{n}{files[requirement.id].suffix}"
            copy.write_bytes(files[requirement.id].read_bytes() + bytes(n))  # different content each
            with qtbot.waitSignal(pane.import_finished, timeout=60_000) as done:
                pane.import_paths([copy])
            [item] = done.args[0].imported
            pane.select(item.id)
            combo = pane.viewer.tags.requirement
            combo.setCurrentIndex(combo.findData(requirement.id))
            combo.activated.emit(combo.currentIndex())

    # privacy: the class roster, the class the portfolio was taught to, who appears in each item
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("name,video,photo,audio\nMaya,yes,yes,yes\n")
    roster = window.open_roster()
    roster.import_csv(roster_file, "7A")
    roster.taught.setCurrentIndex(roster.taught.findText("7A"))
    roster.taught.activated.emit(roster.taught.currentIndex())
    roster.close()
    for item in list(pane.model._rows):
        if item.kind in (EvidenceKind.VIDEO, EvidenceKind.IMAGE):
            pane.select(item.id)

            def choose(dialog, in_video=item.kind == EvidenceKind.VIDEO):
                dialog.check("Maya") if in_video else dialog.nobody.setChecked(True)
                return QDialog.DialogCode.Accepted

            monkeypatch.setattr(StudentsDialog, "exec", choose)
            pane.students_action.trigger()
    assert not [r for r in checklist.rows() if r.rule == Rule.PRIVACY]

    video = next(e for e in pane.model._rows if e.requirement_id == "classroom-video")
    pane.select(video.id)
    for criterion in credential.criteria_for(Part.WORK_EXAMPLES):

        def choose(dialog, criterion_id=criterion.id):
            dialog.criterion.setCurrentIndex(dialog.criterion.findData(criterion_id))
            dialog.start.setValue(0.5)
            dialog.end.setValue(2.5)

        monkeypatch.setattr(TagDialog, "exec", lambda d, choose=choose: (choose(d), QDialog.DialogCode.Accepted)[1])
        pane.viewer.tags.add_action.trigger()
    photo = next(e for e in pane.model._rows if e.requirement_id == "student-responses")
    pane.select(photo.id)
    monkeypatch.setattr(
        TagDialog, "exec", lambda d: (d.picker.select(QRect(5, 5, 60, 40)), QDialog.DialogCode.Accepted)[1]
    )
    pane.viewer.tags.add_action.trigger()

    # Parts 1 and 3: type every answer in the Answers tab
    for prompt in credential.prompts:
        workspace.show_prompt(prompt.id)
        editor = workspace.responses.editor(prompt.id)
        editor.setPlainText(_answer(max(prompt.min_words, prompt.max_words // 2)))
    workspace.flush()

    # the rubric: rate every criterion at its passing level, with a reason
    for criterion in credential.criteria:
        workspace.show_criterion(criterion.id)
        page = workspace.assessment
        qtbot.waitUntil(lambda page=page: page.content is not None)
        card = next(c for c in page.panel.cards if c.level.id == criterion.passing_level)
        card.radio.click()
        page.panel.justification.setPlainText("The clip shows it at the tagged moments.")
    workspace.flush()

    # the photo and the plan may carry handwritten names: the teacher looked and confirms
    unchecked = [r.target for r in checklist.rows() if r.rule == Rule.NAMES_UNCHECKED]
    assert len(unchecked) == len({e.id for e in pane.model._rows if e.requirement_id})
    for evidence_id in unchecked:
        names.confirm_names_covered(library, evidence_id)
    window.refresh(Changes(responses=True))
    assert checklist.rows() == [], [r.message for r in checklist.rows()]
    assert checklist.readiness.ready and "Ready to export" in checklist.summary.text()
    assert workspace.tabs.tabText(workspace.tabs.indexOf(checklist)).endswith("✓")

    # undo the last reason, then the last rating: "not ready" again, naming that criterion
    window.undo_action.trigger()
    assert checklist.readiness.ready  # a reason is not required
    window.undo_action.trigger()
    assert [(r.rule, r.target) for r in checklist.rows()] == [("not-assessed", credential.criteria[-1].id)]


def test_the_header_says_when_an_exported_portfolio_changed_since(window, library, portfolio, tmp_path):
    from portfolio_app.services import evidence as uc
    from portfolio_app.services import tags
    from portfolio_app.services.export import mark_exported
    from portfolio_app.ui.operations import LibraryOp
    from portfolio_app.ui.sidebar import NodeKind
    from tests import mediagen as gen

    [photo] = uc.import_files(library, portfolio.id, [gen.make_png(tmp_path / "work.png")]).value.imported
    mark_exported(library, portfolio.id)
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    page = window.workspace_page
    assert "Exported · attempt 1" in page.header.text()
    LibraryOp(lambda lib: tags.add_tag(lib, photo.id, "higher-order-questions")).run(window.ops)
    assert "Draft, changed since the export of 20" in page.header.text() and "Exported" not in page.header.text()
