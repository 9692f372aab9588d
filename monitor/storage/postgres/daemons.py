"""Daemons sharing the database: a heartbeat each, listed for `monitor status`, on PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from monitor.schedule import iso
from monitor.storage.postgres.connection import Connection
from monitor.storage.records import DaemonRecord


class Daemons(Connection):
    """Who is running against this database, and since when."""

    def heartbeat(self, daemon: DaemonRecord) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO daemons (id, host, pid, started, heartbeat, rules_fingerprint) "
                "VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET host = excluded.host, "
                "pid = excluded.pid, started = excluded.started, heartbeat = excluded.heartbeat, "
                "rules_fingerprint = excluded.rules_fingerprint",
                (daemon.id, daemon.host, daemon.pid, daemon.started, daemon.heartbeat,
                 daemon.rules_fingerprint),
            )

    def daemons(self, now: datetime) -> list[DaemonRecord]:
        rows = self._rows(
            "SELECT d.id, d.host, d.pid, d.started, d.heartbeat, d.rules_fingerprint, "
            "(SELECT count(*) FROM fetches f WHERE f.daemon_id = d.id AND f.at >= %s) "
            "FROM daemons d ORDER BY d.heartbeat DESC, d.id",
            (iso(now - timedelta(hours=1)),),
        )
        return [DaemonRecord(*row) for row in rows]

    def forget_daemon(self, daemon_id: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE sources SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = %s", (daemon_id,),
            )
            conn.execute("DELETE FROM daemons WHERE id = %s", (daemon_id,))
