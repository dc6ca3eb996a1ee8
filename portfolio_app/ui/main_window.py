"""The main window: library tree on the left, the selected page on the right, menus on top.

Holds no logic of its own: it asks services (through the task runner) and shows the answers,
refreshing only what the returned Changes say changed. Pages and dialogs other than the
catalog are built on first use: start-up only pays for what the first screen shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl  # not Qt: importing it builds every enum (17 ms of start-up)
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QWidget

from portfolio_app import APP_NAME
from portfolio_app.core.changes import Changes
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Profile
from portfolio_app.resource_paths import docs_dir
from portfolio_app.services import catalog as catalog_uc
from portfolio_app.services import portfolios as portfolio_uc
from portfolio_app.services import profile as profile_uc
from portfolio_app.services.library import Library
from portfolio_app.ui.catalog.catalog_page import CatalogPage
from portfolio_app.ui.commands import CreatePortfolio, DeletePortfolio, RenamePortfolio
from portfolio_app.ui.operations.runner import TaskRunner
from portfolio_app.ui.sidebar import LibraryTree, NodeKind

if TYPE_CHECKING:
    from portfolio_app.ui.catalog.trash_page import TrashPage
    from portfolio_app.ui.workspace.workspace_page import WorkspacePage


class MainWindow(QMainWindow):
    def __init__(self, library: Library, runner: TaskRunner, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.library = library
        self.runner = runner
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
        self.setCentralWidget(self.splitter)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)

        self._build_actions()
        self._build_menus()
        self.tree.node_selected.connect(self._on_tree_node_selected)
        self.catalog_page.start_requested.connect(self.new_portfolio)
        self.catalog_page.import_requested.connect(self.import_definition)
        self.runner.changed.connect(self._on_runner_changed)
        self.runner.failed.connect(self.show_error)
        self.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Saving…") if busy else ""))
        self._restore_layout()
        self.refresh(Changes(credentials=True, portfolios=True))

    # -- building ---------------------------------------------------------------------------

    @property
    def workspace_page(self) -> WorkspacePage:
        if self._workspace_page is None:
            from portfolio_app.ui.workspace.workspace_page import WorkspacePage

            self._workspace_page = WorkspacePage(self.library, self.runner, self.undo_stack)
            evidence = self._workspace_page.evidence
            evidence.status_reported.connect(lambda text: self.statusBar().showMessage(text, 8000))
            evidence.library_changed.connect(self.refresh)
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

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
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

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(
            self.tr("&New Portfolio…"),
            lambda: self.new_portfolio(),
            keys.New,
            self.tr("Start a portfolio on a credential from the catalog"),
        )
        self.import_definition_action = self._action(
            self.tr("Import Credential &Definition…"),
            self.import_definition,
            None,
            self.tr("Add a credential definition file to the catalog"),
        )
        self.import_evidence_action = self._action(
            self.tr("Import &Evidence…"),
            self.import_evidence,
            "Ctrl+I",
            self.tr("Add videos, audio, photos or documents to the open portfolio"),
        )
        self.export_action = self._action(
            self.tr("&Export Submission Bundle…"),
            self.export_bundle,
            "Ctrl+E",
            self.tr("Check the portfolio and write it as a signed bundle for reviewers"),
        )
        self.open_bundle_action = self._action(
            self.tr("&Open Bundle…"),
            self.open_bundle,
            keys.Open,
            self.tr("Verify a submission bundle and see what it holds"),
        )
        self.close_action = self._action(self.tr("&Close Portfolio"), self.close_portfolio, keys.Close)
        self.quit_action = self._action(self.tr("&Quit"), self.close, keys.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts(keys.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([keys.Redo, "Ctrl+Shift+Z"])
        self.rename_action = self._action(self.tr("&Rename Portfolio…"), self.rename_portfolio, "F2")
        self.delete_action = self._action(
            self.tr("&Delete Portfolio"),
            self.delete_portfolio,
            keys.Delete,
            self.tr("Move the portfolio to the trash (Undo brings it back)"),
        )
        self.find_action = self._action(
            self.tr("&Find…"), self.show_search, keys.Find, self.tr("Find words in titles, notes, tags and answers")
        )
        self.roster_action = self._action(
            self.tr("Class &Roster…"),
            lambda: self.open_roster(),
            None,
            self.tr("Classes, students and their consent for video, photos and audio"),
        )
        self.profile_action = self._action(self.tr("Your &Profile…"), self.edit_profile, keys.Preferences)
        self.profile_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.catalog_action = self._action(self.tr("Credential &Catalog"), self.show_catalog, "Ctrl+1")
        self.trash_action = self._action(self.tr("&Trash"), lambda: self.tree.select_node(NodeKind.TRASH, ""), "Ctrl+2")
        self.sidebar_action = self._action(self.tr("Show &Library"), lambda on: self.tree.setVisible(on), "Ctrl+L")
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.format_help_action = self._action(self.tr("Credential &Format…"), self._on_format_help_triggered)
        self.about_action = self._action(self.tr("&About {app}").format(app=APP_NAME), self._on_about_triggered)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._update_portfolio_actions()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.import_definition_action])
        file_menu.addSeparator()
        file_menu.addAction(self.import_evidence_action)
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.open_bundle_action])
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
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([self.catalog_action, self.trash_action])
        view_menu.addSeparator()
        view_menu.addAction(self.sidebar_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([self.format_help_action, self.about_action])

    # -- refreshing -------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        """Reload only what `changes` touched."""
        if changes.credentials or changes.portfolios:
            self.runner.run(lambda: catalog_uc.list_credentials(self.library), self._on_catalog_loaded)
        if changes.portfolios:
            self.runner.run(lambda: portfolio_uc.list_library(self.library), self._on_portfolios_loaded)
        if changes.evidence and self._workspace_page is not None:
            self._workspace_page.evidence.reload()
        if self._workspace_page is not None:
            self._workspace_page.refresh(changes)

    def _on_runner_changed(self, changes: Changes) -> None:
        self.refresh(changes)

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
        def load():
            portfolio = portfolio_uc.get_portfolio(self.library, portfolio_id)
            return portfolio, catalog_uc.get_credential(
                self.library, portfolio.credential_id, portfolio.credential_version
            )

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

        self.runner.run(load, show, self.show_error)

    # -- find -------------------------------------------------------------------------------

    def show_search(self) -> None:
        """Show the Find panel (built on first use) and put the cursor in it."""
        if self._search_dock is None:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QDockWidget

            from portfolio_app.ui.search_panel import SearchPanel

            panel = SearchPanel(self.library, self.runner)
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

        self.undo_stack.push(CreatePortfolio(self.library, self.runner, chosen_id, title, on_created))

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
        self.undo_stack.push(RenamePortfolio(self.library, self.runner, portfolio.id, portfolio.title, title))

    def delete_portfolio(self) -> None:
        portfolio = self.open_portfolio
        if portfolio is None:
            return
        self._pending_select = (NodeKind.CREDENTIAL, portfolio.credential_id)
        self.undo_stack.push(DeletePortfolio(self.library, self.runner, portfolio.id, portfolio.title))
        self.statusBar().showMessage(
            self.tr("“{title}” moved to the Trash. Undo ({keys}) brings it back.").format(
                title=portfolio.title, keys=self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            ),
            8000,
        )

    def _on_trash_restore_requested(self, portfolio_id: str) -> None:
        self._pending_select = (NodeKind.PORTFOLIO, portfolio_id)
        self.runner.run(lambda: portfolio_uc.restore_portfolio(self.library, portfolio_id), None, self.show_error)

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
        self.runner.run(lambda: portfolio_uc.purge_portfolio(self.library, portfolio_id), None, self.show_error)

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

            self.runner.run(lambda p=Path(path): catalog_uc.import_credential(self.library, p), done, self.show_error)

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
        wizard = ExportWizard(self.library, self.runner, self.settings, portfolio.id, self)
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
            window = BundleWindow(self.runner, Path(path), self)
            window.setWindowFlag(Qt.WindowType.Window)
            window.show()
            self.bundle_windows = [w for w in self.bundle_windows if w.isVisible()] + [window]

    def open_roster(self):
        """Show the Class Roster (built on first use), for the open portfolio if there is one."""
        from portfolio_app.ui.privacy.roster_dialog import RosterDialog

        portfolio = self.open_portfolio
        chosen = (portfolio.id, portfolio.title) if portfolio else None
        if self._roster_dialog is None:
            self._roster_dialog = RosterDialog(self.library, self.runner, self.undo_stack, chosen, self)
            self._roster_dialog.failed.connect(self.show_error)
        self._roster_dialog.show()
        self._roster_dialog.raise_()
        self._roster_dialog.activateWindow()
        return self._roster_dialog

    def edit_profile(self) -> None:
        self.runner.run(lambda: profile_uc.get_profile(self.library), self.ask_profile)

    def ask_profile(self, profile: Profile | None, *, first_run: bool = False) -> None:
        """The profile dialog; it checks the entries itself, then the save runs on the worker."""
        from portfolio_app.ui.dialogs import ProfileDialog

        dialog = ProfileDialog(profile_uc.check_profile, profile, first_run=first_run, parent=self)
        if dialog.exec() == ProfileDialog.DialogCode.Accepted:
            name, email = dialog.name.text(), dialog.email.text()
            self.runner.run(lambda: profile_uc.save_profile(self.library, name, email), None, self.show_error)

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

        show_about(self, str(self.library.data_dir))

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
        self.runner.wait()  # let queued writes finish: nothing half-done on quit
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
