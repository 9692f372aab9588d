"""SQLite storage through sqlite-utils: schema, migrations, and every query; one writer.

Migrations are numbered by PRAGMA user_version and applied on open, each in its own
transaction; an applied migration is never edited, a change is a new one.
Full-text search uses an external-content FTS5 table indexed in bulk (`index_entries`)
rather than by triggers, which would make every poll's inserts several times slower.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from monitor.config import SourceSpec
from monitor.errors import StateError
from monitor.models import Entry, Outcome, Source, SourceKind, SourceState
from monitor.schedule import Schedule, iso

DB_NAME = "monitor.db"


def _migration_1(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            fetch_url TEXT,
            title TEXT,
            feed_title TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            interval REAL,
            active INTEGER NOT NULL DEFAULT 1,
            state TEXT NOT NULL DEFAULT 'never',
            last_status INTEGER,
            last_error TEXT,
            warning TEXT,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_check TEXT,
            last_success TEXT,
            next_check TEXT,
            etag TEXT,
            last_modified TEXT,
            added TEXT NOT NULL
        );
        CREATE INDEX sources_due ON sources(active, state, next_check);

        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            identity TEXT NOT NULL,
            guid TEXT,
            link TEXT,
            title TEXT NOT NULL DEFAULT '',
            author TEXT,
            published TEXT,
            updated TEXT,
            summary_html TEXT NOT NULL DEFAULT '',
            summary_text TEXT NOT NULL DEFAULT '',
            content_html TEXT NOT NULL DEFAULT '',
            content_text TEXT NOT NULL DEFAULT '',
            language TEXT,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_changed TEXT,
            changed INTEGER NOT NULL DEFAULT 0,
            UNIQUE(source_id, identity)
        );
        CREATE INDEX entries_first_seen ON entries(first_seen);
        CREATE INDEX entries_changed ON entries(changed) WHERE changed = 1;

        CREATE TABLE fetches (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            url TEXT NOT NULL,
            outcome TEXT NOT NULL,
            status INTEGER,
            bytes INTEGER NOT NULL DEFAULT 0,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            new_entries INTEGER NOT NULL DEFAULT 0,
            updated_entries INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX fetches_at ON fetches(at);
        CREATE INDEX fetches_source ON fetches(source_id, at);

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE VIRTUAL TABLE entries_fts USING fts5(
            title, summary_text, content_text, content='entries', content_rowid='id'
        );
        """
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """Watch rules: hits (rule x entry) grouped into alerts (rule x story)."""
    db.executescript(
        """
        ALTER TABLE entries ADD COLUMN match_pending INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX entries_match_pending ON entries(source_id) WHERE match_pending = 1;

        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            rule_id TEXT NOT NULL,
            story TEXT NOT NULL,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            link TEXT,
            severity TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new',
            snippet TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            UNIQUE(rule_id, story)
        );
        CREATE INDEX alerts_rule_seen ON alerts(rule_id, first_seen);
        CREATE INDEX alerts_status ON alerts(status, first_seen);

        CREATE TABLE hits (
            id INTEGER PRIMARY KEY,
            rule_id TEXT NOT NULL,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
            terms TEXT NOT NULL,
            snippet TEXT NOT NULL,
            created TEXT NOT NULL,
            UNIQUE(rule_id, entry_id)
        );
        CREATE INDEX hits_alert ON hits(alert_id);
        CREATE INDEX hits_entry ON hits(entry_id);

        CREATE TABLE backtests (
            rule_id TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            entry_ids TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


def _migration_3(db: sqlite_utils.Database) -> None:
    """Pages and folders as sources (kind, options, parser memory); delivery of digests
    and alerts to channels, recorded so each goes out at most once per channel."""
    db.executescript(
        """
        ALTER TABLE sources ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed';
        ALTER TABLE sources ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE sources ADD COLUMN memory TEXT;

        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            created TEXT NOT NULL,
            alert_ids TEXT NOT NULL DEFAULT '[]',
            html_path TEXT,
            markdown_path TEXT,
            UNIQUE(kind, period_end)
        );

        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            digest_id INTEGER REFERENCES digests(id) ON DELETE CASCADE,
            alert_id INTEGER REFERENCES alerts(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT NOT NULL,
            last_error TEXT,
            created TEXT NOT NULL,
            sent TEXT,
            CHECK ((digest_id IS NULL) != (alert_id IS NULL))
        );
        CREATE UNIQUE INDEX deliveries_digest ON deliveries(channel, digest_id)
            WHERE digest_id IS NOT NULL;
        CREATE UNIQUE INDEX deliveries_alert ON deliveries(channel, alert_id)
            WHERE alert_id IS NOT NULL;
        CREATE INDEX deliveries_due ON deliveries(status, next_attempt);
        """
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1, _migration_2, _migration_3,
]


@dataclass(frozen=True)
class StatusRow:
    """One line of `monitor status`."""

    source: Source
    entries: int
    warning: str | None


@dataclass(frozen=True)
class SearchHit:
    """One line of `monitor search`."""

    entry_id: int
    title: str
    source: str
    published: str | None
    link: str | None


def _source(row: dict[str, Any]) -> Source:
    return Source(
        id=row["id"],
        url=row["url"],
        fetch_url=row["fetch_url"],
        title=row["title"] or row["feed_title"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        interval=row["interval"],
        state=SourceState(row["state"]),
        last_status=row["last_status"],
        last_error=row["last_error"],
        error_count=row["error_count"],
        last_check=row["last_check"],
        next_check=row["next_check"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        kind=SourceKind(row["kind"]),
        options=json.loads(row["options"] or "{}"),
        memory=json.loads(row["memory"]) if row["memory"] else None,
    )


class Store:
    """The monitor's database: open it, migrate it, read and write through its methods."""

    def __init__(self, state_dir: Path) -> None:
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot create state directory {state_dir}: {exc}") from exc
        self.path = state_dir / DB_NAME
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StateError(
                f"{self.path} is not a usable SQLite database ({exc}); "
                "move it aside and run the command again to start a fresh one"
            ) from exc
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        # No sqlite-utils plugins: whatever else is installed must not change our connection
        # (and finding them scans every installed package: 30 ms before each command).
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self._savepoints = 0
        self._batch: list[tuple[int, dict[str, Any], tuple[Any, ...]]] | None = None
        self._migrate()

    def close(self) -> None:
        self.db.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so no upgrade deadlock.

        Inside another transaction this is a savepoint: it still succeeds or fails as a
        whole, and the outer transaction commits it (many small polls, one commit)."""
        conn = self.db.conn
        if conn.in_transaction:
            self._savepoints += 1
            name = f"nested_{self._savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                # Some errors (disk full, I/O) make SQLite roll back the whole transaction
                # itself: then there is no savepoint left, and the error must stay the one seen.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # not already rolled back by SQLite (see above)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- schema -----------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StateError(
                f"{self.path} has schema version {version}, newer than this monitor knows "
                f"({len(MIGRATIONS)}); upgrade monitor or use another --state directory"
            )
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with self.transaction():
                MIGRATIONS[number - 1](self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    # -- sources ----------------------------------------------------------------------

    def sync_sources(self, specs: Iterable[SourceSpec], now: datetime) -> None:
        """Make the stored sources match the config: add new ones, update their settings,
        and deactivate (not delete: their entries stay) those no longer listed."""
        specs = list(specs)
        with self.transaction() as conn:
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
                        "next_check) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (spec.url, *values, iso(now), iso(now)),
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

    def sources(self, urls: Iterable[str] | None = None) -> list[Source]:
        """Active sources in config order (all, or those with the given URLs)."""
        rows = self.db.query("SELECT * FROM sources WHERE active = 1 ORDER BY id")
        sources = [_source(row) for row in rows]
        if urls is None:
            return sources
        wanted = set(urls)
        return [s for s in sources if s.url in wanted or s.fetch_url in wanted]

    def due_sources(self, now: datetime) -> list[Source]:
        """Active, enabled sources whose next check has come."""
        rows = self.db.query(
            "SELECT * FROM sources WHERE active = 1 AND state != 'disabled' "
            "AND (next_check IS NULL OR next_check <= ?) ORDER BY next_check, id",
            [iso(now)],
        )
        return [_source(row) for row in rows]

    def next_due(self) -> str | None:
        row = self.db.execute(
            "SELECT min(next_check) FROM sources WHERE active = 1 AND state != 'disabled'"
        ).fetchone()
        return row[0] if row else None

    def status(self) -> list[StatusRow]:
        rows = self.db.query(
            "SELECT s.*, (SELECT count(*) FROM entries e WHERE e.source_id = s.id) AS n "
            "FROM sources s WHERE s.active = 1 ORDER BY s.id"
        )
        return [StatusRow(_source(row), row["n"], row["warning"]) for row in rows]

    # -- one poll ---------------------------------------------------------------------

    def record_poll(
        self,
        source: Source,
        *,
        now: datetime,
        outcome: Outcome,
        schedule: Schedule,
        status: int | None,
        error: str | None = None,
        warning: str | None = None,
        entries: list[Entry] | None = None,
        feed_title: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        moved_to: str | None = None,
        size: int = 0,
        duration: float = 0.0,
        memory: dict[str, Any] | None = None,
    ) -> tuple[int, int]:
        """Store one poll in one transaction: its entries, the source's schedule state and a
        fetch-log row. Returns (new entries, updated entries).

        Inside `batched_polls()`, a poll with no entries (a 304, an error) is queued and
        written with the others in one statement at the end of the batch."""
        stamp = iso(now)
        fields: dict[str, Any] = {
            "state": schedule.state.value,
            "error_count": schedule.error_count,
            "next_check": iso(schedule.next_check),
            "last_check": stamp,
            "last_status": status,
            "last_error": error,
        }
        if outcome in (Outcome.OK, Outcome.NOT_MODIFIED):
            fields["last_success"] = stamp
            fields["warning"] = warning
        if outcome is Outcome.OK:
            fields["etag"] = etag
            fields["last_modified"] = last_modified
            if feed_title:
                fields["feed_title"] = feed_title
        if moved_to:
            fields["fetch_url"] = moved_to
        if memory is not None and memory != source.memory:  # unchanged: not rewritten
            fields["memory"] = json.dumps(memory, ensure_ascii=False)
        fetch_row = (
            source.id, stamp, source.effective_url, outcome.value, status, size,
            int(duration * 1000), error,
        )
        if self._batch is not None and not entries:
            self._batch.append((source.id, fields, fetch_row))
            return 0, 0
        with self.transaction() as conn:
            new, updated = self._store_entries(conn, source.id, entries or [], stamp)
            self._write_polls(conn, [(source.id, fields, fetch_row)], new, updated)
        return new, updated

    @contextlib.contextmanager
    def batched_polls(self) -> Iterator[None]:
        """Queue polls without entries and write them together when the block ends (a
        commit per 304 is most of the cost of storing a large all-304 poll). A kill before
        the end loses only those polls' schedule updates: they are simply polled again."""
        if self._batch is not None:
            yield
            return
        self._batch = []
        try:
            yield
        finally:
            batch, self._batch = self._batch, None
            if batch:
                with self.transaction() as conn:
                    self._write_polls(conn, batch, 0, 0)

    @staticmethod
    def _write_polls(
        conn: sqlite3.Connection,
        polls: list[tuple[int, dict[str, Any], tuple[Any, ...]]],
        new: int,
        updated: int,
    ) -> None:
        """Each source's new schedule state, and a fetch-log row per poll."""
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for source_id, fields, _ in polls:
            by_columns.setdefault(tuple(fields), []).append((*fields.values(), source_id))
        for columns, rows in by_columns.items():
            assignments = ", ".join(f"{key} = ?" for key in columns)
            conn.executemany(f"UPDATE sources SET {assignments} WHERE id = ?", rows)
        conn.executemany(
            "INSERT INTO fetches (source_id, at, url, outcome, status, bytes, duration_ms, "
            "error, new_entries, updated_entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, new, updated) for _, _, row in polls],
        )

    @staticmethod
    def _known(
        conn: sqlite3.Connection, source_id: int, identities: list[str]
    ) -> dict[str, tuple[int, str]]:
        """Identity -> (entry id, content hash) of those already stored for the source."""
        known: dict[str, tuple[int, str]] = {}
        for chunk_start in range(0, len(identities), 500):
            chunk = identities[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT identity, id, content_hash FROM entries "
                f"WHERE source_id = ? AND identity IN ({marks})",
                (source_id, *chunk),
            ):
                known[row[0]] = (row[1], row[2])
        return known

    def stored_hashes(self, source_id: int, identities: list[str]) -> dict[str, str]:
        """Identity -> content hash of the given entries already stored for the source."""
        known = self._known(self.db.conn, source_id, identities)
        return {identity: content for identity, (_, content) in known.items()}

    def _store_entries(
        self, conn: sqlite3.Connection, source_id: int, entries: list[Entry], stamp: str
    ) -> tuple[int, int]:
        """Insert unseen entries, update changed ones (flagging them), skip the rest."""
        if not entries:
            return 0, 0
        known = self._known(conn, source_id, [e.identity for e in entries])
        inserts, updates = [], []
        for entry in entries:
            values = (
                entry.guid, entry.link, entry.title, entry.author, entry.published,
                entry.updated, entry.summary_html, entry.summary_text, entry.content_html,
                entry.content_text, entry.language, entry.content_hash,
            )
            if entry.identity not in known:
                inserts.append((source_id, entry.identity, *values, stamp))
                known[entry.identity] = (-1, entry.content_hash)
            elif known[entry.identity][1] != entry.content_hash and known[entry.identity][0] > 0:
                updates.append((known[entry.identity][0], values))
        conn.executemany(
            "INSERT INTO entries (source_id, identity, guid, link, title, author, published, "
            "updated, summary_html, summary_text, content_html, content_text, language, "
            "content_hash, first_seen, match_pending) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            inserts,
        )
        indexed_upto = self._indexed_upto(conn)
        for entry_id, values in updates:
            if entry_id <= indexed_upto:
                self._unindex(conn, entry_id)
            conn.execute(
                "UPDATE entries SET guid = ?, link = ?, title = ?, author = ?, published = ?, "
                "updated = ?, summary_html = ?, summary_text = ?, content_html = ?, "
                "content_text = ?, language = ?, content_hash = ?, last_changed = ?, "
                "changed = 1, match_pending = 1 WHERE id = ?",
                (*values, stamp, entry_id),
            )
            if entry_id <= indexed_upto:
                self._index_rows(conn, "id = ?", (entry_id,))
        return len(inserts), len(updates)

    # -- full-text search -------------------------------------------------------------

    @staticmethod
    def _indexed_upto(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _unindex(conn: sqlite3.Connection, entry_id: int) -> None:
        conn.execute(
            "INSERT INTO entries_fts (entries_fts, rowid, title, summary_text, content_text) "
            "SELECT 'delete', id, title, summary_text, content_text FROM entries WHERE id = ?",
            (entry_id,),
        )

    @staticmethod
    def _index_rows(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> int:
        cursor = conn.execute(
            "INSERT INTO entries_fts (rowid, title, summary_text, content_text) "
            f"SELECT id, title, summary_text, content_text FROM entries WHERE {where}",
            params,
        )
        return cursor.rowcount

    def index_entries(self) -> int:
        """Bring the full-text index up to date in one bulk step; returns rows indexed."""
        with self.transaction() as conn:
            upto = self._indexed_upto(conn)
            top = conn.execute("SELECT coalesce(max(id), 0) FROM entries").fetchone()[0]
            if top <= upto:
                return 0
            count = self._index_rows(conn, "id > ? AND id <= ?", (upto, top))
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_indexed_upto', ?)",
                (str(top),),
            )
        return count

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Entries matching an FTS5 query, best first; a query FTS5 cannot parse is taken as
        plain words."""
        self.index_entries()
        sql = (
            "SELECT e.id, e.title, coalesce(s.title, s.feed_title, s.url) AS source, "
            "e.published, e.link FROM entries_fts f JOIN entries e ON e.id = f.rowid "
            "JOIN sources s ON s.id = e.source_id WHERE entries_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?"
        )
        try:
            rows = self.db.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            rows = self.db.execute(sql, (self.db.quote_fts(query), limit)).fetchall()
        return [SearchHit(*row) for row in rows]

    # -- housekeeping -----------------------------------------------------------------

    def prune_fetch_log(self, now: datetime, days: int) -> int:
        """Drop fetch-log rows older than `days` days; the log is for diagnosis, not history."""
        cutoff = iso(now - timedelta(days=days))
        with self.transaction() as conn:
            return conn.execute("DELETE FROM fetches WHERE at < ?", (cutoff,)).rowcount

    def fetch_log(self, source_id: int, limit: int = 20) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT * FROM fetches WHERE source_id = ? ORDER BY id DESC LIMIT ?",
                [source_id, limit],
            )
        )

    def enable(self, source_id: int, now: datetime) -> None:
        """Re-enable a disabled source and make it due now."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE sources SET state = 'never', error_count = 0, next_check = ? "
                "WHERE id = ? AND state = 'disabled'",
                (iso(now), source_id),
            )
