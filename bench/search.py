"""Search over 100,000 tag notes against the same search over 1,000.

Two libraries are built alike but for their size: tag notes are sentences a teacher would
write, drawn from a fixed vocabulary with Zipf-like word frequencies, and a few student names
that appear in a set share of notes. The queries mix a common word, a rare word, a name, two
words that must both appear, and a word being typed (prefix). Each query runs through the
`search` use case (FTS5 match, joins that leave out the trash, titles and snippets) and is
timed warm, median of many. Target (issue #5): 100,000 notes at most 3 times 1,000.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.result import BenchmarkResult, Timings

MAX_RATIO = 3.0
SMALL, LARGE = 1_000, 100_000
REPEATS = 30
QUERIES = ("students", "misconception", "Jamal", "wait time", "justif", "explain evidence")
_SENTENCE = (
    "students explain their thinking after wait time the question asks for evidence partner talk "
    "justify reasoning probe follow-up misconception exit ticket sorting class discussion whole group "
    "small group sentence stems revoicing cold call think pair share claim evidence reasoning "
    "prediction compare contrast evaluate agree disagree build on strategy representation model"
)
_WORDS = _SENTENCE.split()
_NAMES = ("Jamal", "Ana", "Wei", "Priya", "Mateo", "Zoe")


def _note(rng: random.Random) -> str:
    words = [_WORDS[min(len(_WORDS) - 1, int(rng.paretovariate(1.2)) - 1)] for _ in range(rng.randint(5, 14))]
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), rng.choice(_NAMES))
    return " ".join(words).capitalize()


def _library(folder: Path, tags: int):
    from bench.library_builder import build_library
    from portfolio_app.services.library import open_library

    per_item = 10
    build_library(folder, portfolios=max(1, tags // 3000), evidence=tags // per_item, tags_per_evidence=per_item)
    library = open_library(folder)
    rng = random.Random(7)
    with library.db.atomic():
        ids = [r[0] for r in library.db.execute("SELECT id FROM tags")]
        library.db.conn.executemany("UPDATE tags SET note = ? WHERE id = ?", [(_note(rng), i) for i in ids])
    return library


def _time_queries(library) -> list[float]:
    from portfolio_app.services.search import search

    per_query = []
    for query in QUERIES:
        search(library, query)  # warm: the pages it reads are in the cache, as they are while typing
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            search(library, query)
            runs.append(time.perf_counter() - started)
        per_query.append(statistics.median(runs))
    return per_query


def run_benchmark() -> BenchmarkResult:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        small = _library(Path(tmp) / "small", SMALL)
        large = _library(Path(tmp) / "large", LARGE)
        try:
            counts = [large.db.execute("SELECT count(*) FROM tags").fetchone()[0]]
            small_times = _time_queries(small)
            large_times = _time_queries(large)
        finally:
            small.close()
            large.close()
    notes = tuple(
        f"{query!r}: {s * 1000:.2f} ms vs {big * 1000:.2f} ms"
        for query, s, big in zip(QUERIES, small_times, large_times, strict=True)
    )
    return BenchmarkResult(
        name="search",
        description=f"full-text search of tag notes, {counts[0]:,} notes vs {SMALL:,} "
        "(median time of each kind of query)",
        baseline=Timings(f"{SMALL:,} notes", tuple(small_times)),
        measured=Timings(f"{LARGE:,} notes", tuple(large_times)),
        max_ratio=MAX_RATIO,
        notes=notes,
    )
