"""The contract suite's fixtures: the same tests run once per storage engine.

`storage` is a fresh, migrated, empty database of the engine under test; `connect()` opens
another handle on that same database (a second daemon's view of it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor.storage import Storage, open_storage

# The engines every contract test runs on. PostgreSQL: a fresh database per test on the
# session's server (tests/pg_server.py), skipped without one unless CI requires it.
ENGINES = ["sqlite", "postgresql"]


def _database_url(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | None:
    """The URL `open_storage` gets for this engine (None: SQLite in tmp_path)."""
    if engine == "sqlite":
        return None
    if engine == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    raise pytest.UsageError(f"no database for engine {engine!r}")  # pragma: no cover


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def connect(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Storage]]:
    """Open another handle on the test's one database; all are closed at the end, but
    those opened with `closed_by_caller` (in a thread of their own: a SQLite handle is
    closed in the thread that opened it)."""
    url = _database_url(engine, tmp_path, request)
    opened: list[Storage] = []

    def open_one(closed_by_caller: bool = False) -> Storage:
        handle = open_storage(url, tmp_path / "state")
        if not closed_by_caller:
            opened.append(handle)
        return handle

    yield open_one
    for handle in opened:
        handle.close()


@pytest.fixture
def storage(connect: Callable[[], Storage]) -> Storage:
    return connect()
