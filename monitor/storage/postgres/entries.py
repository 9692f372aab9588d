"""Entries on PostgreSQL: stored (deduplicated, flagged for matching) and full-text search;
the engine-neutral part is `EntryStore`.

As on SQLite, the search index is brought up to date in bulk (`index_entries`, also run
by `search`), not on every insert: a stored or changed entry has no vector until then
(`entries_unindexed` finds those), so a poll's inserts stay cheap.
"""

from __future__ import annotations

import psycopg

from monitor.models import Entry
from monitor.storage.entries import STORED, EntryStore, new_and_changed
from monitor.storage.postgres import search as fts
from monitor.storage.postgres.connection import Connection
from monitor.storage.records import IndexQuery, SearchHit, StoredEntry

INDEX_BATCH = 500


class Entries(Connection, EntryStore):
    """Storing a poll's entries, and search (the entries waiting to be matched: EntryStore)."""

    # Matching locks the pending entries it reads until its transaction ends: another
    # daemon's new version of one waits (and is pending again after), and another
    # daemon's matching passes over them rather than matching them twice.
    _HOLD_PENDING = " FOR UPDATE OF e SKIP LOCKED"

    @staticmethod
    def _known(
        conn: psycopg.Connection, source_id: int, identities: list[str]
    ) -> dict[str, tuple[int, str]]:
        """Identity -> (entry id, content hash) of those already stored for the source."""
        if not identities:
            return {}
        rows = conn.execute(
            "SELECT identity, id, content_hash FROM entries "
            "WHERE source_id = %s AND identity = ANY(%s)",
            (source_id, identities),
        ).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def stored_hashes(self, source_id: int, identities: list[str]) -> dict[str, str]:
        with self._conn() as conn:
            known = self._known(conn, source_id, identities)
        return {identity: content for identity, (_, content) in known.items()}

    def _store_entries(
        self, conn: psycopg.Connection, source_id: int, entries: list[Entry], stamp: str
    ) -> tuple[int, int]:
        """Insert unseen entries, update changed ones (flagging them), skip the rest."""
        if not entries:
            return 0, 0
        known = self._known(conn, source_id, [e.identity for e in entries])
        inserts, changed = new_and_changed(source_id, entries, known, stamp)
        updates = [(*values, stamp, entry_id) for entry_id, values in changed]
        with conn.cursor() as cur:
            if inserts:
                # ON CONFLICT: two daemons storing the same feed item at once keep one.
                cur.executemany(
                    "INSERT INTO entries (source_id, identity, guid, link, title, author, "
                    "published, updated, summary_html, summary_text, content_html, "
                    "content_text, language, content_hash, first_seen, match_pending) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, TRUE) "
                    "ON CONFLICT (source_id, identity) DO NOTHING",
                    inserts,
                )
            if updates:
                cur.executemany(
                    "UPDATE entries SET guid = %s, link = %s, title = %s, author = %s, "
                    "published = %s, updated = %s, summary_html = %s, summary_text = %s, "
                    "content_html = %s, content_text = %s, language = %s, content_hash = %s, "
                    "last_changed = %s, changed = TRUE, match_pending = TRUE, search = NULL "
                    "WHERE id = %s",
                    updates,
                )
        return len(inserts), len(updates)

    # -- full-text search -------------------------------------------------------------------

    def index_entries(self) -> int:
        """Give every entry without a search vector one, in batches; how many."""
        count = 0
        while True:
            with self._transaction() as conn:
                rows = conn.execute(
                    "SELECT id, title, summary_text, content_text FROM entries "
                    "WHERE search IS NULL ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                    (INDEX_BATCH,),
                ).fetchall()
                if not rows:
                    return count
                with conn.cursor() as cur:
                    cur.executemany(
                        "UPDATE entries SET search = %s::tsvector WHERE id = %s",
                        [(fts.document_vector(title, summary, content), entry_id)
                         for entry_id, title, summary, content in rows],
                    )
            count += len(rows)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Entries matching an FTS5-style query, best first; a query that does not parse
        is taken as plain words."""
        self.index_entries()
        sql = (
            "SELECT e.id, e.title, coalesce(s.title, s.feed_title, s.url) AS source, "
            "e.published, e.link FROM entries e JOIN sources s ON s.id = e.source_id, "
            "CAST(%(q)s AS tsquery) AS q WHERE e.search @@ q "
            "ORDER BY ts_rank(e.search, q) DESC, e.id DESC LIMIT %(limit)s"
        )
        for text in (fts.query_text(query), fts.plain_query(query)):
            if text is None:
                continue
            try:
                with self._transaction() as conn:  # a savepoint: a bad query spoils nothing
                    rows = conn.execute(sql, {"q": text, "limit": int(limit)}).fetchall()
            except (psycopg.errors.SyntaxError, psycopg.errors.InvalidTextRepresentation):
                continue
            return [SearchHit(*row) for row in rows]
        return []

    def search_candidates(
        self, need: IndexQuery | None, limit: int, offset: int = 0
    ) -> list[StoredEntry]:
        if need is None:
            rows = self._rows(
                f"{STORED} ORDER BY date DESC, e.id DESC LIMIT %s OFFSET %s",
                (int(limit), int(offset)),
            )
            return [StoredEntry(*row) for row in rows]
        rows = self._rows(
            f"{STORED}, CAST(%s AS tsquery) AS q WHERE e.search @@ q "
            "ORDER BY ts_rank(e.search, q) DESC, e.id DESC LIMIT %s OFFSET %s",
            (fts.need_text(need), int(limit), int(offset)),
        )
        return [StoredEntry(*row) for row in rows]
