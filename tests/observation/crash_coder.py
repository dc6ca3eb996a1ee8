"""Child process for test_observation_crash.py: a coach coding without pause, killed mid-stream.

Each line it prints reports an event (or note) whose service call has returned: what a screen
would have shown. The parent kills it with SIGKILL after reading some lines.
"""

import sys

from portfolio_app.services.library import open_library
from portfolio_app.services.observations import add_note, code_event, new_observation


def say(text: str) -> None:
    print(text, flush=True)


def code_forever(data_dir: str, scheme: str) -> None:
    library = open_library(data_dir)
    observation = new_observation(library, scheme, "Killed mid-lesson").value
    say(f"observation {observation.id}")
    codes = [c.id for c in observation.scheme.codes]
    for n in range(1_000_000):
        at = n * 0.25
        if n % 17 == 16:
            note = add_note(library, observation.id, at, f"note {n}").value
            say(f"note {note.id}")
            continue
        # As the coding screen commits a key press: without waiting for the disk (a kill must still lose nothing).
        coded = code_event(library, observation.id, codes[n % len(codes)], at, durable=False).value
        say(f"event {coded.event.id} {coded.event.code_id} {coded.event.end_s}")


if __name__ == "__main__":
    code_forever(sys.argv[1], sys.argv[2])
