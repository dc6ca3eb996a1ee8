"""Regenerates docs/screenshots/*.png from a demo library: `make screenshots`.

Runs offscreen; each picture is a grab of the real main window at a fixed size, so the README
shows what a teacher sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from bench.library_builder import build_library  # noqa: E402
from portfolio_app.services.library import open_library  # noqa: E402
from portfolio_app.services.portfolios import list_portfolios  # noqa: E402
from portfolio_app.ui.app import make_application  # noqa: E402
from portfolio_app.ui.main_window import MainWindow  # noqa: E402
from portfolio_app.ui.sidebar import NodeKind  # noqa: E402
from portfolio_app.ui.tasks import TaskRunner  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1200, 760)


def main() -> int:
    app = make_application()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        built = build_library(Path(tmp) / "library", portfolios=7, evidence=60, seed=3)
        library = open_library(built.data_dir)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, TaskRunner(synchronous=True), settings)
        window.resize(*SIZE)
        window.show()

        def shoot(name: str) -> None:
            app.processEvents()
            path = OUT / f"{name}.png"
            window.grab().save(str(path))
            print(path.relative_to(OUT.parent.parent))

        window.catalog_page.select("questioning-to-deepen-thinking")
        shoot("catalog")
        summary = next(s for s in list_portfolios(library) if s.portfolio.credential_id.startswith("formative"))
        window.tree.select_node(NodeKind.PORTFOLIO, summary.portfolio.id)
        shoot("workspace")
        window.workspace_page.tabs.setCurrentWidget(window.workspace_page.rubric)
        shoot("rubric")
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
