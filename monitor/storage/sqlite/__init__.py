"""The SQLite engine: one file in the state directory (WAL, sqlite-utils), one writer.

Each concern is its own module (sources, entries, polls, alerts, deliveries, daemons), all on
the one connection of `connection.Connection`; `SqliteStorage` puts them together.
"""

from __future__ import annotations

import importlib
import sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils with numpy hidden. It imports numpy, when installed, only to map
    numpy's number types to column types, and monitor stores none. numpy is installed for
    derive's language guesser, and importing it took about 0.1 s of every command's start
    (a tenth of an all-304 poll of 300 feeds). If numpy is already imported, sqlite-utils
    gets it."""
    if "numpy" in sys.modules:
        importlib.import_module("sqlite_utils")
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # importing it now fails at once
    try:
        importlib.import_module("sqlite_utils")
    finally:
        del sys.modules["numpy"]


_import_sqlite_utils()

from monitor.storage.sqlite.alerts import Alerts  # noqa: E402
from monitor.storage.sqlite.connection import DB_NAME  # noqa: E402
from monitor.storage.sqlite.daemons import Daemons  # noqa: E402
from monitor.storage.sqlite.deliveries import Deliveries  # noqa: E402
from monitor.storage.sqlite.polls import Polls  # noqa: E402
from monitor.storage.sqlite.schema import MIGRATIONS  # noqa: E402
from monitor.storage.sqlite.upkeep import Upkeep  # noqa: E402

__all__ = ["DB_NAME", "MIGRATIONS", "SqliteStorage"]


class SqliteStorage(Upkeep, Daemons, Deliveries, Alerts, Polls):
    """The `Storage` interface on SQLite."""
