"""`make dist-check`: the packaged app finds its face detector and blurs a class photo.

Run with the development venv's Python: it makes a library holding a photo with four real faces,
then runs the packaged `portfolio blur` on it. Exit 0 when faces were found and blurred.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main(app: str) -> int:
    from portfolio_app.services.evidence import import_files
    from portfolio_app.services.library import open_library
    from portfolio_app.services.portfolios import create_portfolio
    from tests.face_evidence import make_face_files

    with tempfile.TemporaryDirectory() as folder:
        library = open_library(Path(folder) / "library")
        portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Dist check").value
        photo = import_files(library, portfolio.id, [make_face_files(Path(folder) / "media").photo]).value.imported[0]
        library.close()
        done = subprocess.run(
            [app, "blur", photo.id, "--json", "--data-dir", str(Path(folder) / "library")],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(f"packaged `portfolio blur` failed ({done.returncode}): {done.stderr}", file=sys.stderr)
            return 1
        blurred = json.loads(done.stdout)["faces_blurred"]
        print(f"packaged app blurred {blurred} faces")
        return 0 if blurred >= 3 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
