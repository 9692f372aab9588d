"""Derive benchmark: how `monitor derive`'s time grows with the seed's length.

A user may give derive a long document (a report, a PDF's text), not only an article. The
seeds of tests/data/derive written in Latin letters, joined, make a long seed of about
twelve times one seed's length; the baseline is the first of them alone. Both are derived
in one process after a warm-up (derive loads its word lists, places and dictionaries
once, which costs the same for any seed), each three times, median CPU time.

Target: time(long seed) / time(one seed) at most twice the ratio of their lengths: derive
grows about linearly with the text. (One pattern read forward from every letter once made
a 60 KB seed take over a minute; it is the kind of slip this catches.)

Usage: .venv/bin/python bench/derive.py   (or `make bench`)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.rulebook.derive import derive_story  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "derive"
RUNS = 3
TARGET = 2.0  # times the ratio of the lengths


def _latin_seeds() -> list[str]:
    """The dev seeds written in Latin letters, in name order."""
    texts = []
    for path in sorted(SEEDS.glob("*/seed.txt")):
        text = path.read_text(encoding="utf-8")
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isascii() for c in letters) / len(letters) > 0.8:
            texts.append(text)
    return texts


def _time(text: str) -> float:
    """Median CPU seconds of derive on one seed."""
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        derive_story([text])
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    seeds = _latin_seeds()
    short = seeds[0]
    long = "\n\n".join(seeds)
    derive_story([short])  # warm-up: the word lists and place tables load once
    derive_story([long])
    base, whole = _time(short), _time(long)
    size = len(long) / len(short)
    ratio = whole / base
    print(f"one seed:  {len(short):,} characters, {base:.2f} CPU s (median of {RUNS})")
    print(f"long seed: {len(long):,} characters ({len(seeds)} seeds), {whole:.2f} CPU s")
    verdict = "PASS" if ratio <= TARGET * size else "FAIL"
    print(f"{verdict} time(long) / time(one) = {ratio:.1f} for {size:.1f}x the text "
          f"(target <= {TARGET * size:.1f})")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
