"""Sources on SQLite: the engine-neutral `SourceStore`, and which sources are due and
their claim, read in due order from the sources_due_order index (a poll's write is in
polls.py)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

from monitor.models import Source
from monitor.schedule import iso
from monitor.storage.records import source_of
from monitor.storage.sources import SourceStore
from monitor.storage.sqlite.connection import Connection

_DUE = (
    "active = 1 AND state != 'disabled' AND (next_check IS NULL OR next_check <= ?) "
    "AND (claimed_until IS NULL OR claimed_until <= ?)"
)
# Due sources in due order, read from the index in that order (never a sort of every due
# row, which grows with the table), each host's held back once its live claims (any daemon's) and
# those picked before it reach per_host; local sources (no host) are never held back.
_CLAIMABLE = (
    "WITH busy AS (SELECT host, count(*) AS n FROM sources "
    "  WHERE claimed_until IS NOT NULL AND claimed_until > :now AND host <> '' GROUP BY host), "
    "due AS (SELECT id, coalesce(host, '') AS host, next_check "
    "  FROM sources INDEXED BY sources_due_order WHERE {due} "
    "  ORDER BY next_check, id LIMIT :scan), "
    "ranked AS (SELECT due.id, due.host, due.next_check, coalesce(busy.n, 0) AS n, "
    "  row_number() OVER (PARTITION BY due.host ORDER BY due.next_check, due.id) AS turn "
    "  FROM due LEFT JOIN busy ON busy.host = due.host) "
    "SELECT id FROM ranked WHERE host = '' OR :per_host IS NULL OR n + turn <= :per_host "
    "ORDER BY next_check, id LIMIT :limit"
)


def _scan(limit: int, per_host: int | None) -> int:
    """How many due sources to look at for `limit` claims: more than `limit` when per_host
    may hold some back, so one busy host does not starve the others."""
    return int(limit) if per_host is None else int(limit) * 4 + 100


class Sources(Connection, SourceStore):
    """Sources and schedule: what is due, who claimed it, what each poll did."""

    _ADD_SOURCE_CONFLICT = ""  # BEGIN IMMEDIATE: no other writer adds it meanwhile

    def due_sources(self, now: datetime) -> list[Source]:
        stamp = iso(now)
        rows = self._dicts(
            f"SELECT * FROM sources WHERE {_DUE} ORDER BY next_check, id", [stamp, stamp]
        )
        return [source_of(row) for row in rows]

    def claim_due_sources(
        self,
        daemon_id: str,
        now: datetime,
        limit: int,
        lease: timedelta,
        per_host: int | None = None,
    ) -> list[Source]:
        stamp = iso(now)
        with self._transaction() as conn:  # BEGIN IMMEDIATE: no other writer in between
            ids = [row[0] for row in conn.execute(
                _CLAIMABLE.format(due=_DUE.replace("?", ":now")),
                {"now": stamp, "scan": _scan(limit, per_host), "per_host": per_host,
                 "limit": int(limit)},
            )]
            conn.executemany(
                "UPDATE sources SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                [(daemon_id, iso(now + lease), source_id) for source_id in ids],
            )
            conn.row_factory = sqlite3.Row
            try:
                rows = {
                    row["id"]: source_of(dict(row)) for row in conn.execute(
                        "SELECT * FROM sources WHERE id IN (SELECT value FROM json_each(?))",
                        (json.dumps(ids),),
                    )
                }
            finally:
                conn.row_factory = None
        return [rows[source_id] for source_id in ids]
