"""The main window: library tree on the left, the selected page on the right, menus on top.

Holds no logic of its own and no library: it runs ops (ui/operations) and shows the answers, and
follows `ops.changed` for what it shows itself (the catalog and the library tree); every page
follows it for its own part. Pages and dialogs other than the catalog are built on first use:
start-up only pays for what the first screen shows. The actions and menus are in main_menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl  # not Qt: importing it builds every enum (17 ms of start-up)
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
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
from portfolio_app.ui.sidebar import LibraryTree, NodeKind

if TYPE_CHECKING:
    from portfolio_app.ui.catalog.trash_page import TrashPage
    from portfolio_app.ui.workspace.workspace_page import WorkspacePage


class MainWindow(QMainWindow):
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
        self._roster_dialog = None
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
        from portfolio_app.ui.privacy.retention import RetentionReminder

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
            portfolio_ops.list_library().success(self._on_portfolios_loaded).run(self.ops, initiator=self)

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
        for action in (*portfolio_actions, self.export_action):
            action.setEnabled(portfolio is not None)
        if self._roster_dialog is not None:  # its “taught to” choice follows the open portfolio
            self._roster_dialog.set_portfolio((portfolio.id, portfolio.title) if portfolio else None)
            self._roster_dialog.reload()

    # -- use cases --------------------------------------------------------------------------

    def new_portfolio(self, credential_id: str | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        from portfolio_app.ui.dialogs import NewPortfolioDialog

        if not self._credentials:
            QMessageBox.information(
                self, self.tr("No credentials"), self.tr("The catalog is empty: import a credential definition first.")
            )
            return
        dialog = NewPortfolioDialog(self._credentials, credential_id or self.catalog_page.current_credential_id(), self)
        if dialog.exec() != NewPortfolioDialog.DialogCode.Accepted:
            return
        chosen_id, title = dialog.chosen()

        def on_created(portfolio_id: str) -> None:
            self._pending_select = (NodeKind.PORTFOLIO, portfolio_id)
            self.statusBar().showMessage(self.tr("Portfolio created."), 5000)

        self.undo_stack.push(portfolio_ops.create_portfolio_command(self.ops, chosen_id, title, on_created))

    def rename_portfolio(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        portfolio = self.open_portfolio
        if portfolio is None:
            return
        title, ok = QInputDialog.getText(self, self.tr("Rename Portfolio"), self.tr("New title:"), text=portfolio.title)
        if not ok or title.strip() == portfolio.title:
            return
        if not title.strip():
            self.show_error(PortfolioError(self.tr("A portfolio needs a title.")))
            return
        self.undo_stack.push(portfolio_ops.rename_portfolio_command(self.ops, portfolio.id, portfolio.title, title))

    def delete_portfolio(self) -> None:
        portfolio = self.open_portfolio
        if portfolio is None:
            return
        self._pending_select = (NodeKind.CREDENTIAL, portfolio.credential_id)
        self.undo_stack.push(portfolio_ops.delete_portfolio_command(self.ops, portfolio.id, portfolio.title))
        self.statusBar().showMessage(
            self.tr("“{title}” moved to the Trash. Undo ({keys}) brings it back.").format(
                title=portfolio.title, keys=self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            ),
            8000,
        )

    def _on_trash_restore_requested(self, portfolio_id: str) -> None:
        self._pending_select = (NodeKind.PORTFOLIO, portfolio_id)
        portfolio_ops.restore_portfolio(portfolio_id).failure(self.show_error).run(self.ops, initiator=self)

    def _on_trash_purge_requested(self, portfolio_id: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self,
            self.tr("Delete Forever"),
            self.tr(
                "Delete this portfolio for good, with its responses, tags and self-assessment? This cannot be undone."
            ),
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return
        self.undo_stack.clear()  # earlier commands may name the portfolio that is going away
        portfolio_ops.purge_portfolio(portfolio_id).failure(self.show_error).run(self.ops, initiator=self)

    def import_definition(self, paths: list[str] | None = None) -> None:
        if not paths:
            from PySide6.QtWidgets import QFileDialog

            paths, _ = QFileDialog.getOpenFileNames(
                self, self.tr("Import Credential Definition"), "", self.tr("Credential definitions (*.json)")
            )
        for path in paths or []:

            def done(outcome, name=Path(path).name) -> None:
                if outcome.changes:
                    self.statusBar().showMessage(self.tr("Imported “{title}”.").format(title=outcome.value.title), 5000)
                    self._pending_credential = outcome.value.id  # selected once the catalog reloads
                    self.show_catalog()
                else:
                    self.statusBar().showMessage(self.tr("{name} is already in the catalog.").format(name=name), 5000)

            portfolio_ops.import_credential(Path(path)).success(done).failure(self.show_error).run(self.ops, self)

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
            window.setWindowFlag(Qt.WindowType.Window)
            window.show()
            self.bundle_windows = [w for w in self.bundle_windows if w.isVisible()] + [window]

    def open_roster(self):
        """Show the Class Roster (built on first use), for the open portfolio if there is one."""
        from portfolio_app.ui.privacy.roster_dialog import RosterDialog

        portfolio = self.open_portfolio
        chosen = (portfolio.id, portfolio.title) if portfolio else None
        if self._roster_dialog is None:
            self._roster_dialog = RosterDialog(self.ops, self.undo_stack, chosen, self)
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
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(docs_dir() / "credential-format.md")))

    # -- window state and drops -------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
        for splitter in (self.splitter, self.catalog_page.splitter):
            state = self.settings.value(f"window/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        kind, _, node_id = str(self.settings.value("library/node", "")).partition("/")
        if kind:  # reopened where the teacher left off, once the library has loaded
            self._pending_select = (kind, node_id)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        for splitter in (self.splitter, self.catalog_page.splitter):
            self.settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        node = self.tree.current_node()
        if node is not None:
            self.settings.setValue("library/node", "/".join(node))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_layout:
            self.save_layout()
        if self._workspace_page is not None:
            self._workspace_page.flush()  # an answer typed less than a moment ago is saved too
            self._workspace_page.evidence.cancel_import()  # the file under way stops; imported ones stay
        self.ops.wait()  # let queued writes finish: nothing half-done on quit
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        definitions, bundles, others = self._dropped(event)
        if definitions or bundles or (others and self.open_portfolio is not None):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """.json files are credential definitions, .zip files bundles to verify; other files and
        folders are evidence for the open portfolio (the workspace takes drops on itself the same way)."""
        definitions, bundles, others = self._dropped(event)
        if bundles:
            event.acceptProposedAction()
            self.open_bundle(bundles)
        if others and self.open_portfolio is not None:
            event.acceptProposedAction()
            self.import_evidence(others)
        if definitions:
            event.acceptProposedAction()
            self.import_definition(definitions)

    @staticmethod
    def _dropped(event: QDropEvent | QDragEnterEvent) -> tuple[list[str], list[str], list[str]]:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        definitions = [p for p in paths if p.lower().endswith(".json")]
        bundles = [p for p in paths if p.lower().endswith(".zip")]
        return definitions, bundles, [p for p in paths if not p.lower().endswith((".json", ".zip"))]
