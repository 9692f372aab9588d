"""The PostgreSQL test server itself: a fresh, empty, writable database per test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg


def test_each_test_gets_an_empty_database(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        conn.execute("CREATE TABLE scratch (x int)")
        conn.execute("INSERT INTO scratch VALUES (1)")
        assert conn.execute("SELECT sum(x) FROM scratch").fetchone() == (1,)
    assert tables == (0,)


def test_the_next_test_does_not_see_the_last_ones_tables(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('scratch')").fetchone() == (None,)


def _run_without_postgres(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """This file's first test in a child pytest that finds no PostgreSQL binaries."""
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_TEST_")}
    child_env.update(env, MONITOR_TEST_POSTGRES_BIN=str(tmp_path / "nothing"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         f"{__file__}::test_each_test_gets_an_empty_database"],
        capture_output=True, text=True, env=child_env, cwd=Path(__file__).parents[2],
        timeout=120,
    )


def test_without_postgres_the_tests_skip_and_say_why(tmp_path: Path) -> None:
    result = _run_without_postgres(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "no PostgreSQL server binaries" in result.stdout


def test_ci_turns_that_skip_into_a_failure(tmp_path: Path) -> None:
    result = _run_without_postgres(tmp_path, MONITOR_TEST_REQUIRE_POSTGRES="1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "MONITOR_TEST_REQUIRE_POSTGRES=1 makes this a failure" in result.stdout
