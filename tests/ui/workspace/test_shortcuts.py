"""Keyboard shortcuts in the window with a portfolio open: none ambiguous, and Tag… (Ctrl+T)
wherever an evidence item is in front of the teacher."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from tests import mediagen as gen

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")

_WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _scopes(item, window) -> list[QWidget]:
    """The widgets within which `item`'s shortcut is live (the window, for window-wide ones)."""
    if item.shortcutContext() in _WINDOW_WIDE:
        return [window]
    if isinstance(item, QShortcut):
        return [item.parentWidget()]
    return [w for w in item.associatedObjects() if isinstance(w, QWidget) and w.window() is window]


def _overlap(a: QWidget, b: QWidget) -> bool:
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def _bindings(window):
    found = []
    for item in window.findChildren(QAction) + window.findChildren(QShortcut):
        if not item.isEnabled():
            continue
        keys = item.shortcuts() if isinstance(item, QAction) else [item.key()]
        for key in keys:
            if not key.isEmpty():
                found.append((key.toString(QKeySequence.SequenceFormat.PortableText), item))
    return found


def _clashes(window) -> list[str]:
    bindings = _bindings(window)
    clashes = []
    for i, (key, item) in enumerate(bindings):
        for other_key, other in bindings[i + 1 :]:
            if key != other_key or other is item:
                continue
            if any(_overlap(a, b) for a in _scopes(item, window) for b in _scopes(other, window)):
                name = item.text() if isinstance(item, QAction) else item.objectName()
                other_name = other.text() if isinstance(other, QAction) else other.objectName()
                clashes.append(f"{key}: {name!r} and {other_name!r}")
    return clashes


def test_no_two_shortcuts_share_a_key_where_both_are_live(window, workspace, library, portfolio, tmp_path, qtbot):
    from portfolio_app.core.portfolio import TimeRange
    from portfolio_app.services import evidence as uc
    from portfolio_app.services import tags

    video = gen.make_video(tmp_path / "lesson.mp4", 1.0, width=160, height=90)
    photo = gen.make_png(tmp_path / "work.png")
    imported = uc.import_files(library, portfolio.id, [video, photo]).value.imported
    for evidence in imported:
        tags.add_tag(
            library,
            evidence.id,
            "higher-order-questions",
            span=TimeRange(0.0, 0.5) if evidence is imported[0] else None,
        )
    workspace.evidence.reload()
    for evidence in imported:  # the player and the photo viewer are built and shown, a tag chosen
        workspace.evidence.select(evidence.id)
        panel = workspace.evidence.viewer.tags
        panel.list.setCurrentRow(0)
        assert panel.edit_action.isEnabled() and panel.delete_action.isEnabled()
        assert _clashes(window) == []
    assert any(key == "Ctrl+E" for key, _ in _bindings(window))  # Export stays where it was


def test_tag_works_while_the_evidence_list_or_the_photo_has_focus(
    window, workspace, library, portfolio, tmp_path, qtbot
):
    from portfolio_app.services import evidence as uc

    [photo] = uc.import_files(library, portfolio.id, [gen.make_png(tmp_path / "work.png")]).value.imported
    pane = workspace.evidence
    pane.reload()
    pane.select(photo.id)
    asked = []
    pane.viewer.tags.add_tag = lambda *a, **k: asked.append("tag")  # the dialog itself is tested elsewhere
    pane.viewer.tags.add_action.triggered.disconnect()
    pane.viewer.tags.add_action.triggered.connect(lambda: pane.viewer.tags.add_tag())
    window.activateWindow()
    qtbot.waitActive(window)
    focus = QApplication.focusWidget
    for widget in (pane.list, pane.viewer.stack.currentWidget()):
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: focus() is not None and (focus() is w or w.isAncestorOf(focus())))
        qtbot.keyClick(focus(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["tag", "tag"]
