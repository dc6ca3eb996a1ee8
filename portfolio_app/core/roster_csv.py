"""Reading a class roster from a CSV file that a spreadsheet or the school's system wrote.

The first row names the columns: `name`, `video`, `photo`, `audio` and optionally `note`, in any
order and case; other columns are ignored. A consent cell says yes (yes, y, true, 1, x) or no
(no, n, false, 0, or empty). Files may be UTF-8 with or without a byte-order mark, and separated
by commas or by semicolons (what spreadsheets set to European locales write). Every problem in
the file is found before anything is imported, each named by its row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.roster import MAX_NAME, Consent, clean_name

MAX_BYTES = 1_000_000  # a class list is a few kilobytes; this is a different file
REQUIRED = ("name", "video", "photo", "audio")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RosterRow:
    """One student as the file gives them; `row` is the spreadsheet row (the header is row 1)."""

    row: int
    name: str
    video: bool
    photo: bool
    audio: bool
    note: str = ""

    def consents_to(self, consent: Consent) -> bool:
        return getattr(self, str(consent))


class RosterFileError(InvalidInputError):
    """A roster file that cannot be imported; `problems` lists each bad row and column."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        if len(problems) == 1:
            text = f"{problems[0]}. Nothing was imported."
        else:
            listed = "\n".join(f"  - {p}" for p in problems)
            text = f"{source} has {len(problems)} problems; nothing was imported:\n{listed}"
        super().__init__(text)


def parse_roster(data: bytes, source: str) -> list[RosterRow]:
    """The students in a roster file's bytes; `source` (the file name) names it in errors.

    Raises:
        RosterFileError: listing every problem (bad encoding, no header, bad cells, duplicates).
    """
    if len(data) > MAX_BYTES:
        raise RosterFileError(source, [f"{source} is {len(data) / 1e6:.1f} MB, far too large for a class roster"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError(
            source, [f"{source} is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8” and import that file"]
        ) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise RosterFileError(source, [f"{source} is empty: its first row must name the columns {_columns()}"])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    header_at = next(i for i, r in enumerate(rows) if any(c.strip() for c in r))
    header = [c.strip().lower() for c in rows[header_at]]
    missing = [c for c in REQUIRED if c not in header]
    if "name" not in header:
        raise RosterFileError(
            source,
            [f"{source} has no header row: its first row must name the columns {_columns()} (it has {_cells(header)})"],
        )
    if missing:
        names = ", ".join(f"“{c}”" for c in missing)
        raise RosterFileError(source, [f"{source}: the header row has no column {names}; it needs {_columns()}"])
    where = {name: header.index(name) for name in (*REQUIRED, "note") if name in header}
    problems: list[str] = []
    found: list[RosterRow] = []
    seen: dict[str, int] = {}
    for index in range(header_at + 1, len(rows)):
        cells = rows[index]
        number = index + 1
        if not any(c.strip() for c in cells):
            continue  # blank lines between students, or at the end
        if any(c.strip() for c in cells[len(header) :]):
            problems.append(
                f"{source} row {number} has {len(cells)} cells but the header has {len(header)}: "
                "put names that contain a comma or semicolon in quotes"
            )
            continue

        def cell(column: str, cells=cells) -> str:
            at = where.get(column)
            return cells[at].strip() if at is not None and at < len(cells) else ""

        name = clean_name(cell("name"))
        if not name:
            problems.append(f'{source} row {number}, column "name": the name is empty')
        elif len(name) > MAX_NAME:
            problems.append(f'{source} row {number}, column "name": names stop at {MAX_NAME} characters')
        elif name.casefold() in seen:
            problems.append(f'{source} row {number}, column "name": "{name}" is already on row {seen[name.casefold()]}')
        else:
            seen[name.casefold()] = number
        consents = {}
        for column in ("video", "photo", "audio"):
            value = cell(column)
            if value.lower() in _YES:
                consents[column] = True
            elif value.lower() in _NO:
                consents[column] = False
            else:
                problems.append(f'{source} row {number}, column "{column}": "{value}" is not yes or no')
        if len(consents) == 3 and name:
            found.append(RosterRow(number, name, **consents, note=" ".join(cell("note").split())))
    if problems:
        raise RosterFileError(source, problems)
    return found


def _delimiter(header: str) -> str:
    """Commas, or semicolons (tabs too) when the header row is split by those instead."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _columns() -> str:
    return "name, video, photo, audio (and optionally note)"


def _cells(header: list[str]) -> str:
    shown = ", ".join(f"“{c}”" for c in header[:5] if c)
    return shown + (", …" if len(header) > 5 else "") if shown else "nothing"
