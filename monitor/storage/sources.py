"""Sources, their claims and the fetch log, on either engine (a poll's write is in
polls.py); each engine adds what it reads its own way: which sources are due, and the
claim of them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import ClassVar

from monitor.config import SourceSpec
from monitor.models import Source
from monitor.schedule import iso
from monitor.storage.dialect import Dialect
from monitor.storage.hosts import source_host
from monitor.storage.records import Fetch, SourceChoice, SourceFailure, StatusRow, source_of

_FETCH_COLUMNS = (
    "id, source_id, at, url, outcome, status, bytes, duration_ms, new_entries, "
    "updated_entries, error, daemon_id"
)


class SourceStore(Dialect):
    """Sources and schedule: what is listed, who claimed it, what each poll did."""

    # Given by the engine: the end of a new source's INSERT ("" where no other writer can
    # add the same URL meanwhile; PostgreSQL: ON CONFLICT, another daemon syncing too).
    _ADD_SOURCE_CONFLICT: ClassVar[str]

    def sync_sources(self, specs: Iterable[SourceSpec], now: datetime) -> None:
        specs = list(specs)
        with self._transaction() as conn:
            # Only what differs is written: with the config unchanged (the usual case) this
            # is one read, not a write per source before every command.
            known = {
                row[0]: (row[1], tuple(row[2:]))
                for row in self._execute(
                    conn,
                    "SELECT url, id, title, tags, interval, kind, options, active FROM sources",
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
                    self._execute(
                        conn,
                        "INSERT INTO sources (url, title, tags, interval, kind, options, added, "
                        "next_check, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + self._ADD_SOURCE_CONFLICT,
                        (spec.url, *values, iso(now), iso(now), source_host(spec.url)),
                    )
                elif known[spec.url][1] != (*values, True):  # SQLite's 1 is True here
                    self._execute(
                        conn,
                        "UPDATE sources SET title = ?, tags = ?, interval = ?, kind = ?, "
                        f"options = ?, active = {self._TRUE} WHERE id = ?",
                        (*values, known[spec.url][0]),
                    )
            gone = [(source_id,) for url, (source_id, current) in known.items()
                    if url not in listed and current[-1]]
            if gone:
                self._executemany(
                    conn, f"UPDATE sources SET active = {self._FALSE} WHERE id = ?", gone
                )
            # Sources from before the host column, or copied in: their host, once.
            unknown = self._execute(
                conn, "SELECT id, coalesce(fetch_url, url) FROM sources WHERE host IS NULL"
            ).fetchall()
            if unknown:
                self._executemany(
                    conn, "UPDATE sources SET host = ? WHERE id = ?",
                    [(source_host(url), source_id) for source_id, url in unknown],
                )

    def sources(self, urls: Iterable[str] | None = None) -> list[Source]:
        rows = self._dicts(f"SELECT * FROM sources WHERE active = {self._TRUE} ORDER BY id")
        sources = [source_of(row) for row in rows]
        if urls is None:
            return sources
        wanted = set(urls)
        return [s for s in sources if s.url in wanted or s.fetch_url in wanted]

    def release_claims(self, daemon_id: str) -> int:
        with self._contained_write() as conn:
            return self._execute(
                conn,
                "UPDATE sources SET claimed_by = NULL, claimed_until = NULL "
                "WHERE claimed_by = ?", (daemon_id,),
            ).rowcount

    def next_due(self) -> str | None:
        value = self._one(
            f"SELECT min(next_check) FROM sources WHERE active = {self._TRUE} "
            "AND state != 'disabled'"
        )
        return str(value) if value is not None else None

    def status(self) -> list[StatusRow]:
        rows = self._dicts(
            "SELECT s.*, (SELECT count(*) FROM entries e WHERE e.source_id = s.id) AS n "
            f"FROM sources s WHERE s.active = {self._TRUE} ORDER BY s.id"
        )
        return [StatusRow(source_of(row), row["n"], row["warning"]) for row in rows]

    def source_choices(self) -> list[SourceChoice]:
        rows = self._rows("SELECT url, coalesce(title, feed_title, url) FROM sources ORDER BY id")
        return [SourceChoice(url, name) for url, name in rows]

    def enable(self, source_id: int, now: datetime) -> None:
        with self._contained_write() as conn:
            self._execute(
                conn,
                "UPDATE sources SET state = 'never', error_count = 0, next_check = ? "
                "WHERE id = ? AND state = 'disabled'",
                (iso(now), source_id),
            )

    def disable(self, source_id: int, now: datetime) -> None:
        with self._contained_write() as conn:
            self._execute(
                conn,
                "UPDATE sources SET state = 'disabled', next_check = NULL WHERE id = ?",
                (source_id,),
            )

    # -- fetch log --------------------------------------------------------------------------

    def fetch_log(self, source_id: int, limit: int = 20) -> list[Fetch]:
        rows = self._rows(
            f"SELECT {_FETCH_COLUMNS} FROM fetches WHERE source_id = ? ORDER BY id DESC LIMIT ?",
            (source_id, limit),
        )
        return [Fetch(*row) for row in rows]

    def prune_fetch_log(self, now: datetime, days: int, per_source: int = 0) -> int:
        cutoff = iso(now - timedelta(days=days))
        with self._contained_write() as conn:
            dropped = self._execute(
                conn, "DELETE FROM fetches WHERE at < ?", (cutoff,)
            ).rowcount
            if per_source > 0:
                # Per source through its (source_id, at) index: the oldest row to keep.
                for (source_id,) in self._execute(conn, "SELECT id FROM sources").fetchall():
                    dropped += self._execute(
                        conn,
                        "DELETE FROM fetches WHERE source_id = ? AND at < ("
                        "SELECT at FROM fetches WHERE source_id = ? "
                        "ORDER BY at DESC LIMIT 1 OFFSET ?)",
                        (source_id, source_id, per_source - 1),
                    ).rowcount
        return int(dropped)

    def failing_sources(self, start: datetime, end: datetime) -> list[SourceFailure]:
        window = (iso(start), iso(end))
        rows = self._rows(
            "SELECT s.id, s.url, coalesce(s.title, s.feed_title), s.last_error, s.state, "
            "(SELECT count(*) FROM fetches f WHERE f.source_id = s.id "
            " AND f.outcome IN ('error', 'gone') AND f.at >= ? AND f.at < ?) AS failures "
            f"FROM sources s WHERE s.active = {self._TRUE} ORDER BY s.id",
            window,
        )
        found = []
        for source_id, url, title, last_error, state, failures in rows:
            if not failures and state not in ("error", "disabled"):
                continue
            latest = self._rows(
                "SELECT at, error FROM fetches WHERE source_id = ? "
                "AND outcome IN ('error', 'gone') AND at < ? ORDER BY at DESC, id DESC LIMIT 1",
                (source_id, window[1]),
            )
            last = latest[0] if latest else None
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
            found.append(SourceFailure(url, title, error, since, int(failures)))
        return found
