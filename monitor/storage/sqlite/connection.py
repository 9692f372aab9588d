"""The SQLite connection: open the file (WAL), migrate it, and group writes in transactions."""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import StateError
from monitor.storage.sqlite import fulltext
from monitor.storage.sqlite.schema import MIGRATIONS
from monitor.storage.trouble import StoreUnavailable, Trouble

if TYPE_CHECKING:
    import sqlite_utils

DB_NAME = "monitor.db"
SQLITE_HEADER = b"SQLite format 3\x00"
CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit


def marks(count: int) -> str:
    """"?, ?, ?" for an IN list of `count` values."""
    return ",".join("?" * count)


def check_database_file(path: Path) -> None:
    """Refuse a file that is there but is no SQLite database, or is empty: SQLite would take
    a 0-byte file for a new database and start over (every alert pushed again)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return  # a new database
    except OSError as exc:
        raise StateError(f"cannot read {path}: {exc}") from exc
    if not header:
        raise StateError(
            f"{path} is empty (0 bytes), not a database: restore it from a backup, or delete "
            "it to start a fresh one (alerts already sent would be sent again)"
        )
    if header != SQLITE_HEADER:
        raise StateError(
            f"{path} is not a SQLite database: restore it from a backup, or run "
            "`monitor db recover` if it was damaged (or give this monitor another --state)"
        )


def _sqlite_utils() -> Any:
    """sqlite-utils, imported when a migration needs it (opening a database that is up to
    date does not: the import is 50 ms of every command's start), with numpy hidden. It
    imports numpy, when installed, only to map numpy's number types to column types, and
    monitor stores none; numpy is installed for derive's language guesser, and importing
    it took about 0.1 s. If numpy is already imported, sqlite-utils gets it."""
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return importlib.import_module("sqlite_utils")
    sys.modules["numpy"] = None  # type: ignore[assignment]  # importing it now fails at once
    try:
        return importlib.import_module("sqlite_utils")
    finally:
        del sys.modules["numpy"]


class Connection:
    """One SQLite connection to state_dir/monitor.db, migrated on open; one writer."""

    engine = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    _TRUE = "1"
    _FALSE = "0"

    def __init__(self, state_dir: Path, path: Path | None = None) -> None:
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot create state directory {state_dir}: {exc}") from exc
        self.path = path if path is not None else state_dir / DB_NAME
        check_database_file(self.path)
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            problem = StoreUnavailable.of(exc, str(self.path))
            if problem.trouble in (Trouble.FULL, Trouble.READ_ONLY):
                raise problem from exc
            raise StateError(
                f"{self.path} is damaged ({exc}); stop the daemon and run `monitor db recover` "
                "(starting over with a fresh file would push every alert again)"
            ) from exc
        conn.execute("PRAGMA foreign_keys=ON")
        fulltext.register(conn)  # the search index holds folded tokens
        conn.execute("PRAGMA synchronous=NORMAL")
        self.conn = conn
        self._savepoints = 0
        self._migrate()

    @property
    def location(self) -> str:
        return str(self.path)

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so no upgrade deadlock.

        Inside another transaction this is a savepoint: it still succeeds or fails as a
        whole, and the outer transaction commits it (many small polls, one commit)."""
        with self._transaction():
            yield

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        if conn.in_transaction:
            self._savepoints += 1
            name = f"nested_{self._savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                # Some errors (disk full, I/O) make SQLite roll back the whole transaction
                # itself: then there is no savepoint left, and the error must stay the one seen.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # not already rolled back by SQLite (see above)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """For a write that cannot half-happen (one statement, or an insert-else-update):
        joins a transaction under way without a savepoint (one per hit adds up), else
        is its own."""
        if self.conn.in_transaction:
            yield self.conn
            return
        with self._transaction() as conn:
            yield conn

    # A failed statement undoes only itself: the caller's transaction goes on regardless.
    _contained_write = _write

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StateError(
                f"{self.path} has schema version {version}, newer than this monitor knows "
                f"({len(MIGRATIONS)}); upgrade monitor or use another --state directory"
            )
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with self._transaction():
                MIGRATIONS[number - 1](self.db)
                self.conn.execute(f"PRAGMA user_version = {number}")

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on our connection, made on first use (the migrations' table
        changes, a test's look-up): opening a database that is up to date needs none. No
        plugins: whatever else is installed must not change our connection (and finding
        them scans every installed package: 30 ms)."""
        database: sqlite_utils.Database = _sqlite_utils().Database(
            self.conn, execute_plugins=False
        )
        return database

    @staticmethod
    def _executemany(conn: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """One statement (written with ? placeholders) for many rows."""
        conn.executemany(sql, rows)

    @staticmethod
    def _execute(
        conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
    ) -> sqlite3.Cursor:
        return conn.execute(sql, params)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor]

    def _one(self, sql: str, params: Any = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @staticmethod
    def _in(column: str, values: Iterable[Any]) -> tuple[str, Any]:
        """The values as one JSON array (no limit on how many, unlike ?, ?, …)."""
        return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(values))

    @staticmethod
    def _first(row: Sequence[Any] | None) -> Any:
        if row is None:
            raise sqlite3.DataError("a statement that always returns a row returned none")
        return row[0]
