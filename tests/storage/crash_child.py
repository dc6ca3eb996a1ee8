"""Child process for test_crash.py: does library writes and is killed with SIGKILL midway.

It reports progress on stdout and then blocks reading stdin, so the parent kills it at a known
point without any timing guesswork.
"""

import sys

from portfolio_app.services.library import open_library
from portfolio_app.services.portfolios import create_portfolio


def say(text: str) -> None:
    print(text, flush=True)


def in_transaction(data_dir: str) -> None:
    library = open_library(data_dir)
    committed = create_portfolio(library, "questioning-to-deepen-thinking", "Saved before the crash").value
    say(f"committed {committed.id}")
    with library.db.atomic():
        for n in range(50):
            create_portfolio(library, "questioning-to-deepen-thinking", f"Never committed {n}")
        say("inside")
        sys.stdin.readline()  # killed here, transaction open


def in_media_write(data_dir: str) -> None:
    library = open_library(data_dir)

    class Reader:
        """Gives 16 MiB of data, then blocks: the copy is killed half-way."""

        sent = 0

        def read(self, size: int) -> bytes:
            if self.sent >= 16 << 20:
                say("half-written")
                sys.stdin.readline()
            self.sent += size
            return bytes([self.sent % 251]) * size

    library.store.put_stream(Reader())


def many_commits(data_dir: str) -> None:
    library = open_library(data_dir)
    for n in range(100000):
        portfolio = create_portfolio(library, "structured-student-discourse", f"Attempt {n}").value
        say(f"committed {portfolio.id}")


if __name__ == "__main__":
    {"in-transaction": in_transaction, "in-media-write": in_media_write, "many-commits": many_commits}[sys.argv[1]](
        sys.argv[2]
    )
