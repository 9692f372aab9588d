"""Keeping a SQLite database sound and small for months: integrity checks, the WAL given
back, old entries deleted, sizes and counts, and an online backup."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from monitor.errors import StateError
from monitor.schedule import iso
from monitor.storage.records import DatabaseUsage
from monitor.storage.sqlite.connection import CHUNK, marks
from monitor.storage.sqlite.entries import Entries

COUNTED = ("sources", "entries", "fetches", "hits", "alerts", "deliveries", "digests")


class Upkeep(Entries):
    """Integrity, WAL checkpoints, entry pruning, usage and backup on SQLite."""

    def integrity(self, full: bool = False) -> list[str]:
        pragma = "integrity_check" if full else "quick_check"
        try:
            rows = self.conn.execute(f"PRAGMA {pragma}").fetchall()
        except sqlite3.DatabaseError as exc:  # damage bad enough that the check cannot run
            return [str(exc)]
        found = [str(row[0]) for row in rows]
        return [] if found == ["ok"] else found

    def checkpoint(self) -> None:
        # TRUNCATE waits for no reader: it does what it can and leaves the rest for next time.
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def prune_entries(self, before: datetime) -> int:
        with self._transaction() as conn:
            ids = [row[0] for row in conn.execute(
                "SELECT e.id FROM entries e WHERE e.first_seen < ? AND e.match_pending = 0 "
                "AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.entry_id = e.id) "
                # The newest id stays: SQLite would hand it out again, and the search index
                # takes in only ids above the last one it saw.
                "AND e.id < (SELECT max(id) FROM entries)",
                (iso(before),),
            )]
            upto = self._indexed_upto(conn)
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                indexed = [i for i in chunk if i <= upto]
                if indexed:  # external-content FTS: told what it held before the row goes
                    conn.execute(
                        "INSERT INTO entries_fts (entries_fts, rowid, title, summary_text, "
                        "content_text) SELECT 'delete', id, monitor_fold(title), "
                        "monitor_fold(summary_text), monitor_fold(content_text) "  # as indexed
                        f"FROM entries WHERE id IN ({marks(len(indexed))})", indexed,
                    )
                conn.execute(f"DELETE FROM entries WHERE id IN ({marks(len(chunk))})", chunk)
        return len(ids)

    def usage(self) -> DatabaseUsage:
        wal = Path(f"{self.path}-wal")
        rows = {table: int(self._one(f"SELECT count(*) FROM {table}")) for table in COUNTED}
        return DatabaseUsage(
            size=_size(self.path) + _size(wal), wal=_size(wal), rows=rows,
        )

    def backup(self, target: Path) -> None:
        if target.resolve() == Path(self.path).resolve():
            raise StateError(f"{target} is the database itself; name another file")
        if target.exists():
            raise StateError(f"{target} exists; name a new file (or move that one away)")
        try:
            copy = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise StateError(f"cannot write {target}: {exc}") from exc
        try:
            # In one step: in WAL mode that is one read snapshot, which never blocks the
            # daemon's writes (a copy in steps would start over after each of them).
            with copy:
                self.conn.backup(copy)
        except sqlite3.Error:
            copy.close()
            target.unlink(missing_ok=True)
            raise
        copy.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
