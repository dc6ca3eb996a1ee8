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


def import_when_told(data_dir: str) -> None:
    """A large import that pauses half-way until the parent says go (others open the library meanwhile)."""
    library = open_library(data_dir)

    class Reader:
        sent = 0

        def read(self, size: int) -> bytes:
            if self.sent == 16 << 20:
                say("half-written")
                sys.stdin.readline()
            if self.sent >= 32 << 20:
                return b""
            self.sent += size
            return bytes([self.sent % 251]) * size

    stored = library.store.put_stream(Reader())
    say(f"stored {stored.hash}")
    library.close()


def open_and_close(data_dir: str) -> None:
    """Open and close the library, as `portfolio list` does, again and again."""
    for _ in range(int(sys.argv[3])):
        open_library(data_dir).close()
    say("opened")


def answer_many(data_dir: str) -> None:
    """Write the same portfolio's answer many times (the window or the CLI, racing another)."""
    from portfolio_app.services.rubric import save_response

    library = open_library(data_dir)
    for n in range(int(sys.argv[4])):
        save_response(library, sys.argv[3], "class-context", f"{sys.argv[5]} {n}")
    say("answered")
    library.close()


def stage_and_wait(data_dir: str) -> None:
    """Put a blob into the store that no row names yet, note an export's `.part`, and wait."""
    from pathlib import Path

    library = open_library(data_dir)
    blob = library.store.put_bytes(b"staged by a process that has not recorded it yet")
    target = Path(sys.argv[3])
    library.store.note_unfinished(target.parent, f".{target.name}", ".part")
    target.with_name(f".{target.name}.part").write_bytes(b"half an export")
    say(f"staged {blob.hash}")
    sys.stdin.readline()


def set_aside_and_wait(data_dir: str) -> None:
    """A garbage collection killed after setting a blob aside, before deciding about it."""
    library = open_library(data_dir)
    library.store.set_aside([sys.argv[3]])
    say("set aside")
    sys.stdin.readline()


if __name__ == "__main__":
    {
        "in-transaction": in_transaction,
        "in-media-write": in_media_write,
        "many-commits": many_commits,
        "import-when-told": import_when_told,
        "open-and-close": open_and_close,
        "answer-many": answer_many,
        "stage-and-wait": stage_and_wait,
        "set-aside-and-wait": set_aside_and_wait,
    }[sys.argv[1]](sys.argv[2])
