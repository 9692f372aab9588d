"""The SQLite engine: one file in the state directory (WAL, sqlite-utils for its schema),
one writer.

Each concern is its own module (sources, entries, polls, alerts, deliveries, daemons), all on
the one connection of `connection.Connection`; `SqliteStorage` puts them together.
"""

from __future__ import annotations

from monitor.storage.sqlite.alerts import Alerts
from monitor.storage.sqlite.connection import DB_NAME
from monitor.storage.sqlite.daemons import Daemons
from monitor.storage.sqlite.deliveries import Deliveries
from monitor.storage.sqlite.polls import Polls
from monitor.storage.sqlite.schema import MIGRATIONS
from monitor.storage.sqlite.upkeep import Upkeep

__all__ = ["DB_NAME", "MIGRATIONS", "SqliteStorage"]


class SqliteStorage(Upkeep, Daemons, Deliveries, Alerts, Polls):
    """The `Storage` interface on SQLite."""
