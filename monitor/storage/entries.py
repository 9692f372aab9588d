"""Entries on either engine: which of a poll's entries are new or changed, and the stored
entries read back for matching; each engine adds how it stores them and its search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from monitor.models import Entry
from monitor.schedule import iso
from monitor.storage.dialect import Dialect
from monitor.storage.records import StoredEntry

STORED = (
    "SELECT e.id, e.source_id, e.title, e.summary_text, e.content_text, e.author, e.link, "
    "coalesce(e.published, e.first_seen) AS date, s.url, "
    "coalesce(s.title, s.feed_title, s.url) FROM entries e "
    "JOIN sources s ON s.id = e.source_id"
)

_Values = tuple[Any, ...]


def new_and_changed(
    source_id: int, entries: list[Entry], known: dict[str, tuple[int, str]], stamp: str
) -> tuple[list[_Values], list[tuple[int, _Values]]]:
    """The rows to insert (unseen identities, the first of each) and (entry id, values) to
    update (stored entries whose content hash changed); the rest are skipped."""
    inserts: list[_Values] = []
    updates: list[tuple[int, _Values]] = []
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
    return inserts, updates


class EntryStore(Dialect):
    """The entries waiting to be matched, and entries read back by id or age."""

    # How matching holds the pending entries it reads until it has marked them matched:
    # nothing more on SQLite, whose write transaction already keeps every other writer
    # out; PostgreSQL locks their rows (see postgres/entries.py).
    _HOLD_PENDING: ClassVar[str] = ""

    def _pending(self, source_id: int | None) -> tuple[str, tuple[Any, ...]]:
        if source_id is None:
            return f"e.match_pending = {self._TRUE}", ()
        return f"e.match_pending = {self._TRUE} AND e.source_id = ?", (source_id,)

    def pending_entries(self, source_id: int | None = None) -> list[StoredEntry]:
        where, params = self._pending(source_id)
        rows = self._rows(f"{STORED} WHERE {where} ORDER BY e.id{self._HOLD_PENDING}", params)
        return [StoredEntry(*row) for row in rows]

    def clear_pending(
        self, source_id: int | None = None, entry_ids: Sequence[int] | None = None
    ) -> None:
        where, params = self._pending(source_id)
        where = where.replace("e.", "")
        if entry_ids is not None:
            among, listed = self._in("id", entry_ids)
            where, params = f"{where} AND {among}", (*params, listed)
        with self._contained_write() as conn:
            self._execute(
                conn, f"UPDATE entries SET match_pending = {self._FALSE} WHERE {where}", params
            )

    def entry(self, entry_id: int) -> StoredEntry | None:
        rows = self._rows(f"{STORED} WHERE e.id = ?", (entry_id,))
        return StoredEntry(*rows[0]) if rows else None

    def entries_since(self, cutoff: datetime) -> list[StoredEntry]:
        rows = self._rows(
            f"{STORED} WHERE e.first_seen >= ? ORDER BY date DESC, e.id DESC", (iso(cutoff),)
        )
        return [StoredEntry(*row) for row in rows]
