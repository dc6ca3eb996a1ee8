"""How a moment reads: one precision everywhere (the app, the offline viewer, the report)."""

from __future__ import annotations

import pytest

from portfolio_app.core.text import clock


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(8.84, "0:08.8"), (12.8, "0:12.8"), (12, "0:12.0"), (0, "0:00.0"), (59.96, "1:00.0"), (3725, "1:02:05.0")],
)
def test_a_moment_reads_to_the_tenth(seconds, shown):
    assert clock(seconds) == shown
