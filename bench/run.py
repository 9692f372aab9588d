"""Run every benchmark script in bench/ (all *.py but this one and _*.py) in turn.

`make bench` calls `.venv/bin/python bench/run.py`; exits non-zero if any benchmark failed.
Extra arguments are passed on to each script, e.g. `bench/run.py --feeds 50`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    """The benchmark scripts, in name order."""
    this = Path(__file__).resolve()
    return sorted(
        p for p in BENCH_DIR.glob("*.py") if p.resolve() != this and not p.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    """Run each script with this interpreter; print a summary; return 1 if any failed."""
    results: list[tuple[str, int, float]] = []
    for script in scripts():
        print(f"=== {script.name} ===", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script), *argv], cwd=BENCH_DIR.parent)
        results.append((script.name, rc, time.perf_counter() - t0))
        print(flush=True)
    print("=== summary ===")
    for name, rc, seconds in results:
        print(f"{'PASS' if rc == 0 else 'FAIL'} {name} (exit {rc}, {seconds:.0f} s)")
    failed = [name for name, rc, _ in results if rc != 0]
    if not results:
        print("no benchmarks found")
        return 1
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
