"""The outbox and saved digests on SQLite: the engine-neutral `DeliveryStore` on this
engine's connection."""

from __future__ import annotations

import sqlite3

from monitor.storage.deliveries import DeliveryStore
from monitor.storage.sqlite.connection import Connection


class Deliveries(Connection, DeliveryStore):
    """What goes to which channel, claimed and settled; and the digests it carries."""

    @staticmethod
    def _lock_new_alerts(conn: sqlite3.Connection, shared: bool) -> None:
        """Nothing to take: a write transaction (BEGIN IMMEDIATE) already keeps out every
        other writer, so no alert id is handed out while a channel's mark moves."""
