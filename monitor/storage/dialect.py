"""What each engine gives the storage logic written once for both (polls, deliveries,
alerts, sources, entries, daemons): statements run with SQLite's `?` placeholders, a list
as one parameter, its boolean literals, and its kinds of transaction.

Statements written here hold no `?` but placeholders: PostgreSQL turns each into `%s`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Protocol


class Cursor(Protocol):
    """What the shared code reads from a statement's result (sqlite3's or psycopg's)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Dialect:
    """Given by the engine's `Connection`, which comes before the shared classes in a
    storage's bases; `conn` is the connection its transactions yield."""

    # The engine's boolean literals ("1"/"0" on SQLite, whose partial indexes are written
    # with them; "TRUE"/"FALSE" on PostgreSQL).
    _TRUE: ClassVar[str]
    _FALSE: ClassVar[str]

    def _transaction(self) -> contextlib.AbstractContextManager[Any]:
        """A transaction of its own; inside another, a savepoint."""
        raise NotImplementedError

    def _write(self) -> contextlib.AbstractContextManager[Any]:
        """A write that cannot half-happen: joins a transaction under way, no savepoint."""
        raise NotImplementedError

    def _contained_write(self) -> contextlib.AbstractContextManager[Any]:
        """A write whose failure must leave a caller's transaction usable: SQLite's
        `_write` (a failed statement undoes only itself), PostgreSQL's `_transaction` (a
        savepoint, since there a failed statement spoils the whole transaction)."""
        raise NotImplementedError

    def _execute(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """One statement on the transaction's connection."""
        raise NotImplementedError

    def _executemany(self, conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """One statement for many rows."""
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """A read's rows (in the thread's transaction, if one is under way)."""
        raise NotImplementedError

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """A read's rows as column -> value."""
        raise NotImplementedError

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        raise NotImplementedError

    def _in(self, column: str, values: Iterable[Any]) -> tuple[str, Any]:
        """`column` is one of `values`, as a condition with one parameter, and that
        parameter (any number of values: no list of placeholders)."""
        raise NotImplementedError

    def _first(self, row: Sequence[Any] | None) -> Any:
        """The first column of a row the statement always returns (an aggregate, a
        RETURNING after a conflict); the engine's error if there is none."""
        raise NotImplementedError
