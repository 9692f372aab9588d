"""The SQLite schema: numbered migrations applied by PRAGMA user_version.

An applied migration is never edited: a change is a new, higher-numbered one, so every
existing monitor.db keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


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


def _migration_4(db: sqlite_utils.Database) -> None:
    """Several daemons on one database: source claims with a lease, the daemon behind each
    fetch and delivery claim, and a heartbeat per daemon."""
    db.executescript(
        """
        ALTER TABLE sources ADD COLUMN claimed_by TEXT;
        ALTER TABLE sources ADD COLUMN claimed_until TEXT;
        ALTER TABLE fetches ADD COLUMN daemon_id TEXT;
        ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
        CREATE INDEX fetches_daemon ON fetches(daemon_id, at) WHERE daemon_id IS NOT NULL;

        CREATE TABLE daemons (
            id TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started TEXT NOT NULL,
            heartbeat TEXT NOT NULL,
            rules_fingerprint TEXT
        );
        """
    )


def _migration_5(db: sqlite_utils.Database) -> None:
    """Stories: one alert row per story (whatever rules hit it), the rules on it, starred
    as a flag beside the status, and the LSH band keys that find near-duplicate entries.
    Existing alerts of one story (same story key) fold into the oldest, which keeps its id,
    its rule (so delivery ids stay the same) and the marks of all of them. Statement by
    statement, so it stays inside the migration's transaction (all or nothing)."""
    for statement in STORIES_SQL.split(";\n"):
        if statement.strip():
            db.execute(statement)


STORIES_SQL = """
ALTER TABLE alerts ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN signature TEXT;

CREATE TABLE alert_rules (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (alert_id, rule_id)
);
CREATE INDEX alert_rules_rule ON alert_rules(rule_id, alert_id);

CREATE TABLE story_bands (
    band TEXT NOT NULL,
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    PRIMARY KEY (band, alert_id)
);
CREATE INDEX story_bands_alert ON story_bands(alert_id);

CREATE TEMP TABLE story_merge AS
    SELECT id, min(id) OVER (PARTITION BY story) AS keep FROM alerts;

INSERT INTO alert_rules (alert_id, rule_id, severity, first_seen)
    SELECT m.keep, a.rule_id, a.severity, a.first_seen
    FROM alerts a JOIN story_merge m ON m.id = a.id WHERE true ORDER BY a.id
    ON CONFLICT DO NOTHING;

UPDATE hits SET alert_id = (SELECT keep FROM story_merge WHERE id = hits.alert_id)
    WHERE alert_id IN (SELECT id FROM story_merge WHERE id <> keep);

DELETE FROM deliveries WHERE id IN (
    SELECT id FROM (
        SELECT d.id, row_number() OVER (
            PARTITION BY d.channel, m.keep ORDER BY d.alert_id <> m.keep, d.id) AS n
        FROM deliveries d JOIN story_merge m ON m.id = d.alert_id
    ) WHERE n > 1
);
UPDATE deliveries SET alert_id = (SELECT keep FROM story_merge WHERE id = deliveries.alert_id)
    WHERE alert_id IN (SELECT id FROM story_merge WHERE id <> keep);

UPDATE alerts SET
    severity = g.severity, first_seen = g.first_seen, last_seen = g.last_seen,
    status = g.status, starred = g.starred
FROM (
    SELECT m.keep AS keep,
        CASE max(CASE a.severity WHEN 'high' THEN 3 WHEN 'normal' THEN 2 WHEN 'low' THEN 1
                 ELSE 0 END)
            WHEN 3 THEN 'high' WHEN 2 THEN 'normal' WHEN 1 THEN 'low'
            ELSE min(a.severity) END AS severity,
        min(a.first_seen) AS first_seen, max(a.last_seen) AS last_seen,
        CASE WHEN min(a.status = 'dismissed') = 1 THEN 'dismissed'
             WHEN max(a.status IN ('read', 'starred') AND a.status <> 'dismissed') = 1
                 THEN 'read'
             ELSE 'new' END AS status,
        max(a.status = 'starred') AS starred
    FROM alerts a JOIN story_merge m ON m.id = a.id GROUP BY m.keep
) AS g
WHERE alerts.id = g.keep;

DELETE FROM alerts WHERE id IN (SELECT id FROM story_merge WHERE id <> keep);
DROP TABLE story_merge;

CREATE UNIQUE INDEX alerts_story ON alerts(story);
CREATE INDEX alerts_last_seen ON alerts(last_seen);
"""


def _migration_6(db: sqlite_utils.Database) -> None:
    """`per_host` across daemons: each source's host (filled in by `sync_sources`, NULL
    until then), indexed for counting the live claims on one host. Statement by statement,
    inside the migration's transaction."""
    db.execute("ALTER TABLE sources ADD COLUMN host TEXT")
    db.execute(
        "CREATE INDEX sources_claimed_host ON sources(host, claimed_until) "
        "WHERE claimed_until IS NOT NULL"
    )


def _migration_7(db: sqlite_utils.Database) -> None:
    """Highlights as data: the matched terms' [start, end) spans in the snippet, as JSON.
    NULL on older rows, whose snippets still carry **term** marks in the text (read as such).
    Statement by statement, inside the migration's transaction."""
    db.execute("ALTER TABLE alerts ADD COLUMN marks TEXT")
    db.execute("ALTER TABLE hits ADD COLUMN marks TEXT")


def _migration_8(db: sqlite_utils.Database) -> None:
    """Claims read due sources in due order from an index, never sorting every due row (the
    claim took about 1 s at a million sources; the time must not grow with the table)."""
    db.execute(
        "CREATE INDEX sources_due_order ON sources(next_check, id) "
        "WHERE active = 1 AND state != 'disabled'"
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1, _migration_2, _migration_3, _migration_4, _migration_5, _migration_6,
    _migration_7, _migration_8,
]
