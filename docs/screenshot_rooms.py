"""The screenshots of the rooms beyond the teacher's first portfolio: notes, the coach's observation,
talk time, the reviewer's window, the trust lists and the badge shelf (`make screenshots`).

The review loop is played through as it happens between two laptops: the teacher exports a bundle
from the demo library, a reviewer (a library and a keychain of their own) reviews it and, approved
by the district's trust list, issues the badge, which the teacher puts on the shelf.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import keyring

from portfolio_app.ui.operations import Operations

Grab = Callable[[object, str], None]  # grab(widget, name): settle, save docs/screenshots/<name>.png

REFLECTION = (
    "## What changed after the reteach\n\n"
    "I asked **why** after every answer, and waited before taking a second hand.\n\n"
    "- Six students explained a pile they had sorted, not just the answer\n"
    "- Two students used the number line *without a prompt*\n\n"
    "Next time: start with the fraction strips, then move to the number line."
)


def shoot_note(app, window, library, portfolio_id: str, grab: Grab) -> None:
    """A note written in the app, tagged, on the Evidence tab."""
    from portfolio_app.core.changes import Changes
    from portfolio_app.services import notes, rubric, tags
    from portfolio_app.services.portfolios import portfolio_with_credential
    from portfolio_app.ui.sidebar import NodeKind

    note = notes.new_note(library, portfolio_id, "Reflection after the reteach lesson", REFLECTION).value
    tags.add_tag(library, note.id, "analysis-of-responses", note="What the sorted piles told me")
    credential = portfolio_with_credential(library, portfolio_id)[1]
    plan = next(r for r in credential.work_examples.requirements if "next" in r.id or "plan" in r.title.lower())
    rubric.link_requirement(library, [note.id], plan.id)  # a note is a written document: it can be submitted
    window.refresh(Changes(evidence=True, tags=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio_id)
    page = window.workspace_page
    page.tabs.setCurrentWidget(page.evidence)
    page.evidence.reload()
    page.evidence.select(note.id)
    grab(window, "note")


def shoot_observation(app, ops: Operations, library, grab: Grab) -> None:
    """The coach codes a lesson live (COPUS, two-minute intervals), then reads the summary."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from portfolio_app.services import observations
    from portfolio_app.ui.observation.clock import PausableClock
    from portfolio_app.ui.observation.live_coding import LiveCoding
    from portfolio_app.ui.observation.summary_view import SummaryView

    observation = observations.new_observation(
        library, "copus", "Period 3, equivalent fractions", teacher="Ana Ortiz", lesson="Exit tickets"
    ).value
    now = [0.0]
    live = LiveCoding(ops, observation, PausableClock(lambda: now[0]))
    host = QWidget()
    QVBoxLayout(host).addWidget(live)
    host.setWindowTitle("Observe a Lesson")
    host.resize(1000, 760)
    host.show()
    live.start()
    # what the coach pressed, minute by minute: lecturing and listening, then questions and groups
    notes = {250: "Groups 2 and 5 compare their piles before writing", 372: "Maya explains why 2/4 and 3/6 match"}
    for at, keys in ((5, "1l"), (125, "4a"), (140, "3"), (245, "7g"), (250, ""), (365, "6ws"), (372, ""), (485, "4a")):
        now[0] = at
        for key in keys:
            live.press(key)
        if at in notes:  # Enter, type, Enter: the note's time is when its first letter was typed
            QTest.keyClick(live, Qt.Key.Key_Return)
            QTest.keyClicks(live.note_edit, notes[at])
            QTest.keyClick(live.note_edit, Qt.Key.Key_Return)
    now[0] = 530.0
    app.processEvents()
    grab(host, "observation")
    live.stop()
    summary = SummaryView(ops, observation.id)
    host.layout().removeWidget(live)
    live.hide()
    host.layout().addWidget(summary)
    grab(host, "observation-summary")
    host.close()


