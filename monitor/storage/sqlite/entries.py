"""Entries on SQLite: stored (deduplicated, flagged for matching) and full-text search;
the engine-neutral part is `EntryStore`.

Full-text search uses an external-content FTS5 table indexed in bulk (`index_entries`)
rather than by triggers, which would make every poll's inserts several times slower.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from monitor.models import Entry
from monitor.storage.entries import STORED, EntryStore, new_and_changed
from monitor.storage.records import IndexQuery, SearchHit, StoredEntry
from monitor.storage.sqlite import fulltext
from monitor.storage.sqlite.connection import CHUNK, Connection, marks


class Entries(Connection, EntryStore):
    """Storing a poll's entries, and search (the entries waiting to be matched: EntryStore)."""

    @staticmethod
    def _known(
        conn: sqlite3.Connection, source_id: int, identities: list[str]
    ) -> dict[str, tuple[int, str]]:
        """Identity -> (entry id, content hash) of those already stored for the source."""
        known: dict[str, tuple[int, str]] = {}
        for chunk_start in range(0, len(identities), CHUNK):
            chunk = identities[chunk_start : chunk_start + CHUNK]
            for row in conn.execute(
                f"SELECT identity, id, content_hash FROM entries "
                f"WHERE source_id = ? AND identity IN ({marks(len(chunk))})",
                (source_id, *chunk),
            ):
                known[row[0]] = (row[1], row[2])
        return known

    def stored_hashes(self, source_id: int, identities: list[str]) -> dict[str, str]:
        known = self._known(self.conn, source_id, identities)
        return {identity: content for identity, (_, content) in known.items()}

    def _store_entries(
        self, conn: sqlite3.Connection, source_id: int, entries: list[Entry], stamp: str
    ) -> tuple[int, int]:
        """Insert unseen entries, update changed ones (flagging them, and taking an indexed
        one out of the search index and back in), skip the rest."""
        if not entries:
            return 0, 0
        known = self._known(conn, source_id, [e.identity for e in entries])
        inserts, updates = new_and_changed(source_id, entries, known, stamp)
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

    # -- full-text search -------------------------------------------------------------------

    @staticmethod
    def _indexed_upto(conn: sqlite3.Connection) -> int:
        row = conn.execute("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _unindex(conn: sqlite3.Connection, entry_id: int) -> None:
        conn.execute(
            "INSERT INTO entries_fts (entries_fts, rowid, title, summary_text, content_text) "
            "SELECT 'delete', id, monitor_fold(title), monitor_fold(summary_text), "
            "monitor_fold(content_text) FROM entries WHERE id = ?",
            (entry_id,),
        )

    @staticmethod
    def _index_rows(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> int:
        cursor = conn.execute(
            "INSERT INTO entries_fts (rowid, title, summary_text, content_text) "
            "SELECT id, monitor_fold(title), monitor_fold(summary_text), "
            f"monitor_fold(content_text) FROM entries WHERE {where}",
            params,
        )
        return cursor.rowcount

    @staticmethod
    def _fold_index(conn: sqlite3.Connection) -> None:
        """An index of raw text (made before the index held folded tokens) is emptied once,
        to be filled again with folded tokens."""
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (fulltext.FOLDED_KEY,)
                           ).fetchone()
        if row and row[0] == fulltext.FOLDED_VALUE:
            return
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('delete-all')")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_indexed_upto', '0')")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (fulltext.FOLDED_KEY, fulltext.FOLDED_VALUE))

    def index_entries(self) -> int:
        with self._transaction() as conn:
            self._fold_index(conn)
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
        """FTS5 syntax, each word folded as rules fold it; a query FTS5 cannot parse is
        taken as plain words."""
        self.index_entries()
        sql = (
            "SELECT e.id, e.title, coalesce(s.title, s.feed_title, s.url) AS source, "
            "e.published, e.link FROM entries_fts f JOIN entries e ON e.id = f.rowid "
            "JOIN sources s ON s.id = e.source_id WHERE entries_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?"
        )
        for text in (fulltext.plain_words(query), fulltext.all_words(query)):
            if text is None:
                continue
            try:
                rows = self.conn.execute(sql, (text, limit)).fetchall()
            except sqlite3.OperationalError:
                continue
            return [SearchHit(*row) for row in rows]
        return []

    def search_candidates(
        self, need: IndexQuery | None, limit: int, offset: int = 0
    ) -> list[StoredEntry]:
        if need is None:
            rows = self.conn.execute(
                f"{STORED} ORDER BY date DESC, e.id DESC LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
            return [StoredEntry(*row) for row in rows]
        rows = self.conn.execute(
            f"{STORED} JOIN entries_fts f ON f.rowid = e.id WHERE entries_fts MATCH ? "
            "ORDER BY f.rank, e.id DESC LIMIT ? OFFSET ?",
            (fulltext.match_text(need), limit, offset),
        ).fetchall()
        return [StoredEntry(*row) for row in rows]
