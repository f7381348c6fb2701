"""Benchmark: shared-passage detection on the edition and on synthetic corpora of growing size.

Prints the median of several runs for each size and the growth factor when the corpus doubles
(about 2 means linear; about 4 would mean quadratic). Run: python benchmarks/collate_bench.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from edition import collate
from edition.collate import Unit

RUNS = 5


def synthetic(n_units: int, seed: int = 1938) -> list[Unit]:
    """n_units paragraphs of 60–160 words from a 20,000-word vocabulary (Zipf-like), of which
    one in five reuses a passage of an earlier paragraph, with a few words changed."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    units: list[Unit] = []
    for i in range(n_units):
        words = rng.choices(vocab, weights, k=rng.randint(60, 160))
        if units and rng.random() < 0.2:
            donor = rng.choice(units).text.split()
            start = rng.randrange(max(1, len(donor) - 30))
            borrowed = donor[start:start + rng.randint(20, 40)]
            for _ in range(2):
                borrowed[rng.randrange(len(borrowed))] = rng.choice(vocab)
            at = rng.randrange(len(words))
            words[at:at] = borrowed
        units.append(Unit(f"s{i % 50}.xml", "X", f"u{i}", i, " ".join(words)))
    return units


def measure(units: list[Unit]) -> tuple[float, int, float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = collate.collate(units)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    collate.collate(units)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), len(result.groups), peak / 2**20


def edition_units() -> list[Unit] | None:
    try:
        from edition import config, context
        edition = context.load(config.load(Path(__file__).resolve().parents[1]))
    except Exception as exc:  # the benchmark still runs on synthetic data
        print(f"(edition not loaded: {exc})", file=sys.stderr)
        return None
    return collate.edition_units(edition)


def main() -> None:
    print(f"median of {RUNS} runs per size")
    units = edition_units()
    if units:
        t, groups, mem = measure(units)
        words = sum(len(u.text.split()) for u in units)
        print(f"edition: {len(units)} units, {words} words: {t * 1000:.0f} ms, {groups} groups, "
              f"peak {mem:.1f} MiB")
    previous = None
    for n in (500, 1000, 2000, 4000, 8000):
        data = synthetic(n)
        words = sum(len(u.text.split()) for u in data)
        t, groups, mem = measure(data)
        growth = f" ×{t / previous:.2f} for ×2 units" if previous else ""
        print(f"synthetic: {n} units, {words} words: {t * 1000:.0f} ms, {groups} groups, "
              f"peak {mem:.1f} MiB{growth}")
        previous = t


if __name__ == "__main__":
    main()