def wait(app, done: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let background work deliver (a player opening its file) until `done()` or `seconds` pass."""
    import time

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def shoot_talk(app, ops: Operations, library, portfolio_id: str, folder: Path, grab: Grab) -> None:
    """Talk Time on a lesson recording (spoken by espeak-ng voices): the shares, the waits, the timeline."""
    from tests.talk_lesson import have_espeak, make_lesson

    if not have_espeak():
        print("talk.png: SKIPPED, needs espeak-ng (apt-get install espeak-ng) to speak the demo lesson")
        return
    from portfolio_app.services import talk
    from portfolio_app.services.evidence import import_files, rename_evidence
    from portfolio_app.ui.talk.talk_window import TalkWindow

    lesson = make_lesson(folder / "talk-lesson")
    recording = import_files(library, portfolio_id, [lesson.m4a]).value.imported[0]
    rename_evidence(library, recording.id, "Moon phases, whole-class discussion")
    talk.analyse_talk(library, recording.id, lesson.teacher_sample(), lesson.questions)
    window = TalkWindow(ops, recording.id)
    window.resize(900, 980)
    window.show()
    wait(app, lambda: not window.player._poster_pending)  # paused on its first frame, as a teacher sees it
    grab(window, "talk")
    window.done(0)


def shoot_review_loop(app, window, library, folder: Path, grab: Grab) -> None:
    """Review, trust lists and badges: a ready portfolio exported, reviewed, earned, and its badge shelved."""
    from portfolio_app.core.changes import Changes
    from portfolio_app.core.trust import Approval
    from portfolio_app.services import badges, review_records, reviews
    from portfolio_app.services.badge_issuing import issue_badge_for_review
    from portfolio_app.services.export import export_portfolio
    from portfolio_app.services.library import open_library
    from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key
    from portfolio_app.ui.badges.badges_window import BadgesWindow
    from portfolio_app.ui.review.review_window import ReviewWindow
    from portfolio_app.ui.trust.trust_lists_dialog import TrustListsDialog
    from tests.keyring_memory import MemoryKeyring
    from tests.ready_portfolio import make_ready_portfolio

    teacher_keys = keyring.get_keyring()
    ready = make_ready_portfolio(library, folder / "ready-media")
    bundle = export_portfolio(library, ready.id, folder / "ana-ortiz-questioning.zip").value.path

    keyring.set_keyring(MemoryKeyring())  # the reviewer's laptop: a keychain and a library of their own
    reviewer = open_library(folder / "reviewer")
    try:
        from portfolio_app.bundle.keys import signing_key

        review = reviews.open_review(reviewer, bundle).value
        comments = {
            "context-and-purpose": "The class and the lesson's aim are clear.",
            "higher-order-questions": "At 0:00 the question asks students to compare, not recall.",
        }
        for criterion in review.criteria[:2]:
            reviews.score_criterion(reviewer, review.id, criterion.id, criterion.passing_level, comments[criterion.id])
        shown = ReviewWindow(Operations(reviewer, synchronous=True), review.id)
        shown.resize(1100, 720)
        shown.show()
        shown.steps.setCurrentRow(1)
        grab(shown, "review")
        shown.close()
        for criterion in review.criteria[2:]:
            reviews.score_criterion(reviewer, review.id, criterion.id, criterion.passing_level, "Seen in the video.")
        reviews.decide(reviewer, review.id, "earned", "A clear case: the follow-up questions carry the lesson.")
        review_records.sign_review(reviewer, review.id, folder / "decision.zip")
        new_issuer_key("Lincoln District")
        approval = Approval("reviewer", "Rita Reviewer", signing_key().public_key.fingerprint, "2026-01-01")
        trust = folder / "lincoln-district-trust.zip"
        make_trust_list("Lincoln District", [approval], [], trust)
        import_trust_list(reviewer.db, trust)
        badge = issue_badge_for_review(reviewer, review.id, folder / "questioning-badge.png").value.path
    finally:
        reviewer.close()
        keyring.set_keyring(teacher_keys)

    import_trust_list(library.db, trust)
    badges.import_badge(library, badge)
    window.refresh(Changes(trust=True, badges=True))
    dialog = TrustListsDialog(window.ops, window)
    dialog.resize(820, 460)
    dialog.show()
    dialog.tree.expandAll()
    grab(dialog, "trust")
    dialog.close()
    shelf = BadgesWindow(window.ops, window)
    shelf.resize(1000, 640)
    shelf.show()
    shelf.page.list.setCurrentRow(0)
    grab(shelf, "badges")
    shelf.close()
