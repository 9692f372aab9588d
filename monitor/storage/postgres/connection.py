"""The PostgreSQL connection pool, transactions that nest, and row helpers.

Connections are in autocommit mode: a lone read or write commits by itself, and
`_transaction()` (BEGIN … COMMIT, a savepoint when nested) pins one pooled connection to
the calling thread until the outermost block ends, so the calls inside share it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from monitor.errors import StateError
from monitor.storage.postgres import schema

CONNECT_TIMEOUT = 10  # seconds, unless the URL says otherwise


def placeholders(sql: str) -> str:
    """A statement written with SQLite's ? placeholders (the engine-neutral ones, see
    monitor/storage/dialect.py) in psycopg's %s. A statement already written with %s is
    PostgreSQL's own and passes unchanged, so a jsonb ? operator there stays one."""
    if "%s" in sql or "%(" in sql:
        return sql
    return sql.replace("?", "%s")


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL database"
    info.pop("password", None)
    user = f"{info['user']}@" if info.get("user") else ""
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname', '')}"


class Connection:
    """A pool of autocommit connections to one database, migrated on open."""

    engine = "postgresql"
    # The database itself failing (connection lost, server gone, pool exhausted: the
    # pool's timeout is an OperationalError too).
    errors: tuple[type[Exception], ...] = (psycopg.Error,)
    _TRUE = "TRUE"
    _FALSE = "FALSE"

    def __init__(self, url: str, *, max_size: int = 8) -> None:
        self.url = url
        self._where = redacted(url)
        self._local = threading.local()
        try:
            conninfo = make_conninfo(url)
            if "connect_timeout" not in conninfo_to_dict(conninfo):
                conninfo = make_conninfo(conninfo, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.ProgrammingError as exc:
            raise StateError(f"database URL {self._where}: {exc}") from exc
        # One direct connection first: a wrong URL or a stopped server is reported at once,
        # in the server's words, instead of after the pool's retries; it also migrates.
        try:
            first = psycopg.connect(conninfo, autocommit=True)
        except psycopg.OperationalError as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise StateError(
                f"cannot connect to {self._where} ({reason}); check that the server runs "
                "and the URL (user, host, port, database) is right"
            ) from exc
        with first:
            schema.migrate(first, self._where)
        self.pool = ConnectionPool(
            conninfo, min_size=1, max_size=max_size, kwargs={"autocommit": True},
            open=True, name="monitor",
        )

    @property
    def location(self) -> str:
        return self._where

    @property
    def schema_version(self) -> int:
        with self._conn() as conn:
            return schema.current_version(conn)

    def close(self) -> None:
        self.pool.close()

    @contextlib.contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        """The thread's transaction connection, or a pooled one for a lone statement."""
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        with self.pool.connection() as conn:
            yield conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection]:
        """BEGIN … COMMIT on one connection; inside another, a savepoint."""
        held = getattr(self._local, "conn", None)
        if held is not None:
            with held.transaction():
                yield held
            return
        with self.pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield conn
            finally:
                self._local.conn = None

    @contextlib.contextmanager
    def _write(self) -> Iterator[psycopg.Connection]:
        """For a write that cannot half-happen (one statement, or an idempotent insert then
        update): joins a transaction under way without a savepoint (one per hit adds up
        when matching), else is its own transaction."""
        held = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        with self._transaction() as conn:
            yield conn

    # A failed statement spoils the whole transaction here: inside one, a savepoint.
    _contained_write = _transaction

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._transaction():
            yield

    @staticmethod
    def _execute(
        conn: psycopg.Connection, sql: str, params: Sequence[Any] = ()
    ) -> psycopg.Cursor[Any]:
        return conn.execute(placeholders(sql), params)

    @staticmethod
    def _executemany(conn: psycopg.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """One statement for many rows."""
        with conn.cursor() as cur:
            cur.executemany(placeholders(sql), rows)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn() as conn:
            return conn.execute(placeholders(sql), params).fetchall()

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._conn() as conn, conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(placeholders(sql), params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._rows(sql, params)
        return rows[0][0] if rows else None

    @staticmethod
    def _in(column: str, values: Iterable[Any]) -> tuple[str, Any]:
        """The values as one array parameter."""
        return f"{column} = ANY(?)", list(values)

    @staticmethod
    def _first(row: Sequence[Any] | None) -> Any:
        if row is None:
            raise psycopg.DataError("a statement that always returns a row returned none")
        return row[0]
