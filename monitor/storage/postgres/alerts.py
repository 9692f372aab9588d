"""Hits and alerts on PostgreSQL: the engine-neutral `AlertStore`, and what this engine
writes its own way (an alert under the shared lock on new alerts, bands in one unnest,
a story's sources grouped by every column read, the per-rule tallies with FILTER)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

import psycopg

from monitor.schedule import iso
from monitor.storage.alerts import AlertStore
from monitor.storage.postgres.connection import Connection
from monitor.storage.postgres.schema import NEW_ALERTS_LOCK
from monitor.storage.records import FeedMark, NewAlert, SourceRef


class Alerts(Connection, AlertStore):
    """Recording hits into alerts, and every way alerts are read and marked."""

    _URLS = "array_agg(DISTINCT s.url)"
    _UNLIMITED = ""

    @staticmethod
    def _urls(value: Any) -> list[str]:
        return list(value)

    def add_alert(self, alert: NewAlert) -> tuple[int, bool]:
        with self._write() as conn:
            # Held until this transaction commits: queueing immediate alerts waits for it,
            # so an alert id committed late is never skipped (see Deliveries).
            conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (NEW_ALERTS_LOCK,))
            row = conn.execute(
                "INSERT INTO alerts (rule_id, story, title, title_key, link, severity, snippet, "
                "marks, first_seen, last_seen, signature) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (story) DO NOTHING RETURNING id",
                (alert.rule_id, alert.story, alert.title, alert.title_key, alert.link,
                 alert.severity, alert.snippet.text, alert.snippet.marks_json(), alert.seen,
                 alert.seen, alert.signature),
            ).fetchone()
            if row is not None:
                alert_id = int(row[0])
                conn.execute(
                    "INSERT INTO alert_rules (alert_id, rule_id, severity, first_seen) "
                    "VALUES (%s, %s, %s, %s)",
                    (alert_id, alert.rule_id, alert.severity, alert.seen),
                )
                if alert.bands:
                    conn.execute(
                        "INSERT INTO story_bands (band, alert_id) "
                        "SELECT unnest(%s::text[]), %s ON CONFLICT DO NOTHING",
                        (list(alert.bands), alert_id),
                    )
                return alert_id, True
            existing = conn.execute(
                "UPDATE alerts SET last_seen = greatest(last_seen, %s) WHERE story = %s "
                "RETURNING id", (alert.seen, alert.story),
            ).fetchone()
        if existing is None:
            raise psycopg.DataError(f"alert ({alert.rule_id}, {alert.story}) vanished mid-add")
        return int(existing[0]), False

    def add_story_bands(self, alert_id: int, bands: Collection[str]) -> None:
        if not bands:
            return
        with self._write() as conn:
            conn.execute(
                "INSERT INTO story_bands (band, alert_id) "
                "SELECT unnest(%s::text[]), %s ON CONFLICT DO NOTHING",
                (list(bands), alert_id),
            )

    def story_sources(self, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
        rows = self._rows(
            "SELECT h.alert_id, s.url, coalesce(s.title, s.feed_title), e.link, min(h.id) AS first "
            "FROM hits h JOIN entries e ON e.id = h.entry_id JOIN sources s ON s.id = e.source_id "
            "WHERE h.alert_id = ANY(%s) "
            "GROUP BY h.alert_id, s.id, s.url, s.title, s.feed_title, e.link "
            "ORDER BY h.alert_id, first",
            (list(alert_ids),),
        )
        found: dict[int, list[SourceRef]] = {}
        for alert_id, url, title, link, _first in rows:
            found.setdefault(alert_id, []).append(SourceRef(url, title, link))
        return found

    def feed_marks(self) -> list[FeedMark]:
        rows = self._rows(
            "SELECT r.rule_id, count(*), max(a.id), max(a.last_seen), "
            "count(*) FILTER (WHERE a.status = 'dismissed'), "
            "coalesce(sum(a.id) FILTER (WHERE a.status = 'dismissed'), 0) "
            "FROM alert_rules r JOIN alerts a ON a.id = r.alert_id "
            "GROUP BY r.rule_id ORDER BY r.rule_id"
        )
        return [FeedMark(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows]

    def hit_counts(self, week: datetime, month: datetime) -> dict[str, tuple[int, int]]:
        rows = self._rows(
            "SELECT rule_id, count(*) FILTER (WHERE created >= %s), count(*) FROM hits "
            "WHERE created >= %s GROUP BY rule_id", (iso(week), iso(month)),
        )
        return {row[0]: (int(row[1] or 0), int(row[2])) for row in rows}
