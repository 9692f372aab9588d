"""Daemons sharing the database, on SQLite: the engine-neutral `DaemonStore` on this
engine's connection."""

from __future__ import annotations

from monitor.storage.daemons import DaemonStore
from monitor.storage.sqlite.connection import Connection


class Daemons(Connection, DaemonStore):
    """Who is running against this database, and since when."""
