"""A second process that keeps writing to a library (`python -m tests.library_writer DATA_DIR STOP_FILE`).

Each round starts a portfolio and imports a new photo into it, in the app's own transactions; it
prints "started" after the first round and stops when STOP_FILE exists. Backup tests run against it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

from portfolio_app.services.evidence import import_files
from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import create_portfolio


def main(data_dir: Path, stop: Path) -> int:
    library = open_library(data_dir)
    rounds = 0
    try:
        while not stop.exists():
            portfolio = create_portfolio(library, "questioning-to-deepen-thinking", f"live {rounds}").value
            photo = data_dir.parent / f"live-{rounds}.png"
            pixels = np.random.default_rng(rounds + 1000).integers(0, 255, (48, 64, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(photo)
            import_files(library, portfolio.id, [photo])
            photo.unlink()
            rounds += 1
            if rounds == 1:
                print("started", flush=True)
    finally:
        library.close()
    print(f"rounds {rounds}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
