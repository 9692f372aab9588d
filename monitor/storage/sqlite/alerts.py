"""Hits and alerts (one per story, the rules on it, made unique by the database), on SQLite."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from monitor.schedule import iso
from monitor.snippets import Snippet
from monitor.storage.records import (
    Alert,
    AlertFilter,
    AlertRecord,
    Backtest,
    FeedMark,
    HitDetail,
    NewAlert,
    NewHit,
    SourceRef,
    StoryCandidate,
    by_severity,
)
from monitor.storage.sqlite.connection import Connection

_ALERT_COLUMNS = (
    "id, rule_id, story, title, link, severity, status, snippet, marks, first_seen, last_seen, "
    "starred"
)
_RANK = "CASE ? WHEN 'high' THEN 3 WHEN 'normal' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"
_RANK_NOW = _RANK.replace("?", "severity")


class Alerts(Connection):
    """Recording hits into alerts, and every way alerts are read and marked."""

    # -- recording --------------------------------------------------------------------------

    def has_hit(self, rule_id: str, entry_id: int) -> bool:
        return self._one(
            "SELECT 1 FROM hits WHERE rule_id = ? AND entry_id = ?", (rule_id, entry_id)
        ) is not None

    def alert_for_story(self, story: str) -> int | None:
        found = self._one("SELECT id FROM alerts WHERE story = ?", (story,))
        return int(found) if found is not None else None

    def alert_for_entry(self, entry_id: int) -> int | None:
        found = self._one("SELECT min(alert_id) FROM hits WHERE entry_id = ?", (entry_id,))
        return int(found) if found is not None else None

    def story_candidates(self, bands: Collection[str], since: datetime) -> list[StoryCandidate]:
        rows = self.db.execute(
            "SELECT a.id, a.title, a.signature FROM alerts a WHERE a.id IN ("
            "SELECT b.alert_id FROM story_bands b WHERE b.band IN "
            "(SELECT value FROM json_each(?))) AND a.last_seen >= ? ORDER BY a.id",
            (json.dumps(list(bands)), iso(since)),
        ).fetchall()
        return [StoryCandidate(*row) for row in rows]

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

    def add_story_rule(self, alert_id: int, rule_id: str, severity: str, seen: str) -> bool:
        with self._write() as conn:
            added = conn.execute(
                "INSERT INTO alert_rules (alert_id, rule_id, severity, first_seen) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", (alert_id, rule_id, severity, seen),
            ).rowcount > 0
            conn.execute(
                f"UPDATE alerts SET severity = ? WHERE id = ? AND {_RANK_NOW} < {_RANK}",
                (severity, alert_id, severity),
            )
        return added

    def add_story_bands(self, alert_id: int, bands: Collection[str]) -> None:
        with self._write() as conn:
            conn.executemany(
                "INSERT INTO story_bands (band, alert_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(band, alert_id) for band in bands],
            )

    def _rules_of(self, alert_ids: Collection[int]) -> dict[int, list[str]]:
        """Each alert's rules, highest severity first, then in the order they hit it."""
        pairs: dict[int, list[tuple[str, str]]] = {}
        for alert_id, rule_id, severity in self.db.execute(
            "SELECT alert_id, rule_id, severity FROM alert_rules "
            "WHERE alert_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY alert_id, first_seen, rule_id",
            (json.dumps(list(alert_ids)),),
        ):
            pairs.setdefault(alert_id, []).append((rule_id, severity))
        return {alert_id: by_severity(found) for alert_id, found in pairs.items()}

    def _records(self, rows: list[Any]) -> list[AlertRecord]:
        rules = self._rules_of([row[0] for row in rows])
        return [
            AlertRecord.from_row(row, rules.get(row[0]) or [row[1]]) for row in rows
        ]

    def touch_alert(self, alert_id: int, seen: datetime) -> None:
        with self._write() as conn:
            conn.execute("UPDATE alerts SET last_seen = ? WHERE id = ?", (iso(seen), alert_id))

    def add_hit(self, hit: NewHit) -> bool:
        with self._write() as conn:
            return conn.execute(
                "INSERT INTO hits (rule_id, entry_id, alert_id, terms, snippet, marks, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, entry_id) DO NOTHING",
                (hit.rule_id, hit.entry_id, hit.alert_id,
                 json.dumps(hit.terms, ensure_ascii=False), hit.snippet.text,
                 hit.snippet.marks_json(), hit.created),
            ).rowcount > 0

    # -- reading ----------------------------------------------------------------------------

    def list_alerts(self, query: AlertFilter) -> list[Alert]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.status is None:
            clauses.append("a.status != 'dismissed'")
        elif query.status == "starred":
            clauses.append("a.starred = 1")
        elif query.status != "all":
            clauses.append("a.status = ?")
            params.append(query.status)
        for column, value in (
            ("a.id IN (SELECT alert_id FROM alert_rules WHERE rule_id = ?)", query.rule),
            ("a.first_seen >= ?", query.since), ("a.first_seen < ?", query.until),
            ("a.severity = ?", query.severity),
        ):
            if value:
                clauses.append(column)
                params.append(value)
        if query.source:
            clauses.append(
                "a.id IN (SELECT h2.alert_id FROM hits h2 JOIN entries e2 ON e2.id = h2.entry_id "
                "JOIN sources s2 ON s2.id = e2.source_id WHERE s2.url = ?)"
            )
            params.append(query.source)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        limit, offset = query.limit, query.offset
        sql = (
            "SELECT a.id, a.rule_id, a.severity, a.status, a.title, a.link, "
            "json_group_array(DISTINCT s.url) AS sources, a.first_seen, a.snippet, a.marks, "
            "a.starred "
            "FROM alerts a JOIN hits h ON h.alert_id = a.id JOIN entries e ON e.id = h.entry_id "
            f"JOIN sources s ON s.id = e.source_id {where} GROUP BY a.id "
            "ORDER BY a.first_seen DESC, a.id DESC"
            + (f" LIMIT {int(limit)}" if limit else (" LIMIT -1" if offset else ""))
            + (f" OFFSET {int(offset)}" if offset else "")
        )
        rows = self.db.execute(sql, params).fetchall()
        rules = self._rules_of([row[0] for row in rows])
        found = []
        for row in rows:
            ids = rules.get(row[0]) or [row[1]]
            found.append(Alert(row[0], ids[0], row[2], row[3], row[4], row[5],
                               json.loads(row[6]), row[7], Snippet.stored(row[8], row[9]),
                               ids, bool(row[10])))
        return found

    def alert(self, alert_id: int) -> AlertRecord | None:
        row = self.db.execute(
            f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", (alert_id,)
        ).fetchone()
        return self._records([row])[0] if row else None

    def alerts_between(self, start: datetime, end: datetime) -> list[AlertRecord]:
        rows = self.db.execute(
            f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE first_seen >= ? AND first_seen < ? "
            "AND status != 'dismissed' ORDER BY first_seen DESC, id DESC",
            (iso(start), iso(end)),
        ).fetchall()
        return self._records(rows)

    def feed_alerts(self, rule_id: str | None, limit: int) -> list[AlertRecord]:
        where = "status != 'dismissed'" + (
            " AND id IN (SELECT alert_id FROM alert_rules WHERE rule_id = ?)"
            if rule_id is not None else ""
        )
        params: list[Any] = [rule_id] if rule_id is not None else []
        rows = self.db.execute(
            f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE {where} "
            "ORDER BY first_seen DESC, id DESC LIMIT ?",
            [*params, int(limit)],
        ).fetchall()
        return self._records(rows)

    def alert_hits(self, alert_ids: Collection[int]) -> list[HitDetail]:
        rows = self.db.execute(
            "SELECT h.alert_id, e.id, e.title, e.link, s.url, "
            "coalesce(s.title, s.feed_title, s.url), e.published, h.created, h.terms, h.snippet, "
            "h.marks, h.rule_id, "
            "CASE WHEN e.content_text <> '' THEN e.content_text ELSE e.summary_text END "
            "FROM hits h JOIN entries e ON e.id = h.entry_id JOIN sources s ON s.id = e.source_id "
            "WHERE h.alert_id IN (SELECT value FROM json_each(?)) ORDER BY h.id",
            (json.dumps(list(alert_ids)),),
        ).fetchall()
        found = []
        for row in rows:
            try:
                terms = json.loads(row[8] or "[]")
            except (TypeError, ValueError):
                terms = []
            found.append(HitDetail(
                row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                terms if isinstance(terms, list) else [],
                Snippet.stored(row[9], row[10]), row[11], row[12],
            ))
        return found

    def story_sources(self, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
        rows = self.db.execute(
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

    def mark_alerts(self, ids: list[int], status: str) -> list[int]:
        with self._transaction() as conn:
            known = {row[0] for row in conn.execute(
                "SELECT id FROM alerts WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )}
            missing = [i for i in ids if i not in known]
            if not missing:
                column, value = (
                    ("starred", int(status == "starred"))
                    if status in ("starred", "unstarred") else ("status", status)
                )
                conn.execute(
                    f"UPDATE alerts SET {column} = ? "
                    "WHERE id IN (SELECT value FROM json_each(?))",
                    (value, json.dumps(ids)),
                )
        return missing

    def alert_rule_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT DISTINCT rule_id FROM alert_rules")}

    def top_alert_id(self) -> int:
        return int(self._one("SELECT coalesce(max(id), 0) FROM alerts"))

    def feed_marks(self) -> list[FeedMark]:
        rows = self.db.execute(
            "SELECT r.rule_id, count(*), max(a.id), max(a.last_seen), "
            "total(a.status = 'dismissed'), total(CASE WHEN a.status = 'dismissed' THEN a.id END) "
            "FROM alert_rules r JOIN alerts a ON a.id = r.alert_id "
            "GROUP BY r.rule_id ORDER BY r.rule_id"
        ).fetchall()
        return [FeedMark(r[0], r[1], r[2], r[3], int(r[4]), int(r[5])) for r in rows]

    def hit_counts(self, week: datetime, month: datetime) -> dict[str, tuple[int, int]]:
        rows = self.db.execute(
            "SELECT rule_id, sum(created >= ?), count(*) FROM hits WHERE created >= ? "
            "GROUP BY rule_id", (iso(week), iso(month)),
        ).fetchall()
        return {row[0]: (int(row[1] or 0), int(row[2])) for row in rows}

    def story_counts(self) -> dict[str, tuple[int, int]]:
        rows = self.db.execute(
            "SELECT ar.rule_id, sum(CASE WHEN a.status = 'new' THEN 1 ELSE 0 END), count(*) "
            "FROM alert_rules ar JOIN alerts a ON a.id = ar.alert_id GROUP BY ar.rule_id"
        ).fetchall()
        return {row[0]: (int(row[1] or 0), int(row[2])) for row in rows}

    def backtest(self, rule_id: str) -> Backtest | None:
        row = self.db.execute(
            "SELECT rule_id, query, entry_ids, at FROM backtests WHERE rule_id = ?", (rule_id,)
        ).fetchone()
        return Backtest(row[0], row[1], list(json.loads(row[2])), row[3]) if row else None

    def save_backtest(self, backtest: Backtest) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO backtests (rule_id, query, entry_ids, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (rule_id) DO UPDATE SET query = excluded.query, "
                "entry_ids = excluded.entry_ids, at = excluded.at",
                (backtest.rule_id, backtest.query, json.dumps(backtest.entry_ids), backtest.at),
            )
