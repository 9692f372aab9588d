"""One poll's write, on either engine: its entries, the source's schedule state (which
releases the source's claim) and a fetch-log row, in one transaction; or many such, batched."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from monitor.models import Entry, Outcome, Source
from monitor.schedule import Schedule, iso
from monitor.storage.dialect import Dialect
from monitor.storage.hosts import source_host

_Poll = tuple[int, dict[str, Any], tuple[Any, ...]]


class PollWrites(Dialect):
    """Recording what each poll did, on either engine: the engine's class gives the
    entry store and its dialect (transaction, `_executemany`)."""

    _batch: list[_Poll] | None = None

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
        """Inside `batched_polls()`, a poll with no entries (a 304, an error) is queued and
        written with the others in one statement at the end of the batch."""
        stamp = iso(now)
        fields: dict[str, Any] = {
            "state": schedule.state.value,
            "error_count": schedule.error_count,
            "next_check": iso(schedule.next_check),
            "last_check": stamp,
            "last_status": status,
            "last_error": error,
            "claimed_by": None,
            "claimed_until": None,
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
            fields["host"] = source_host(moved_to)
        if memory is not None and memory != source.memory:  # unchanged: not rewritten
            fields["memory"] = json.dumps(memory, ensure_ascii=False)
        fetch_row = (
            source.id, stamp, source.effective_url, outcome.value, status, size,
            int(duration * 1000), error,
        )
        if self._batch is not None and not entries:
            self._batch.append((source.id, fields, fetch_row))
            return 0, 0
        with self._transaction() as conn:
            new, updated = self._store_entries(conn, source.id, entries or [], stamp)
            self._write_polls(conn, [(source.id, fields, fetch_row)], new, updated)
        return new, updated

    @contextlib.contextmanager
    def batched_polls(self) -> Iterator[None]:
        """Queue polls without entries and write them together when the block ends (a
        commit per 304 is most of the cost of storing a large all-304 poll)."""
        if self._batch is not None:
            yield
            return
        self._batch = []
        try:
            yield
        finally:
            batch, self._batch = self._batch, None
            if batch:
                with self._transaction() as conn:
                    self._write_polls(conn, batch, 0, 0)

    def _write_polls(self, conn: Any, polls: list[_Poll], new: int, updated: int) -> None:
        """A fetch-log row per poll (under the daemon that claimed the source), then each
        source's new schedule state (which releases the claim)."""
        self._executemany(
            conn,
            "INSERT INTO fetches (source_id, at, url, outcome, status, bytes, duration_ms, "
            "error, new_entries, updated_entries, daemon_id) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT claimed_by FROM sources WHERE id = ?))",
            [(*row, new, updated, row[0]) for _, _, row in polls],
        )
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for source_id, fields, _ in polls:
            by_columns.setdefault(tuple(fields), []).append((*fields.values(), source_id))
        for columns, rows in by_columns.items():
            assignments = ", ".join(f"{key} = ?" for key in columns)
            self._executemany(conn, f"UPDATE sources SET {assignments} WHERE id = ?", rows)

    # Given by the engine's entries, which come before this class in a storage's bases.
    def _store_entries(
        self, conn: Any, source_id: int, entries: list[Entry], stamp: str
    ) -> tuple[int, int]:
        raise NotImplementedError
