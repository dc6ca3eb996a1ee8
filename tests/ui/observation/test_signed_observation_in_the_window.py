"""The teacher's window: a coach's signed observation imports like any file and shows its summary."""

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


def test_importing_a_signed_observation_shows_its_summary(window, library, qtbot, signed, tmp_path):
    portfolio = create_portfolio(library, "structured-student-discourse", "Period 3 ELA").value
    window.refresh(Changes(portfolios=True))
    window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    pane = window.workspace_page.evidence
    with qtbot.waitSignal(pane.import_finished, timeout=60_000) as finished:
        pane.import_paths([signed])
    [evidence] = finished.args[0].imported
    assert evidence.kind == EvidenceKind.OBSERVATION
    pane.select(evidence.id)
    viewer = pane.viewer
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.pdf, timeout=10_000)
    assert viewer.pdf.page_count() >= 1
    broken = tmp_path / "broken.zip"
    broken.write_bytes(signed.read_bytes()[:-200])  # cut short on the way
    with qtbot.waitSignal(pane.import_finished, timeout=60_000) as finished:
        pane.import_paths([broken])
    summary = finished.args[0]
    assert not summary.imported and [p.name for p in summary.problems] == ["broken.zip"]
    viewer.reader.wait()
