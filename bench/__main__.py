"""`python -m bench [NAME ...]`: run the benchmarks (all by default), print them, save them as JSON.

A benchmark is a module of this package with a `run_benchmark()` that returns a BenchmarkResult.
Results go to bench/results/<name>.json. Every benchmark runs and is printed before the exit
status says whether any missed its target (1) or could not run (2).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import bench
from bench.result import BenchmarkResult

RESULTS_DIR = Path(bench.__file__).resolve().parent / "results"


def discover() -> dict[str, Callable[[], BenchmarkResult]]:
    """Every module of the bench package that has a run_benchmark(), by module name."""
    found = {}
    for info in pkgutil.iter_modules(bench.__path__):
        if info.name.startswith("_"):
            continue
        module: ModuleType = importlib.import_module(f"bench.{info.name}")
        runner = getattr(module, "run_benchmark", None)
        if callable(runner):
            found[info.name] = runner
    return found


def save(result: BenchmarkResult) -> Path:
    """Write the result to RESULTS_DIR/<name>.json, atomically."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{result.name}.json"
    temp = path.with_suffix(".json.tmp")
    temp.write_text(json.dumps(result.as_json(), indent=2) + "\n", encoding="utf-8")
    os.replace(temp, path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    benchmarks = discover()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(benchmarks)}")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in benchmarks]
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)} (there are: {', '.join(benchmarks)})")

    missed, broken = [], []
    for name in args.names or list(benchmarks):
        print(f"running {name}…", flush=True)
        try:
            result = benchmarks[name]()
        except Exception:
            traceback.print_exc()
            broken.append(name)
            continue
        print("\n".join(result.report()))
        print(f"  saved to {save(result)}", flush=True)
        if not result.passed:
            missed.append(name)

    if missed:
        print(f"missed their target: {', '.join(missed)}", file=sys.stderr)
    if broken:
        print(f"could not run: {', '.join(broken)}", file=sys.stderr)
    return 2 if broken else 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
