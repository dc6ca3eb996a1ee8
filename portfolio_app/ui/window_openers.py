"""The windows the main window opens: export, a bundle, an observation, the badges, the roster,
retention, the user guide. Mixed into MainWindow, which owns the open portfolio and the undo stack."""

from __future__ import annotations

from pathlib import Path

from portfolio_app.ui.trust import window_actions as trust_window


class WindowOpeners:
    """Export…, Open Bundle…, Observe a Lesson…, Badges, Issue a Badge…, Class Roster…, Retention…, User Guide"""

    def export_bundle(self) -> None:
        portfolio = self.open_portfolio
        if portfolio is None:
            return
        from portfolio_app.ui.bundles.export_wizard import ExportWizard

        if self._workspace_page is not None:
            self._workspace_page.flush()  # the answer typed a moment ago goes in too
        wizard = ExportWizard(self.ops, self.settings, portfolio.id, self)
        from PySide6.QtCore import Qt

        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda _result: setattr(self, "export_wizard", None))
        wizard.outbox_requested.connect(self.outbox.queue)
        wizard.exported.connect(lambda _info: trust_window.offer_key_backup(self))
        wizard.open()
        self.export_wizard = wizard

    def open_bundle(self, paths: list[str] | None = None) -> None:
        """Verify bundles (chosen, or dropped) and show each in its own window."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFileDialog

        from portfolio_app.ui.bundles.bundle_window import BundleWindow

        if not paths:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Open Bundle"), str(Path.home()), self.tr("Submission bundle (*.zip)")
            )
            paths = [chosen] if chosen else []
        for path in paths:
            window = BundleWindow(self.ops, Path(path), self)
            window.review_requested.connect(self.review_bundle)
            window.setWindowFlag(Qt.WindowType.Window)
            window.show()
            self.bundle_windows = [w for w in self.bundle_windows if w.isVisible()] + [window]

    def review_bundle(self, path: Path) -> None:
        """Review This Submission… in a bundle's window: the blind review window, as File ▸ Review a Submission…"""
        from portfolio_app.ui.review import window_actions as review_window

        review_window.review_submission(self, path)

    def observe_lesson(self):
        """Open the coach's window: start an observation, code it, see its summary."""
        from PySide6.QtCore import Qt

        from portfolio_app.ui.observation.observation_window import ObservationWindow

        window = ObservationWindow(self.ops, self)
        window.setWindowFlag(Qt.WindowType.Window)
        window.show()
        return window

    def open_badges(self) -> None:
        """Show the Badges window (built on first use)."""
        from portfolio_app.ui.badges.badges_window import BadgesWindow

        if self._badges_window is None:
            self._badges_window = BadgesWindow(self.ops, self)
        self._badges_window.show()
        self._badges_window.raise_()

    def issue_badge(self):
        """File ▸ Issue a Badge…: the organisation's issuer issues from a bundle and a reviewer's decision."""
        from PySide6.QtCore import Qt

        from portfolio_app.ui.badges.issue_dialog import IssueBadgeDialog

        dialog = IssueBadgeDialog(self.ops, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_roster(self):
        """Show the Class Roster (built on first use), for the open portfolio if there is one."""
        from portfolio_app.ui.privacy.roster_dialog import RosterDialog

        portfolio = self.open_portfolio
        chosen = (portfolio.id, portfolio.title) if portfolio else None
        if self._roster_dialog is None:
            self._roster_dialog = RosterDialog(self.ops, chosen, self)
            self._roster_dialog.failed.connect(self.show_error)
        self._roster_dialog.show()
        self._roster_dialog.raise_()
        self._roster_dialog.activateWindow()
        return self._roster_dialog

    def open_retention(self):
        """Keeping Media…: the retention rule and what it removes."""
        from portfolio_app.ui.privacy.retention import RetentionDialog

        dialog = RetentionDialog(self.ops, self)
        dialog.failed.connect(self.show_error)
        dialog.show()
        return dialog

    def show_user_guide(self):
        """Help ▸ User Guide (F1): the offline guide, one window however often it is asked for."""
        from portfolio_app.ui.user_guide import UserGuideWindow

        guide = self.findChild(UserGuideWindow)
        if guide is None:
            guide = UserGuideWindow(self)
        guide.show()
        guide.raise_()
        guide.activateWindow()
        return guide
