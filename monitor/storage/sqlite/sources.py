"""Sources, their schedule and claims, and the fetch log, on SQLite (a poll's write is
in polls.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta

from monitor.config import SourceSpec
from monitor.models import Source
from monitor.schedule import iso
from monitor.storage.hosts import source_host
from monitor.storage.records import Fetch, SourceChoice, SourceFailure, StatusRow, source_of
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
_FETCH_COLUMNS = (
    "id, source_id, at, url, outcome, status, bytes, duration_ms, new_entries, "
    "updated_entries, error, daemon_id"
)


def _scan(limit: int, per_host: int | None) -> int:
    """How many due sources to look at for `limit` claims: more than `limit` when per_host
    may hold some back, so one busy host does not starve the others."""
    return int(limit) if per_host is None else int(limit) * 4 + 100


class Sources(Connection):
    """Sources and schedule: what is due, who claimed it, what each poll did."""

    def sync_sources(self, specs: Iterable[SourceSpec], now: datetime) -> None:
        specs = list(specs)
        with self._transaction() as conn:
            # Only what differs is written: with the config unchanged (the usual case) this
            # is one read, not a write per source before every command.
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
                    conn.execute(
                        "INSERT INTO sources (url, title, tags, interval, kind, options, added, "
                        "next_check, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (spec.url, *values, iso(now), iso(now), source_host(spec.url)),
                    )
                elif known[spec.url][1] != (*values, 1):
                    conn.execute(
                        "UPDATE sources SET title = ?, tags = ?, interval = ?, kind = ?, "
                        "options = ?, active = 1 WHERE id = ?",
                        (*values, known[spec.url][0]),
                    )
            gone = [(source_id,) for url, (source_id, current) in known.items()
                    if url not in listed and current[-1]]
            conn.executemany("UPDATE sources SET active = 0 WHERE id = ?", gone)
            # Sources from before the host column, or copied in: their host, once.
            unknown = conn.execute(
                "SELECT id, coalesce(fetch_url, url) FROM sources WHERE host IS NULL"
            ).fetchall()
            conn.executemany(
                "UPDATE sources SET host = ? WHERE id = ?",
                [(source_host(url), source_id) for source_id, url in unknown],
            )

    def sources(self, urls: Iterable[str] | None = None) -> list[Source]:
        rows = self.db.query("SELECT * FROM sources WHERE active = 1 ORDER BY id")
        sources = [source_of(row) for row in rows]
        if urls is None:
            return sources
        wanted = set(urls)
        return [s for s in sources if s.url in wanted or s.fetch_url in wanted]

    def due_sources(self, now: datetime) -> list[Source]:
        stamp = iso(now)
        rows = self.db.query(
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

    def release_claims(self, daemon_id: str) -> int:
        with self._write() as conn:
            return conn.execute(
                "UPDATE sources SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = ?", (daemon_id,),
            ).rowcount

    def next_due(self) -> str | None:
        value = self._one(
            "SELECT min(next_check) FROM sources WHERE active = 1 AND state != 'disabled'"
        )
        return str(value) if value is not None else None

    def status(self) -> list[StatusRow]:
        rows = self.db.query(
            "SELECT s.*, (SELECT count(*) FROM entries e WHERE e.source_id = s.id) AS n "
            "FROM sources s WHERE s.active = 1 ORDER BY s.id"
        )
        return [StatusRow(source_of(row), row["n"], row["warning"]) for row in rows]

    def source_choices(self) -> list[SourceChoice]:
        rows = self.db.execute(
            "SELECT url, coalesce(title, feed_title, url) FROM sources ORDER BY id"
        ).fetchall()
        return [SourceChoice(url, name) for url, name in rows]

    def enable(self, source_id: int, now: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sources SET state = 'never', error_count = 0, next_check = ? "
                "WHERE id = ? AND state = 'disabled'",
                (iso(now), source_id),
            )

    def disable(self, source_id: int, now: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE sources SET state = 'disabled', next_check = NULL WHERE id = ?",
                (source_id,),
            )

    # -- fetch log --------------------------------------------------------------------------

    def fetch_log(self, source_id: int, limit: int = 20) -> list[Fetch]:
        rows = self.db.execute(
            f"SELECT {_FETCH_COLUMNS} FROM fetches WHERE source_id = ? ORDER BY id DESC LIMIT ?",
            [source_id, limit],
        ).fetchall()
        return [Fetch(*row) for row in rows]

    def prune_fetch_log(self, now: datetime, days: int, per_source: int = 0) -> int:
        cutoff = iso(now - timedelta(days=days))
        with self._write() as conn:
            dropped = conn.execute("DELETE FROM fetches WHERE at < ?", (cutoff,)).rowcount
            if per_source > 0:
                # Per source through its (source_id, at) index: the oldest row to keep.
                for (source_id,) in conn.execute("SELECT id FROM sources").fetchall():
                    dropped += conn.execute(
                        "DELETE FROM fetches WHERE source_id = ? AND at < ("
                        "SELECT at FROM fetches WHERE source_id = ? "
                        "ORDER BY at DESC LIMIT 1 OFFSET ?)",
                        (source_id, source_id, per_source - 1),
                    ).rowcount
        return int(dropped)

    def failing_sources(self, start: datetime, end: datetime) -> list[SourceFailure]:
        window = (iso(start), iso(end))
        rows = self.db.execute(
            "SELECT s.id, s.url, coalesce(s.title, s.feed_title), s.last_error, s.state, "
            "(SELECT count(*) FROM fetches f WHERE f.source_id = s.id "
            " AND f.outcome IN ('error', 'gone') AND f.at >= ? AND f.at < ?) AS failures "
            "FROM sources s WHERE s.active = 1 ORDER BY s.id",
            window,
        ).fetchall()
        found = []
        for source_id, url, title, last_error, state, failures in rows:
            if not failures and state not in ("error", "disabled"):
                continue
            last = self.db.execute(
                "SELECT at, error FROM fetches WHERE source_id = ? "
                "AND outcome IN ('error', 'gone') AND at < ? ORDER BY at DESC, id DESC LIMIT 1",
                (source_id, window[1]),
            ).fetchone()
            since = None
            if last:
                ok = self._one(
                    "SELECT max(at) FROM fetches WHERE source_id = ? "
                    "AND outcome IN ('ok', 'not_modified') AND at <= ?",
                    (source_id, last[0]),
                )
                since = self._one(
                    "SELECT min(at) FROM fetches WHERE source_id = ? "
                    "AND outcome IN ('error', 'gone') AND at > ? AND at <= ?",
                    (source_id, ok or "", last[0]),
                )
            error = (last[1] if last and failures else None) or last_error or "unknown error"
            found.append(SourceFailure(url, title, error, since, failures))
        return found
