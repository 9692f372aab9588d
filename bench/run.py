"""Run every benchmark script in bench/ (all *.py but this one and _*.py) in turn.

`make bench` calls `.venv/bin/python bench/run.py`; exits non-zero if any benchmark failed.
Names given on the command line pick scripts, e.g. `bench/run.py poll` runs only poll.py.
Today: derive.py (a long seed against one), match.py (rules), poll.py (against reader),
scale.py (SQLite against PostgreSQL, one and two daemons, claims on a million sources; it
starts its own PostgreSQL cluster).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def scripts(names: list[str]) -> list[Path]:
    """The benchmark scripts in name order, limited to `names` (stems) when given."""
    this = Path(__file__).resolve()
    found = sorted(
        p for p in BENCH_DIR.glob("*.py") if p.resolve() != this and not p.name.startswith("_")
    )
    if names:
        wanted = {n.removesuffix(".py") for n in names}
        found = [p for p in found if p.stem in wanted]
    return found


def main(argv: list[str]) -> int:
    """Run each script with this interpreter; print a summary; return 1 if any failed."""
    results: list[tuple[str, int, float]] = []
    for script in scripts(argv):
        print(f"=== {script.name} ===", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script)], cwd=BENCH_DIR.parent)
        results.append((script.name, rc, time.perf_counter() - t0))
        print(flush=True)
    if not results:
        print(f"no benchmarks found{' for ' + ' '.join(argv) if argv else ''}")
        return 1
    print("=== summary ===")
    for name, rc, seconds in results:
        print(f"{'PASS' if rc == 0 else 'FAIL'} {name} (exit {rc}, {seconds:.0f} s)")
    failed = sum(1 for _, rc, _ in results if rc != 0)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
