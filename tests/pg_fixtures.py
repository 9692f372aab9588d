"""The PostgreSQL fixtures (pg_server, pg_url), registered by tests/conftest.py through
pytest_plugins: tests/pg_server.py's server, one fresh database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from pg_server import REQUIRE_ENV, NoPostgres, Server, open_server

_started: list[Server] = []


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """The session's PostgreSQL server; skips (or fails, under CI) when there is none."""
    servers = open_server()
    try:
        server = next(servers)
    except NoPostgres as exc:
        message = f"PostgreSQL tests need a server: {exc}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_ENV}=1 makes this a failure)", pytrace=False)
        pytest.skip(message)
    _started.append(server)
    try:
        yield server
    finally:
        servers.close()


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    url = pg_server.databases.fresh()
    try:
        yield url
    finally:
        pg_server.databases.drop(url)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say which PostgreSQL the tests used and how long it took to have it."""
    for server in _started:
        where = "throwaway cluster" if server.cluster else "MONITOR_TEST_DATABASE_URL"
        terminalreporter.write_line(
            f"PostgreSQL: {where} ready in {server.started_in:.2f}s "
            f"({server.databases.created} test databases)"
        )
