"""Sources, their schedule and claims, and the fetch log, on PostgreSQL.

A due source is claimed by one daemon with a lease: the claim reads the `sources_due`
index (never the whole table) and skips rows another daemon is claiming right now
(`FOR UPDATE SKIP LOCKED`), so two daemons never get the same source.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta

from psycopg.rows import dict_row

from monitor.config import SourceSpec
from monitor.models import Source
from monitor.schedule import iso
from monitor.storage.hosts import source_host
from monitor.storage.postgres.connection import Connection
from monitor.storage.postgres.schema import CLAIM_LOCK
from monitor.storage.records import Fetch, SourceChoice, SourceFailure, StatusRow, source_of

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
_FETCH_COLUMNS = (
    "id, source_id, at, url, outcome, status, bytes, duration_ms, new_entries, "
    "updated_entries, error, daemon_id"
)


class Sources(Connection):
    """Sources and schedule: what is due, who claimed it, what each poll did."""

    def sync_sources(self, specs: Iterable[SourceSpec], now: datetime) -> None:
        specs = list(specs)
        with self._transaction() as conn:
            known = {
                row[0]: (row[1], tuple(row[2:]))
                for row in conn.execute(
                    "SELECT url, id, title, tags, interval, kind, options, active FROM sources"
                )
            }
            listed = set()
            for spec in specs:
                values = (
                    spec.title, json.dumps(list(spec.tags)), spec.interval, spec.kind.value,
                    json.dumps(spec.options, sort_keys=True),
                )
                listed.add(spec.url)
                if spec.url not in known:
                    # ON CONFLICT: another daemon syncing the same config at the same time.
                    conn.execute(
                        "INSERT INTO sources (url, title, tags, interval, kind, options, added, "
                        "next_check, host) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                        "ON CONFLICT (url) DO NOTHING",
                        (spec.url, *values, iso(now), iso(now), source_host(spec.url)),
                    )
                elif known[spec.url][1] != (*values, True):
                    conn.execute(
                        "UPDATE sources SET title = %s, tags = %s, interval = %s, kind = %s, "
                        "options = %s, active = TRUE WHERE id = %s",
                        (*values, known[spec.url][0]),
                    )
            gone = [(source_id,) for url, (source_id, current) in known.items()
                    if url not in listed and current[-1]]
            if gone:
                with conn.cursor() as cur:
                    cur.executemany("UPDATE sources SET active = FALSE WHERE id = %s", gone)
            # Sources from before the host column, or copied in: their host, once.
            unknown = conn.execute(
                "SELECT id, coalesce(fetch_url, url) FROM sources WHERE host IS NULL"
            ).fetchall()
            if unknown:
                with conn.cursor() as cur:
                    cur.executemany(
                        "UPDATE sources SET host = %s WHERE id = %s",
                        [(source_host(url), source_id) for source_id, url in unknown],
                    )

    def sources(self, urls: Iterable[str] | None = None) -> list[Source]:
        rows = self._dicts("SELECT * FROM sources WHERE active ORDER BY id")
        sources = [source_of(row) for row in rows]
        if urls is None:
            return sources
        wanted = set(urls)
        return [s for s in sources if s.url in wanted or s.fetch_url in wanted]

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

    def release_claims(self, daemon_id: str) -> int:
        with self._transaction() as conn:
            return conn.execute(
                "UPDATE sources SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = %s", (daemon_id,),
            ).rowcount

    def next_due(self) -> str | None:
        value = self._one(
            "SELECT min(next_check) FROM sources WHERE active AND state <> 'disabled'"
        )
        return str(value) if value is not None else None

    def status(self) -> list[StatusRow]:
        rows = self._dicts(
            "SELECT s.*, (SELECT count(*) FROM entries e WHERE e.source_id = s.id) AS n "
            "FROM sources s WHERE s.active ORDER BY s.id"
        )
        return [StatusRow(source_of(row), row["n"], row["warning"]) for row in rows]

    def source_choices(self) -> list[SourceChoice]:
        rows = self._rows("SELECT url, coalesce(title, feed_title, url) FROM sources ORDER BY id")
        return [SourceChoice(url, name) for url, name in rows]

    def enable(self, source_id: int, now: datetime) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE sources SET state = 'never', error_count = 0, next_check = %s "
                "WHERE id = %s AND state = 'disabled'",
                (iso(now), source_id),
            )

    def disable(self, source_id: int, now: datetime) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE sources SET state = 'disabled', next_check = NULL WHERE id = %s",
                (source_id,),
            )

    # -- fetch log --------------------------------------------------------------------------

    def fetch_log(self, source_id: int, limit: int = 20) -> list[Fetch]:
        rows = self._rows(
            f"SELECT {_FETCH_COLUMNS} FROM fetches WHERE source_id = %s "
            "ORDER BY id DESC LIMIT %s",
            (source_id, limit),
        )
        return [Fetch(*row) for row in rows]

    def prune_fetch_log(self, now: datetime, days: int, per_source: int = 0) -> int:
        cutoff = iso(now - timedelta(days=days))
        with self._transaction() as conn:
            dropped = conn.execute("DELETE FROM fetches WHERE at < %s", (cutoff,)).rowcount
            if per_source > 0:
                # Per source through its (source_id, at) index: the oldest row to keep.
                for (source_id,) in conn.execute("SELECT id FROM sources").fetchall():
                    dropped += conn.execute(
                        "DELETE FROM fetches WHERE source_id = %s AND at < ("
                        "SELECT at FROM fetches WHERE source_id = %s "
                        "ORDER BY at DESC LIMIT 1 OFFSET %s)",
                        (source_id, source_id, per_source - 1),
                    ).rowcount
        return int(dropped)

    def failing_sources(self, start: datetime, end: datetime) -> list[SourceFailure]:
        window = (iso(start), iso(end))
        rows = self._rows(
            "SELECT s.id, s.url, coalesce(s.title, s.feed_title), s.last_error, s.state, "
            "(SELECT count(*) FROM fetches f WHERE f.source_id = s.id "
            " AND f.outcome IN ('error', 'gone') AND f.at >= %s AND f.at < %s) AS failures "
            "FROM sources s WHERE s.active ORDER BY s.id",
            window,
        )
        found = []
        for source_id, url, title, last_error, state, failures in rows:
            if not failures and state not in ("error", "disabled"):
                continue
            last = self._rows(
                "SELECT at, error FROM fetches WHERE source_id = %s "
                "AND outcome IN ('error', 'gone') AND at < %s ORDER BY at DESC, id DESC LIMIT 1",
                (source_id, window[1]),
            )
            since = None
            if last:
                ok = self._one(
                    "SELECT max(at) FROM fetches WHERE source_id = %s "
                    "AND outcome IN ('ok', 'not_modified') AND at <= %s",
                    (source_id, last[0][0]),
                )
                since = self._one(
                    "SELECT min(at) FROM fetches WHERE source_id = %s "
                    "AND outcome IN ('error', 'gone') AND at > %s AND at <= %s",
                    (source_id, ok or "", last[0][0]),
                )
            error = (last[0][1] if last and failures else None) or last_error or "unknown error"
            found.append(SourceFailure(url, title, error, since, int(failures)))
        return found
