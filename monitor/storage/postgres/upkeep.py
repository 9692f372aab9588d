"""Keeping a PostgreSQL database small: old entries deleted, sizes and counts. The server
checks and checkpoints itself, and backs up with its own tools (pg_dump)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from monitor.errors import MonitorError
from monitor.schedule import iso
from monitor.storage.postgres.entries import Entries
from monitor.storage.records import DatabaseUsage

COUNTED = ("sources", "entries", "fetches", "hits", "alerts", "deliveries", "digests")


class Upkeep(Entries):
    """Entry pruning and usage on PostgreSQL; integrity and checkpoints are the server's."""

    def integrity(self, full: bool = False) -> list[str]:
        # Damage shows as data_corrupted / index_corrupted errors on the statement that
        # meets it; reading every table here would cost the server a full scan.
        self._one("SELECT 1")
        return []

    def checkpoint(self) -> None:
        """The server recycles its WAL itself (checkpoint_timeout, max_wal_size)."""

    def prune_entries(self, before: datetime) -> int:
        # The search vector is a column of the row: it goes with it.
        with self._transaction() as conn:
            return int(conn.execute(
                "DELETE FROM entries e WHERE e.first_seen < %s AND NOT e.match_pending "
                "AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.entry_id = e.id)",
                (iso(before),),
            ).rowcount)

    def usage(self) -> DatabaseUsage:
        rows = {table: int(self._one(f"SELECT count(*) FROM {table}")) for table in COUNTED}
        size = int(self._one("SELECT pg_database_size(current_database())"))
        return DatabaseUsage(size=size, wal=0, rows=rows)

    def backup(self, target: Path) -> None:
        raise MonitorError(
            f"a PostgreSQL database is backed up with its own tools: "
            f"`pg_dump --format=custom --file {target} DBNAME` (restore with pg_restore)"
        )
