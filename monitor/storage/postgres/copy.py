"""Copy a SQLite state into PostgreSQL (`monitor db copy`): how a user outgrows one machine.

Rows are matched by their natural keys, never by id, so a second run (or a database a
daemon has already filled with the config's sources) copies nothing twice: sources by
URL, entries by (source, identity), alerts by story, the rules on them by (story, rule),
story band keys by (band, story), hits by (rule, entry),
digests by (kind, period end), deliveries by (channel, digest or alert), backtests by
rule, channel marks by key, fetch-log rows by (source, time, url, outcome). Ids differ
between the two databases, so every reference (including digests' alert lists and the
channels' "looked up to" marks) is translated. The result is checked: every SQLite row
must have its counterpart, or the copy fails saying which table fell short.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from monitor.errors import StateError
from monitor.storage.postgres import PostgresStorage

BATCH = 1000


@dataclass(frozen=True)
class TableCopy:
    """One table's count: rows in SQLite, rows copied now, rows already in PostgreSQL."""

    table: str
    in_sqlite: int
    copied: int
    present: int

    @property
    def complete(self) -> bool:
        return self.copied + self.present == self.in_sqlite


def _chunks(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class _Copier:
    """One copy: the SQLite connection, the PostgreSQL one, and the id maps built so far."""

    def __init__(self, source: sqlite3.Connection, target: psycopg.Connection) -> None:
        self.source = source
        self.target = target
        self.maps: dict[str, dict[int, int]] = {}
        self.counts: list[TableCopy] = []

    def read(self, sql: str) -> list[tuple[Any, ...]]:
        return self.source.execute(sql).fetchall()

    def insert(self, sql: str, rows: list[tuple[Any, ...]]) -> int:
        """Run an INSERT … ON CONFLICT DO NOTHING RETURNING 1 per row; how many were new."""
        added = 0
        with self.target.cursor() as cur:
            for chunk in _chunks(rows):
                cur.executemany(sql, chunk, returning=True)
                while True:
                    added += len(cur.fetchall())
                    if not cur.nextset():
                        break
        return added

    def keys(self, sql: str) -> dict[Any, int]:
        """Natural key (all columns but the last) -> PostgreSQL id (the last column)."""
        found: dict[Any, int] = {}
        for row in self.target.execute(sql):
            key = row[0] if len(row) == 2 else tuple(row[:-1])
            found[key] = row[-1]
        return found

    def table(
        self,
        name: str,
        rows: list[tuple[Any, ...]],
        sql: str,
        key_of: Callable[[tuple[Any, ...]], Any],
        targets: dict[Any, int] | Callable[[], dict[Any, int]] | None = None,
    ) -> None:
        """Copy `rows` (first column: the SQLite id) and map their ids by natural key."""
        added = self.insert(sql, [row[1:] for row in rows])
        mapped = 0
        if targets is not None:
            known = targets() if callable(targets) else targets
            id_map = self.maps.setdefault(name, {})
            for row in rows:
                target_id = known.get(key_of(row))
                if target_id is not None:
                    id_map[row[0]] = target_id
                    mapped += 1
        else:
            mapped = len(rows)
        self.counts.append(TableCopy(name, len(rows), added, mapped - added))

    def mapped(self, name: str, old: int | None) -> int | None:
        return None if old is None else self.maps[name].get(old)


def _upto(id_map: dict[int, int], value: str) -> str:
    """A "looked up to id N" mark in PostgreSQL's ids: the newest copied id at or below N."""
    try:
        limit = int(value)
    except ValueError:
        return value
    return str(max((new for old, new in id_map.items() if old <= limit), default=0))


def copy_sqlite(
    sqlite_path: Path | str, storage: PostgresStorage, *, fetch_log: bool
) -> list[TableCopy]:
    """Copy the SQLite state at `sqlite_path` into `storage`, in one transaction; returns
    each table's counts. Raises StateError when a table's rows are not all accounted for."""
    source = sqlite3.connect(Path(sqlite_path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        with storage._transaction() as target:  # the engine's own helper
            copier = _Copier(source, target)
            _copy_all(copier, fetch_log)
    finally:
        source.close()
    short = [c for c in copier.counts if not c.complete]
    if short:
        names = ", ".join(f"{c.table} ({c.copied + c.present} of {c.in_sqlite})" for c in short)
        raise StateError(f"copy incomplete: {names}; nothing was kept, run it again")
    storage.index_entries()
    return copier.counts


def _copy_all(c: _Copier, fetch_log: bool) -> None:
    c.table(
        "sources",
        c.read("SELECT id, url, fetch_url, title, feed_title, tags, interval, active, state, "
               "last_status, last_error, warning, error_count, last_check, last_success, "
               "next_check, etag, last_modified, added, kind, options, memory FROM sources"),
        "INSERT INTO sources (url, fetch_url, title, feed_title, tags, interval, active, state, "
        "last_status, last_error, warning, error_count, last_check, last_success, next_check, "
        "etag, last_modified, added, kind, options, memory) VALUES (%s, %s, %s, %s, %s, %s, "
        "%s::int::boolean, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (url) DO NOTHING RETURNING 1",
        lambda row: row[1],
        lambda: c.keys("SELECT url, id FROM sources"),
    )
    sources = c.maps["sources"]
    entry_rows = [
        (row[0], sources[row[1]], *row[2:])
        for row in c.read(
            "SELECT id, source_id, identity, guid, link, title, author, published, updated, "
            "summary_html, summary_text, content_html, content_text, language, content_hash, "
            "first_seen, last_changed, changed, match_pending FROM entries"
        )
    ]
    c.table(
        "entries", entry_rows,
        "INSERT INTO entries (source_id, identity, guid, link, title, author, published, "
        "updated, summary_html, summary_text, content_html, content_text, language, "
        "content_hash, first_seen, last_changed, changed, match_pending) VALUES (%s, %s, %s, "
        "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::int::boolean, "
        "%s::int::boolean) ON CONFLICT (source_id, identity) DO NOTHING RETURNING 1",
        lambda row: (row[1], row[2]),
        lambda: c.keys("SELECT source_id, identity, id FROM entries"),
    )
    c.table(
        "alerts",
        c.read("SELECT id, rule_id, story, title, title_key, link, severity, status, snippet, "
               "marks, first_seen, last_seen, starred, signature FROM alerts"),
        "INSERT INTO alerts (rule_id, story, title, title_key, link, severity, status, snippet, "
        "marks, first_seen, last_seen, starred, signature) VALUES (%s, %s, %s, %s, %s, %s, %s, "
        "%s, %s, %s, %s, %s::int::boolean, %s) ON CONFLICT (story) DO NOTHING RETURNING 1",
        lambda row: row[2],
        lambda: c.keys("SELECT story, id FROM alerts"),
    )
    rule_rows = [
        (row[0], c.mapped("alerts", row[0]), *row[1:])
        for row in c.read("SELECT alert_id, rule_id, severity, first_seen FROM alert_rules")
    ]
    c.table(
        "alert_rules", rule_rows,
        "INSERT INTO alert_rules (alert_id, rule_id, severity, first_seen) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        lambda row: row,
    )
    band_rows = [
        (row[1], row[0], c.mapped("alerts", row[1]))
        for row in c.read("SELECT band, alert_id FROM story_bands")
    ]
    c.table(
        "story_bands", band_rows,
        "INSERT INTO story_bands (band, alert_id) VALUES (%s, %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        lambda row: row,
    )
    hit_rows = [
        (row[0], row[1], c.mapped("entries", row[2]), c.mapped("alerts", row[3]), *row[4:])
        for row in c.read(
            "SELECT id, rule_id, entry_id, alert_id, terms, snippet, marks, created FROM hits"
        )
    ]
    c.table(
        "hits", hit_rows,
        "INSERT INTO hits (rule_id, entry_id, alert_id, terms, snippet, marks, created) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (rule_id, entry_id) DO NOTHING RETURNING 1",
        lambda row: (row[1], row[2]),
        lambda: c.keys("SELECT rule_id, entry_id, id FROM hits"),
    )
    alerts = c.maps["alerts"]
    digest_rows = [
        (*row[:5], json.dumps([alerts[i] for i in json.loads(row[5] or "[]") if i in alerts]),
         *row[6:])
        for row in c.read(
            "SELECT id, kind, period_start, period_end, created, alert_ids, html_path, "
            "markdown_path FROM digests"
        )
    ]
    c.table(
        "digests", digest_rows,
        "INSERT INTO digests (kind, period_start, period_end, created, alert_ids, html_path, "
        "markdown_path) VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (kind, period_end) DO NOTHING RETURNING 1",
        lambda row: (row[1], row[3]),
        lambda: c.keys("SELECT kind, period_end, id FROM digests"),
    )
    delivery_rows = [
        (row[0], row[1], c.mapped("digests", row[2]), c.mapped("alerts", row[3]), *row[4:])
        for row in c.read(
            "SELECT id, channel, digest_id, alert_id, status, attempts, next_attempt, "
            "last_error, created, sent, claimed_by FROM deliveries"
        )
    ]
    c.table(
        "deliveries", delivery_rows,
        "INSERT INTO deliveries (channel, digest_id, alert_id, status, attempts, next_attempt, "
        "last_error, created, sent, claimed_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        lambda row: (row[1], row[2], row[3]),
        lambda: c.keys("SELECT channel, digest_id, alert_id, id FROM deliveries"),
    )
    entries = c.maps["entries"]
    backtest_rows = [
        (0, row[0], row[1], json.dumps([entries[i] for i in json.loads(row[2]) if i in entries]),
         row[3])
        for row in c.read("SELECT rule_id, query, entry_ids, at FROM backtests")
    ]
    c.table(
        "backtests", backtest_rows,
        "INSERT INTO backtests (rule_id, query, entry_ids, at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (rule_id) DO NOTHING RETURNING 1",
        lambda row: row[1],
    )
    digests = c.maps["digests"]
    meta_rows = []
    for key, value in c.read("SELECT key, value FROM meta"):
        if key.startswith("delivery.alerts_upto."):
            value = _upto(alerts, value)
        elif key.startswith("delivery.digests_upto."):
            value = _upto(digests, value)
        elif not key.startswith("delivery."):
            continue  # the SQLite engine's own bookkeeping (its search index)
        meta_rows.append((0, key, value))
    c.table(
        "channel marks", meta_rows,
        "INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING RETURNING 1",
        lambda row: row[1],
    )
    if fetch_log:
        fetch_rows = [
            (row[0], sources[row[1]], *row[2:], sources[row[1]], row[2], row[3], row[4])
            for row in c.read(
                "SELECT id, source_id, at, url, outcome, status, bytes, duration_ms, "
                "new_entries, updated_entries, error, daemon_id FROM fetches"
            )
        ]
        c.table(
            "fetch log", fetch_rows,
            "INSERT INTO fetches (source_id, at, url, outcome, status, bytes, duration_ms, "
            "new_entries, updated_entries, error, daemon_id) SELECT %s, %s, %s, %s, %s, %s, "
            "%s, %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM fetches WHERE source_id = %s "
            "AND at = %s AND url = %s AND outcome = %s) RETURNING 1",
            lambda row: row,
        )
