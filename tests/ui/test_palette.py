"""Colours come from one palette (issue #12): a colour written anywhere else in the ui is a test failure."""

import re
from pathlib import Path

import portfolio_app.ui as ui
from portfolio_app.ui import palette

UI = Path(ui.__file__).parent
# "#2f6db5" (in a string or a style sheet) or QColor(230, 124, 0): a colour made on the spot.
LITERAL = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b|QColor\(\s*\d")


def test_no_ui_module_but_the_palette_writes_a_colour() -> None:
    found = [
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "palette.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LITERAL.search(line)
    ]
    assert not found, "name these colours in ui/palette.py:\n" + "\n".join(found)


def test_the_checker_would_see_a_colour_written_elsewhere() -> None:
    assert LITERAL.search('BAR = QColor("#2f6db5")') and LITERAL.search("QColor(230, 124, 0, 60)")
    assert LITERAL.search('label.setStyleSheet("color: #b00020")')
    assert not LITERAL.search("QColor(palette.CODED)")


def test_a_shade_is_a_palette_colour_with_its_alpha() -> None:
    shade = palette.colour(palette.MARKED, 60)
    assert (shade.name(), shade.alpha()) == (palette.MARKED, 60)
