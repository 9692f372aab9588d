"""The PostgreSQL engine: psycopg 3 with a connection pool, for several daemons on
several machines sharing one database.

Each concern is its own module (sources, entries, polls, alerts, deliveries, daemons), all on
the pool of `connection.Connection`; `PostgresStorage` puts them together. Opening
migrates the schema (schema.py) under an advisory lock.
"""

from __future__ import annotations

from monitor.storage.postgres.alerts import Alerts
from monitor.storage.postgres.daemons import Daemons
from monitor.storage.postgres.deliveries import Deliveries
from monitor.storage.postgres.polls import Polls
from monitor.storage.postgres.schema import MIGRATIONS
from monitor.storage.postgres.upkeep import Upkeep

__all__ = ["MIGRATIONS", "PostgresStorage", "open_postgres"]


class PostgresStorage(Upkeep, Daemons, Deliveries, Alerts, Polls):
    """The `Storage` interface on PostgreSQL."""


def open_postgres(url: str) -> PostgresStorage:
    """Connect to the database at `url` and bring its schema up to date."""
    return PostgresStorage(url)
