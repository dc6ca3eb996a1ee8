"""Where the window was left: its geometry, splitters, docks and the node selected, in QSettings."""

from __future__ import annotations


class WindowLayout:
    """Restores and saves the main window's layout (mixed into MainWindow)."""

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
