"""Sources on PostgreSQL: the engine-neutral `SourceStore`, and which sources are due and
their claim.

A due source is claimed by one daemon with a lease: the claim reads the `sources_due`
index (never the whole table) and skips rows another daemon is claiming right now
(`FOR UPDATE SKIP LOCKED`), so two daemons never get the same source.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from psycopg.rows import dict_row

from monitor.models import Source
from monitor.schedule import iso
from monitor.storage.postgres.connection import Connection
from monitor.storage.postgres.schema import CLAIM_LOCK
from monitor.storage.records import source_of
from monitor.storage.sources import SourceStore

# The expression and predicate of the sources_due index, so the planner can use it.
_DUE = (
    "active AND state <> 'disabled' AND coalesce(next_check, '') <= %(now)s "
    "AND (claimed_until IS NULL OR claimed_until <= %(now)s)"
)
# Due sources in order (from the sources_due index, rows another daemon is claiming
# skipped), each host's held back once its live claims (any daemon's, counted from the
# sources_claimed_host index) and those picked before it reach per_host; local sources
# (no host) are never held back.
_CLAIM = (
    "WITH due AS (SELECT id, coalesce(host, '') AS host, coalesce(next_check, '') AS due_at "
    f"  FROM sources WHERE {_DUE} "
    "  ORDER BY coalesce(next_check, ''), id LIMIT %(scan)s FOR UPDATE SKIP LOCKED), "
    "busy AS (SELECT host, count(*) AS n FROM sources WHERE claimed_until IS NOT NULL "
    "  AND claimed_until > %(now)s AND host IN (SELECT host FROM due WHERE host <> '') "
    "  GROUP BY host), "
    "ranked AS (SELECT due.id, due.host, due.due_at, coalesce(busy.n, 0) AS n, "
    "  row_number() OVER (PARTITION BY due.host ORDER BY due.due_at, due.id) AS turn "
    "  FROM due LEFT JOIN busy ON busy.host = due.host), "
    "chosen AS (SELECT id FROM ranked WHERE host = '' OR %(per_host)s::int IS NULL "
    "  OR n + turn <= %(per_host)s::int ORDER BY due_at, id LIMIT %(limit)s) "
    "UPDATE sources s SET claimed_by = %(daemon)s, claimed_until = %(until)s "
    "FROM chosen WHERE s.id = chosen.id RETURNING s.*"
)


class Sources(Connection, SourceStore):
    """Sources and schedule: what is due, who claimed it, what each poll did."""

    # Another daemon syncing the same config at the same time.
    _ADD_SOURCE_CONFLICT = " ON CONFLICT (url) DO NOTHING"

    def due_sources(self, now: datetime) -> list[Source]:
        rows = self._dicts(
            f"SELECT * FROM sources WHERE {_DUE} ORDER BY coalesce(next_check, ''), id",
            {"now": iso(now)},  # type: ignore[arg-type]
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
        params = {
            "now": iso(now), "until": iso(now + lease), "daemon": daemon_id,
            "limit": int(limit), "per_host": per_host,
            "scan": int(limit) if per_host is None else int(limit) * 4 + 100,
        }
        with self._transaction() as conn, conn.cursor(row_factory=dict_row) as cur:
            if per_host is not None:
                # Claims counted per host must not race: one claim at a time (taken in its
                # own statement, so the claim's snapshot sees the claims committed before).
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (CLAIM_LOCK,))
            rows = cur.execute(_CLAIM, params).fetchall()
        found = [source_of(row) for row in rows]
        return sorted(found, key=lambda s: (s.next_check or "", s.id))
