"""What a subcommand hands back to `main`: its human text and its JSON document."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any


class Printed:
    """A result with its human text and its JSON document."""

    def __init__(self, text: str, document: Any):
        self.text = text
        self.document = document


class Failed(Printed):
    """The command ran but did not succeed (some files of several, a portfolio not ready):
    the text and document still print, and the exit code is 1."""


class Refused(Failed):
    """The input was checked and refused (a bundle that does not verify): the reasons go to
    stderr, as every failure's message does; with --json the document still goes to stdout."""


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def table(rows: list[tuple[str, ...]]) -> str:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)] + [r[-1]]) for r in rows)


def terminal_progress(args: argparse.Namespace, what: str) -> Callable[[float], None] | None:
    """A progress callback that draws on stderr when it is a terminal, else nothing."""
    if args.json or not sys.stderr.isatty():
        return None

    def report(fraction: float) -> None:
        print(f"\r{what} {fraction * 100:5.1f}%", end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)

    return report


def evidence_json(evidence) -> dict:
    return asdict(evidence)
