"""Daemons sharing the database, on either engine: a heartbeat each, listed for
`monitor status`."""

from __future__ import annotations

from datetime import datetime, timedelta

from monitor.schedule import iso
from monitor.storage.dialect import Dialect
from monitor.storage.records import DaemonRecord


class DaemonStore(Dialect):
    """Who is running against this database, and since when."""

    def heartbeat(self, daemon: DaemonRecord) -> None:
        with self._contained_write() as conn:
            self._execute(
                conn,
                "INSERT INTO daemons (id, host, pid, started, heartbeat, rules_fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, "
                "pid = excluded.pid, started = excluded.started, heartbeat = excluded.heartbeat, "
                "rules_fingerprint = excluded.rules_fingerprint",
                (daemon.id, daemon.host, daemon.pid, daemon.started, daemon.heartbeat,
                 daemon.rules_fingerprint),
            )

    def daemons(self, now: datetime) -> list[DaemonRecord]:
        rows = self._rows(
            "SELECT d.id, d.host, d.pid, d.started, d.heartbeat, d.rules_fingerprint, "
            "(SELECT count(*) FROM fetches f WHERE f.daemon_id = d.id AND f.at >= ?) "
            "FROM daemons d ORDER BY d.heartbeat DESC, d.id",
            (iso(now - timedelta(hours=1)),),
        )
        return [DaemonRecord(*row) for row in rows]

    def forget_daemon(self, daemon_id: str) -> None:
        with self._transaction() as conn:
            self._execute(
                conn,
                "UPDATE sources SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = ?", (daemon_id,),
            )
            self._execute(conn, "DELETE FROM daemons WHERE id = ?", (daemon_id,))
