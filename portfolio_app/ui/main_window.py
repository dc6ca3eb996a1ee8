"""The main window: library tree on the left, the selected page on the right, menus on top.

Holds no logic of its own and no library: it runs ops (ui/operations) and shows the answers, and
follows `ops.changed` for what it shows itself (the catalog and the library tree); every page
follows it for its own part. Pages and dialogs other than the catalog are built on first use:
start-up only pays for what the first screen shows. The actions and menus are in main_menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings  # not Qt: importing it builds every enum (17 ms of start-up)
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from portfolio_app import APP_NAME
from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Profile, check_profile
from portfolio_app.resource_paths import docs_dir
from portfolio_app.ui import main_menus
from portfolio_app.ui.catalog.catalog_page import CatalogPage
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import portfolio as portfolio_ops
from portfolio_app.ui.outbox.outbox_room import OutboxRoom
from portfolio_app.ui.portfolio_actions import PortfolioActions
from portfolio_app.ui.privacy.retention_reminder import RetentionReminder
from portfolio_app.ui.review import window_actions as review_window
from portfolio_app.ui.sidebar import LibraryTree, NodeKind
from portfolio_app.ui.trust import window_actions as trust_window
from portfolio_app.ui.window_layout import WindowLayout
from portfolio_app.ui.window_openers import WindowOpeners

if TYPE_CHECKING:
    from portfolio_app.ui.catalog.trash_page import TrashPage
    from portfolio_app.ui.workspace.workspace_page import WorkspacePage


class MainWindow(PortfolioActions, WindowLayout, WindowOpeners, QMainWindow):
    def __init__(self, ops: Operations, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.remember_layout = True  # False for probe runs, which must not touch the user's settings
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._credentials: list = []
        self._pending_select: tuple[str, str] | None = None
        self._pending_credential: str | None = None
        self._pending_hit = None  # a search result to show once its portfolio is open
        self._rooms_started = False  # the reminders and the outbox: started once the library is listed
        self._roster_dialog = None
        self._badges_window = None
        self._search_dock = None
        self.export_wizard = None  # the one open, if any
        self.bundle_windows: list[QWidget] = []

        self.tree = LibraryTree()
        self.catalog_page = CatalogPage()
        self._workspace_page: WorkspacePage | None = None
        self._trash_page: TrashPage | None = None
        self._trashed: list = []
        self.pages = QStackedWidget()
        self.pages.addWidget(self.catalog_page)
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 940])
        self.retention_reminder = RetentionReminder(ops)  # media due to be removed within a week
        self.retention_reminder.review_requested.connect(self.open_retention)
        self.retention_reminder.failed.connect(self.show_error)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.retention_reminder)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.outbox = OutboxRoom(self)
        self.backup_reminder = trust_window.BackupReminder(ops, settings, lambda: trust_window.back_up(self), self)
        self.statusBar().addPermanentWidget(self.backup_reminder)

        main_menus.build_actions(self)
        main_menus.build_menus(self)
        self.tree.node_selected.connect(self._on_tree_node_selected)
        self.catalog_page.start_requested.connect(self.new_portfolio)
        self.catalog_page.import_requested.connect(self.import_definition)
        self.ops.changed.connect(self._on_ops_changed)
        self.ops.failed.connect(self.show_error)
        self.ops.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Saving…") if busy else ""))
        self._restore_layout()
        self.refresh(Changes(credentials=True, portfolios=True))

    # -- building ---------------------------------------------------------------------------

    @property
    def workspace_page(self) -> WorkspacePage:
        if self._workspace_page is None:
            from portfolio_app.ui.workspace.workspace_page import WorkspacePage

            self._workspace_page = WorkspacePage(self.ops, self.undo_stack)
            evidence = self._workspace_page.evidence
            evidence.status_reported.connect(lambda text: self.statusBar().showMessage(text, 8000))
            evidence.failed.connect(self.show_error)
            self._workspace_page.failed.connect(self.show_error)
            self._workspace_page.export_requested.connect(self.export_bundle)
            self._workspace_page.roster_requested.connect(self.open_roster)
            self.pages.addWidget(self._workspace_page)
        return self._workspace_page

    @property
    def trash_page(self) -> TrashPage:
        if self._trash_page is None:
            from portfolio_app.ui.catalog.trash_page import TrashPage

            self._trash_page = TrashPage()
            self._trash_page.restore_requested.connect(self._on_trash_restore_requested)
            self._trash_page.purge_requested.connect(self._on_trash_purge_requested)
            self._trash_page.show_trash(self._trashed)
            self.pages.addWidget(self._trash_page)
        return self._trash_page

    @property
    def open_portfolio(self):
        """The portfolio shown in the workspace, if the workspace is the current page."""
        page = self._workspace_page
        if page is None or self.pages.currentWidget() is not page:
            return None
        return page.portfolio

    # -- refreshing -------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        """Tell every view to read again what `changes` touched (the window itself included)."""
        self.ops.announce(changes, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.credentials or changes.portfolios:
            portfolio_ops.list_credentials().success(self._on_catalog_loaded).run(self.ops, initiator=self)
        if changes.portfolios:
            listed = portfolio_ops.list_library().success(self._on_portfolios_loaded)
            listed.failure(self._on_listing_failed).run(self.ops, initiator=self)

    def _on_catalog_loaded(self, entries) -> None:
        self._credentials = [e.credential for e in entries]
        self.catalog_page.show_entries(entries)
        if self._pending_credential is not None:
            self.catalog_page.select(self._pending_credential)
            self._pending_credential = None

    def _on_portfolios_loaded(self, result) -> None:
        active, trashed = result
        self.catalog_page.first_steps.setVisible(not active and not trashed)
        self.tree.show_portfolios(active, len(trashed))
        self._trashed = trashed
        if self._trash_page is not None:
            self._trash_page.show_trash(trashed)
        if self._pending_select is not None:
            kind, node_id = self._pending_select
            self._pending_select = None
            self.tree.select_node(kind, node_id)
        self._reload_open_portfolio()
        self._start_rooms()

    def _on_listing_failed(self, exc: BaseException) -> None:
        self.show_error(exc)
        self._start_rooms()

    def _start_rooms(self) -> None:
        """The reminders and the outbox's count read only once the library is listed (the first
        screen filled in): opening the window waits for the library alone, as it did before they came."""
        if self._rooms_started:
            return
        self._rooms_started = True
        self.retention_reminder.start()
        self.backup_reminder.start()
        self.outbox.start()

    def select_when_listed(self, kind: str, node_id: str) -> None:
        """Select a node once the library list next reloads (one an op is making now)."""
        self._pending_select = (kind, node_id)

    def _reload_open_portfolio(self) -> None:
        node = self.tree.current_node()
        if node and node[0] == NodeKind.PORTFOLIO:
            self._open_portfolio(node[1])

    # -- navigation -------------------------------------------------------------------------

    def _on_tree_node_selected(self, kind: str, node_id: str) -> None:
        if kind == NodeKind.PORTFOLIO:
            self._open_portfolio(node_id)
            return
        if kind == NodeKind.TRASH:
            self.pages.setCurrentWidget(self.trash_page)
        else:
            if kind == NodeKind.CREDENTIAL:
                self.catalog_page.select(node_id)
            self.pages.setCurrentWidget(self.catalog_page)
        self.setWindowTitle(APP_NAME)
        self._update_portfolio_actions()

    def _open_portfolio(self, portfolio_id: str) -> None:
        def show(result) -> None:
            portfolio, credential = result
            self.workspace_page.show_portfolio(portfolio, credential)
            self.pages.setCurrentWidget(self.workspace_page)
            self.setWindowTitle(f"{portfolio.title} — {APP_NAME}")
            self._update_portfolio_actions()
            if self._search_dock is not None:
                self._search_dock.widget().set_portfolio(portfolio.id)
            hit, self._pending_hit = self._pending_hit, None
            if hit is not None and hit.portfolio_id == portfolio.id:
                self.workspace_page.reveal(hit)

        portfolio_ops.open_portfolio(portfolio_id).success(show).failure(self.show_error).run(self.ops, initiator=self)

    # -- find -------------------------------------------------------------------------------

    def show_search(self) -> None:
        """Show the Find panel (built on first use) and put the cursor in it."""
        if self._search_dock is None:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QDockWidget

            from portfolio_app.ui.search_panel import SearchPanel

            panel = SearchPanel(self.ops)
            panel.hit_activated.connect(self._on_search_hit_activated)
            dock = QDockWidget(self.tr("Find"), self)
            dock.setObjectName("findDock")
            dock.setWidget(panel)

            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self._search_dock = dock
        open_portfolio = self.open_portfolio
        self._search_dock.widget().set_portfolio(open_portfolio.id if open_portfolio else None)
        self._search_dock.show()
        self._search_dock.raise_()
        self._search_dock.widget().focus_field()

    def _on_search_hit_activated(self, hit) -> None:
        open_portfolio = self.open_portfolio
        if open_portfolio is not None and open_portfolio.id == hit.portfolio_id:
            self.workspace_page.reveal(hit)
            return
        self._pending_hit = hit
        self.tree.select_node(NodeKind.PORTFOLIO, hit.portfolio_id)

    def show_catalog(self) -> None:
        self.tree.select_node(NodeKind.CATALOG, "")

    def close_portfolio(self) -> None:
        if self.open_portfolio is not None:
            self.tree.select_node(NodeKind.CREDENTIAL, self.open_portfolio.credential_id)

    def _update_portfolio_actions(self) -> None:
        portfolio = self.open_portfolio
        portfolio_actions = (self.close_action, self.rename_action, self.delete_action, self.import_evidence_action)
        for action in (*portfolio_actions, self.new_note_action, self.export_action, self.resubmit_action):
            action.setEnabled(portfolio is not None)
        if self._roster_dialog is not None:  # its “taught to” choice follows the open portfolio
            self._roster_dialog.set_portfolio((portfolio.id, portfolio.title) if portfolio else None)
            self._roster_dialog.reload()

    def import_evidence(self, paths: list[str] | None = None) -> None:
        """Files or folders into the open portfolio; without `paths`, ask for them."""
        if self.open_portfolio is None:
            return
        page = self.workspace_page
        page.tabs.setCurrentWidget(page.evidence)
        if paths:
            page.evidence.import_paths(paths)
        else:
            page.evidence.choose_files()

    def new_note(self) -> None:
        """New Note… in the open portfolio, on its Evidence tab."""
        if self.open_portfolio is not None:
            self.workspace_page.tabs.setCurrentWidget(self.workspace_page.evidence)
            self.workspace_page.evidence.new_note()

    def edit_profile(self) -> None:
        portfolio_ops.get_profile().success(self.ask_profile).run(self.ops, initiator=self)

    def ask_profile(self, profile: Profile | None, *, first_run: bool = False) -> None:
        """The profile dialog; it checks the entries itself, then the save runs on the worker."""
        from portfolio_app.ui.dialogs import ProfileDialog

        dialog = ProfileDialog(check_profile, profile, first_run=first_run, parent=self)
        if dialog.exec() == ProfileDialog.DialogCode.Accepted:
            name, email = dialog.name.text(), dialog.email.text()
            portfolio_ops.save_profile(name, email).failure(self.show_error).run(self.ops, initiator=self)

    def show_error(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        if isinstance(exc, PortfolioError):
            QMessageBox.warning(self, APP_NAME, str(exc))
        else:
            QMessageBox.critical(
                self,
                APP_NAME,
                self.tr(
                    "Something went wrong that the app did not expect:\n{error}\n\n"
                    "Nothing was lost; the details are in the log."
                ).format(error=exc),
            )

    def _on_about_triggered(self) -> None:
        from portfolio_app.ui.dialogs import show_about

        show_about(self, str(self.ops.data_dir))

    def _on_format_help_triggered(self) -> None:
        from portfolio_app.ui.folders import open_file

        open_file(docs_dir() / "credential-format.md", self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_layout:
            self.save_layout()
        if self._workspace_page is not None:
            self._workspace_page.flush()  # an answer typed less than a moment ago is saved too
            self._workspace_page.evidence.cancel_import()  # the file under way stops; imported ones stay
        self.outbox.stop()  # an upload under way resumes from the server's offset next time
        self.ops.wait()  # let queued writes finish: nothing half-done on quit
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        definitions, bundles, badges, others = self._dropped(event)
        if definitions or bundles or badges or (others and self.open_portfolio is not None):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Badges (.png, .svg or .json carrying a credential) go on the Badges shelf, other .json files are
        credential definitions, .zip files bundles to verify (or feedback to import); other files and
        folders are evidence for the open portfolio (the workspace takes drops on itself the same way)."""
        definitions, bundles, badges, others = self._dropped(event)
        if badges:
            event.acceptProposedAction()
            self.open_badges()
            self._badges_window.page.import_files([Path(p) for p in badges])
        if bundles:
            event.acceptProposedAction()
            review_window.open_dropped(self, bundles)  # a reviewer's decision is imported as feedback
        if others and self.open_portfolio is not None:
            event.acceptProposedAction()
            self.import_evidence(others)
        if definitions:
            event.acceptProposedAction()
            self.import_definition(definitions)

    def _dropped(self, event: QDropEvent | QDragEnterEvent) -> tuple[list[str], list[str], list[str], list[str]]:
        return self._dropped_kinds([url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()])

    @staticmethod
    def _dropped_kinds(paths: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
        """Dropped paths as (definitions, bundles, badges, others)."""
        from portfolio_app.ui.operations.badges import is_badge_file  # on the first drag, not at start-up

        badges = [p for p in paths if p.lower().endswith((".png", ".svg", ".json")) and is_badge_file(Path(p))]
        rest = [p for p in paths if p not in badges]
        definitions = [p for p in rest if p.lower().endswith(".json")]
        bundles = [p for p in rest if p.lower().endswith(".zip")]
        return definitions, bundles, badges, [p for p in rest if not p.lower().endswith((".json", ".zip"))]
