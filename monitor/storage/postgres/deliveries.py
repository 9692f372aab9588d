"""The outbox and saved digests on PostgreSQL: the engine-neutral `DeliveryStore` on
this engine's pool, with the advisory lock that orders new alerts and their queueing."""

from __future__ import annotations

import psycopg

from monitor.storage.deliveries import DeliveryStore
from monitor.storage.postgres.connection import Connection
from monitor.storage.postgres.schema import NEW_ALERTS_LOCK


class Deliveries(Connection, DeliveryStore):
    """What goes to which channel, claimed and settled; and the digests it carries."""

    @staticmethod
    def _lock_new_alerts(conn: psycopg.Connection, shared: bool) -> None:
        """Ids are handed out before commit: queueing waits for every transaction adding
        alerts or digests (they take it shared), so no mark moves past an id committed late."""
        lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        conn.execute(f"SELECT {lock}(%s)", (NEW_ALERTS_LOCK,))
