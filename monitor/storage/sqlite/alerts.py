"""Hits and alerts on SQLite: the engine-neutral `AlertStore`, and what this engine writes
its own way (an alert's bands in one executemany, a story's sources through SQLite's
min() bare columns, the per-rule tallies with total())."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from monitor.schedule import iso
from monitor.storage.alerts import AlertStore
from monitor.storage.records import FeedMark, NewAlert, SourceRef
from monitor.storage.sqlite.connection import Connection


class Alerts(Connection, AlertStore):
    """Recording hits into alerts, and every way alerts are read and marked."""

    _URLS = "json_group_array(DISTINCT s.url)"
    _UNLIMITED = " LIMIT -1"

    @staticmethod
    def _urls(value: Any) -> list[str]:
        urls: list[str] = json.loads(value)
        return urls

    def add_alert(self, alert: NewAlert) -> tuple[int, bool]:
        with self._write() as conn:
            row = conn.execute(
                "INSERT INTO alerts (rule_id, story, title, title_key, link, severity, snippet, "
                "marks, first_seen, last_seen, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (story) DO NOTHING RETURNING id",
                (alert.rule_id, alert.story, alert.title, alert.title_key, alert.link,
                 alert.severity, alert.snippet.text, alert.snippet.marks_json(), alert.seen,
                 alert.seen, alert.signature),
            ).fetchone()
            if row is not None:
                alert_id = int(row[0])
                conn.execute(
                    "INSERT INTO alert_rules (alert_id, rule_id, severity, first_seen) "
                    "VALUES (?, ?, ?, ?)", (alert_id, alert.rule_id, alert.severity, alert.seen),
                )
                conn.executemany(
                    "INSERT INTO story_bands (band, alert_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(band, alert_id) for band in alert.bands],
                )
                return alert_id, True
            existing = conn.execute(
                "UPDATE alerts SET last_seen = max(last_seen, ?) WHERE story = ? RETURNING id",
                (alert.seen, alert.story),
            ).fetchone()
        return int(existing[0]), False

    def add_story_bands(self, alert_id: int, bands: Collection[str]) -> None:
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO story_bands (band, alert_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(band, alert_id) for band in bands],
            )

    def story_sources(self, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
        rows = self.conn.execute(
            "SELECT h.alert_id, s.url, coalesce(s.title, s.feed_title), e.link, min(h.id) AS first "
            "FROM hits h JOIN entries e ON e.id = h.entry_id JOIN sources s ON s.id = e.source_id "
            "WHERE h.alert_id IN (SELECT value FROM json_each(?)) "
            "GROUP BY h.alert_id, s.id ORDER BY h.alert_id, first",
            (json.dumps(list(alert_ids)),),
        ).fetchall()
        found: dict[int, list[SourceRef]] = {}
        for alert_id, url, title, link, _first in rows:
            found.setdefault(alert_id, []).append(SourceRef(url, title, link))
        return found

    def feed_marks(self) -> list[FeedMark]:
        rows = self.conn.execute(
            "SELECT r.rule_id, count(*), max(a.id), max(a.last_seen), "
            "total(a.status = 'dismissed'), total(CASE WHEN a.status = 'dismissed' THEN a.id END) "
            "FROM alert_rules r JOIN alerts a ON a.id = r.alert_id "
            "GROUP BY r.rule_id ORDER BY r.rule_id"
        ).fetchall()
        return [FeedMark(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows]

    def hit_counts(self, week: datetime, month: datetime) -> dict[str, tuple[int, int]]:
        rows = self.conn.execute(
            "SELECT rule_id, sum(created >= ?), count(*) FROM hits WHERE created >= ? "
            "GROUP BY rule_id", (iso(week), iso(month)),
        ).fetchall()
        return {row[0]: (int(row[1] or 0), int(row[2])) for row in rows}
