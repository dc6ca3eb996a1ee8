"""Help ▸ User Guide (F1): the offline guide opens in its window with every step and its screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from portfolio_app.resource_paths import resources_dir

STEPS = (
    "Start a portfolio",
    "Import or record evidence",
    "Write a note",
    "Who appears",
    "Blur faces",
    "Redact names",
    "Tag moments and regions",
    "Talk time",
    "Answers",
    "Self-assessment",
    "Checklist",
    "Export a bundle",
    "Open a bundle",
    "Send it: the outbox",
    "Feedback and badges",
    "Back up",
    "Observe a lesson (coaches)",
    "Review a submission (reviewers)",
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _guide(qtbot, window):
    from portfolio_app.ui.user_guide import UserGuideWindow

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guides = [w for w in window.findChildren(UserGuideWindow) if w.isVisible()]
    assert len(guides) == 1, "F1 did not open the user guide"
    return guides[0]


def test_f1_opens_the_guide_with_every_step_of_the_teachers_path(qtbot, window):
    guide = _guide(qtbot, window)
    text = guide.browser.toPlainText()
    for number, step in enumerate(STEPS, start=1):
        assert f"{number}. {step}" in text, step
    assert "User Guide" in guide.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_F1)  # asked again: the same window
    assert _guide(qtbot, window) is guide
    qtbot.keyClick(guide.browser, Qt.Key.Key_Escape)
    assert not guide.isVisible()
    guide = _guide(qtbot, window)
    qtbot.keyClick(guide.browser, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not guide.isVisible()


def test_every_screenshot_in_the_guide_loads_and_is_the_current_one(qtbot, window):
    guide = _guide(qtbot, window)
    html = (resources_dir() / "guide" / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<img src="([^"]+)"', html)
    assert len(names) >= 10
    for name in names:
        data = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        image = data if isinstance(data, QImage) else QImage.fromData(data)
        assert not image.isNull(), f"{name} does not load in the guide"
        # the packaged app carries resources/, so the guide keeps copies of docs/screenshots: the same files
        assert (resources_dir() / "guide" / name).read_bytes() == (SCREENSHOTS / name).read_bytes(), (
            f"resources/guide/{name} is not docs/screenshots/{name}: copy it again (make screenshots does)"
        )
    assert "http" not in html.lower()  # nothing from a network


def test_make_screenshots_makes_every_picture_the_guide_and_the_readme_show():
    """Each picture is drawn by the screenshot scripts (`make screenshots`), none is a copy left over."""
    root = SCREENSHOTS.parents[1]
    shown = set(re.findall(r"docs/screenshots/([\w-]+)\.png", (root / "README.md").read_text(encoding="utf-8")))
    guide = (resources_dir() / "guide" / "index.html").read_text(encoding="utf-8")
    shown |= {name.removesuffix(".png") for name in re.findall(r'<img src="([^"]+)"', guide)}
    scripts = "".join(
        (root / "docs" / name).read_text(encoding="utf-8") for name in ("screenshots.py", "screenshot_rooms.py")
    )
    made = set(re.findall(r'(?:shoot|_grab|grab)\([^)]*"([\w-]+)"\)', scripts)) | set(
        re.findall(r'OUT / "([\w-]+)\.png"', scripts)
    )
    assert shown <= made, f"not made by make screenshots: {sorted(shown - made)}"
    assert {"note", "observation", "talk", "review", "badges", "trust", "outbox"} <= shown
    for name in shown:
        assert (SCREENSHOTS / f"{name}.png").is_file(), name
