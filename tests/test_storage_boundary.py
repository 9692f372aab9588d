"""All SQL lives in monitor/storage/: no SQL statement, `.execute(` or database driver
import anywhere else in the package (issue 10: one storage layer, two engines)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"
STORAGE = PACKAGE / "storage"
DRIVERS = {"sqlite3", "sqlite_utils", "psycopg", "psycopg_pool", "psycopg2"}
# A string that reads as an SQL statement: the verb, then the words that always follow it.
SQL = re.compile(
    r"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(UNIQUE\s+|VIRTUAL\s+)?(TABLE|INDEX|TRIGGER|VIEW)|ALTER\s+TABLE|PRAGMA\s+\w+)\b"
)


def _outside_storage() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if STORAGE not in p.parents)


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in DRIVERS:
                    found.append(f"{where}: imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in DRIVERS:
                found.append(f"{where}: imports from {node.module}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.search(node.value):
                found.append(f"{where}: SQL in a string: ({node.value[:60]!r})")
        elif isinstance(node, ast.JoinedStr):
            text = "x".join(  # a placeholder where each {value} goes
                part.value for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if SQL.search(text):
                found.append(f"{where}: SQL in an f-string: ({text[:60]!r})")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("execute", "executemany", "executescript")):
            found.append(f"{where}: calls .{node.func.attr}(")
    return found


def test_no_sql_or_driver_outside_the_storage_package() -> None:
    problems = [problem for path in _outside_storage() for problem in _problems(path)]
    assert problems == [], "SQL belongs in monitor/storage/:\n" + "\n".join(problems)


def test_the_check_sees_sql_drivers_and_execute(tmp_path: Path) -> None:
    """The scanner itself finds each kind of leak (else an empty report proves nothing)."""
    leaky = tmp_path / "leaky.py"
    leaky.write_text(
        "import sqlite3\n"
        "from psycopg import sql\n"
        "Q = 'SELECT id FROM alerts WHERE rule_id = ?'\n"
        "def f(conn, t):\n"
        "    conn.execute(f'UPDATE {t} SET status = 1')\n"
        "    return 'INSERT OR IGNORE INTO meta (key) VALUES (1)'\n",
        encoding="utf-8",
    )
    kinds = sorted(problem.split(": ")[1].split(" (")[0] for problem in _problems(leaky))
    assert kinds == sorted([
        "imports sqlite3", "imports from psycopg", "SQL in a string", "calls .execute(",
        "SQL in an f-string", "SQL in a string",
    ])


def test_ordinary_words_are_not_taken_for_sql() -> None:
    for text in ("Select the rules to run", "update the config, then run", "from the feed",
                 "Created a digest", "delete the file from disk"):
        assert not SQL.search(text), text
