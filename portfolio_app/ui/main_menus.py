"""The main window's actions and menus: built once, on the window, by name.

Kept apart from the window so the window's module holds what it does, not its long list of
menu entries. Every action is an attribute of the window (tests and the pages use them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from portfolio_app import APP_NAME
from portfolio_app.ui.review import window_actions as review_window
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.trust import window_actions as trust_window

if TYPE_CHECKING:
    from portfolio_app.ui.main_window import MainWindow


def _action(self: MainWindow, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    action = QAction(text, self)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)  # every binding the platform defines for it
    elif shortcut is not None:
        # A list of strings, not QKeySequence(str): constructing a QKeySequence makes PySide6
        # build the whole Qt namespace (93 enums, 11 ms of start-up).
        action.setShortcuts([shortcut])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def build_actions(self: MainWindow) -> None:
    keys = QKeySequence.StandardKey
    self.new_action = _action(
        self,
        self.tr("&New Portfolio…"),
        lambda: self.new_portfolio(),
        keys.New,
        self.tr("Start a portfolio on a credential from the catalog"),
    )
    self.import_definition_action = _action(
        self,
        self.tr("Import Credential &Definition…"),
        self.import_definition,
        None,
        self.tr("Add a credential definition file to the catalog"),
    )
    self.import_evidence_action = _action(
        self,
        self.tr("Import &Evidence…"),
        self.import_evidence,
        "Ctrl+I",
        self.tr("Add videos, audio, photos or documents to the open portfolio"),
    )
    self.new_note_action = _action(
        self,
        self.tr("New &Note…"),
        self.new_note,
        "Ctrl+Shift+N",
        self.tr("Write a note as evidence in the open portfolio: a plan, a reflection, what happened"),
    )
    self.export_action = _action(
        self,
        self.tr("&Export Submission Bundle…"),
        self.export_bundle,
        "Ctrl+E",
        self.tr("Check the portfolio and write it as a signed bundle for reviewers"),
    )
    self.open_bundle_action = _action(
        self,
        self.tr("&Open Bundle…"),
        self.open_bundle,
        keys.Open,
        self.tr("Verify a submission bundle and see what it holds"),
    )
    self.trust_lists_action = _action(
        self,
        self.tr("&Trust Lists…"),
        lambda: trust_window.open_trust_lists(self),
        None,
        self.tr("The organisations whose approved coaches and reviewers you trust"),
    )
    self.backup_action = _action(
        self,
        self.tr("&Back Up Library…"),
        lambda: trust_window.back_up(self),
        None,
        self.tr("Copy your work, encrypted, to a USB drive or another disk"),
    )
    self.review_action = _action(
        self,
        self.tr("Re&view a Submission…"),
        lambda: review_window.review_submission(self),
        None,
        self.tr("Score a teacher's bundle against its rubric, blind, and sign the decision"),
    )
    self.import_feedback_action = _action(
        self,
        self.tr("Import &Feedback…"),
        lambda: review_window.import_feedback(self),
        None,
        self.tr("Verify a reviewer's signed feedback and keep it with the attempt it answers"),
    )
    self.compare_reviewers_action = _action(
        self,
        self.tr("&Compare Reviewers' Decisions…"),
        lambda: review_window.compare_reviewers(self),
        None,
        self.tr("Calibration: agreement per criterion and Cohen's kappa between reviewers' signed decisions"),
    )
    self.feedback_action = _action(
        self, self.tr("&Feedback and History…"), lambda: review_window.show_feedback(self), None
    )
    self.resubmit_action = _action(
        self,
        self.tr("Re&submit…"),
        lambda: review_window.resubmit(self),
        None,
        self.tr("Start the next attempt after a reviewer's feedback, with your work carried over"),
    )
    self.issue_badge_action = _action(
        self,
        self.tr("Issue a &Badge…"),
        self.issue_badge,
        None,
        self.tr("For the organisation's issuer: a badge from a teacher's bundle and a reviewer's earned decision"),
    )
    self.close_action = _action(self, self.tr("&Close Portfolio"), self.close_portfolio, keys.Close)
    self.quit_action = _action(self, self.tr("&Quit"), self.close, keys.Quit)
    self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
    self.undo_action.setShortcuts(keys.Undo)
    self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
    self.redo_action.setShortcuts([keys.Redo, "Ctrl+Shift+Z"])
    self.rename_action = _action(self, self.tr("&Rename Portfolio…"), self.rename_portfolio, "F2")
    self.delete_action = _action(
        self,
        self.tr("&Delete Portfolio"),
        self.delete_portfolio,
        keys.Delete,
        self.tr("Move the portfolio to the trash (Undo brings it back)"),
    )
    # Delete trashes a portfolio only from the sidebar: elsewhere Delete belongs to what has the
    # focus (an evidence item, a tag), and one key in two places would be ambiguous. Set as the
    # property's number (0 is Qt::WidgetShortcut): naming Qt.ShortcutContext.WidgetShortcut makes
    # PySide6 build the whole Qt namespace, 30-45 ms of start-up.
    self.delete_action.setProperty("shortcutContext", 0)
    self.tree.addAction(self.delete_action)
    self.find_action = _action(
        self, self.tr("&Find…"), self.show_search, keys.Find, self.tr("Find words in titles, notes, tags and answers")
    )
    self.roster_action = _action(
        self,
        self.tr("Class &Roster…"),
        lambda: self.open_roster(),
        None,
        self.tr("Classes, students and their consent for video, photos and audio"),
    )
    self.retention_action = _action(
        self,
        self.tr("&Keeping Media…"),
        lambda: self.open_retention(),
        None,
        self.tr("How long media that shows students stays on this computer"),
    )
    self.observe_action = _action(
        self,
        self.tr("&Observe a Lesson…"),
        lambda: self.observe_lesson(),
        None,
        self.tr("Code a lesson live from the keyboard with COPUS, look-fors or your own scheme"),
    )
    self.profile_action = _action(self, self.tr("Your &Profile…"), self.edit_profile, keys.Preferences)
    self.profile_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    self.catalog_action = _action(self, self.tr("Credential &Catalog"), self.show_catalog, "Ctrl+1")
    self.trash_action = _action(self, self.tr("&Trash"), lambda: self.tree.select_node(NodeKind.TRASH, ""), "Ctrl+2")
    self.badges_action = _action(
        self, self.tr("&Badges"), lambda: self.open_badges(), "Ctrl+4", self.tr("Your badges and the stacks' progress")
    )
    self.sidebar_action = _action(self, self.tr("Show &Library"), lambda on: self.tree.setVisible(on), "Ctrl+L")
    self.sidebar_action.setCheckable(True)
    self.sidebar_action.setChecked(True)
    self.format_help_action = _action(self, self.tr("Credential &Format…"), self._on_format_help_triggered)
    self.guide_action = _action(self, self.tr("User &Guide"), self.show_user_guide, keys.HelpContents)
    self.about_action = _action(self, self.tr("&About {app}").format(app=APP_NAME), self._on_about_triggered)
    self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    self._update_portfolio_actions()


def build_menus(self: MainWindow) -> None:
    bar = self.menuBar()
    file_menu = bar.addMenu(self.tr("&File"))
    file_menu.addActions([self.new_action, self.import_definition_action])
    file_menu.addSeparator()
    file_menu.addActions([self.import_evidence_action, self.new_note_action])
    file_menu.addSeparator()
    file_menu.addActions([self.export_action, self.open_bundle_action, self.trust_lists_action])
    file_menu.addActions(
        [self.review_action, self.compare_reviewers_action, self.import_feedback_action, self.issue_badge_action]
    )
    file_menu.addSeparator()
    file_menu.addAction(self.backup_action)
    file_menu.addSeparator()
    file_menu.addAction(self.observe_action)
    file_menu.addSeparator()
    file_menu.addActions([self.close_action])
    file_menu.addSeparator()
    file_menu.addAction(self.quit_action)
    edit_menu = bar.addMenu(self.tr("&Edit"))
    edit_menu.addActions([self.undo_action, self.redo_action])
    edit_menu.addSeparator()
    edit_menu.addActions([self.rename_action, self.delete_action])
    edit_menu.addSeparator()
    edit_menu.addAction(self.find_action)
    edit_menu.addSeparator()
    edit_menu.addAction(self.profile_action)
    portfolio_menu = bar.addMenu(self.tr("&Portfolio"))
    portfolio_menu.addAction(self.roster_action)
    portfolio_menu.addActions([self.feedback_action, self.resubmit_action])
    portfolio_menu.addAction(self.retention_action)
    view_menu = bar.addMenu(self.tr("&View"))
    view_menu.addActions([self.catalog_action, self.trash_action, self.badges_action, self.outbox.action])
    view_menu.addSeparator()
    view_menu.addAction(self.sidebar_action)
    help_menu = bar.addMenu(self.tr("&Help"))
    help_menu.addActions([self.guide_action, self.format_help_action, self.about_action])
