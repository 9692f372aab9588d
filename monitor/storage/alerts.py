"""Hits and alerts (one per story, the rules on it, made unique by the database), on
either engine; each engine adds what it writes its own way (adding an alert and its
bands, the per-rule tallies, a story's sources)."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any, ClassVar

from monitor.schedule import iso
from monitor.snippets import Snippet
from monitor.storage.dialect import Dialect
from monitor.storage.records import (
    Alert,
    AlertFilter,
    AlertRecord,
    Backtest,
    HitDetail,
    NewHit,
    StoryCandidate,
    by_severity,
)

_ALERT_COLUMNS = (
    "id, rule_id, story, title, link, severity, status, snippet, marks, first_seen, last_seen, "
    "starred"
)
_RANK = "CASE ? WHEN 'high' THEN 3 WHEN 'normal' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"
_RANK_NOW = _RANK.replace("?", "severity")


class AlertStore(Dialect):
    """Recording hits into alerts, and every way alerts are read and marked."""

    # Given by the engine: the aggregate of a story's source URLs (read back as a list by
    # `_urls`), and what goes before an OFFSET without a limit (SQLite needs a LIMIT).
    _URLS: ClassVar[str]
    _UNLIMITED: ClassVar[str]

    @staticmethod
    def _urls(value: Any) -> list[str]:
        raise NotImplementedError

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
        banded, listed = self._in("b.band", bands)
        rows = self._rows(
            "SELECT a.id, a.title, a.signature FROM alerts a WHERE a.id IN ("
            f"SELECT b.alert_id FROM story_bands b WHERE {banded}) "
            "AND a.last_seen >= ? ORDER BY a.id",
            (listed, iso(since)),
        )
        return [StoryCandidate(*row) for row in rows]

    def add_story_rule(self, alert_id: int, rule_id: str, severity: str, seen: str) -> bool:
        with self._write() as conn:
            added = self._execute(
                conn,
                "INSERT INTO alert_rules (alert_id, rule_id, severity, first_seen) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", (alert_id, rule_id, severity, seen),
            ).rowcount > 0
            self._execute(
                conn,
                f"UPDATE alerts SET severity = ? WHERE id = ? AND {_RANK_NOW} < {_RANK}",
                (severity, alert_id, severity),
            )
        return added

    def _rules_of(self, alert_ids: Collection[int]) -> dict[int, list[str]]:
        """Each alert's rules, highest severity first, then in the order they hit it."""
        among, listed = self._in("alert_id", alert_ids)
        pairs: dict[int, list[tuple[str, str]]] = {}
        for alert_id, rule_id, severity in self._rows(
            f"SELECT alert_id, rule_id, severity FROM alert_rules WHERE {among} "
            "ORDER BY alert_id, first_seen, rule_id",
            (listed,),
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
            self._execute(
                conn, "UPDATE alerts SET last_seen = ? WHERE id = ?", (iso(seen), alert_id)
            )

    def add_hit(self, hit: NewHit) -> bool:
        with self._write() as conn:
            return self._execute(
                conn,
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
            clauses.append(f"a.starred = {self._TRUE}")
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
            f"{self._URLS} AS sources, a.first_seen, a.snippet, a.marks, "
            "a.starred "
            "FROM alerts a JOIN hits h ON h.alert_id = a.id JOIN entries e ON e.id = h.entry_id "
            f"JOIN sources s ON s.id = e.source_id {where} GROUP BY a.id "
            "ORDER BY a.first_seen DESC, a.id DESC"
            + (f" LIMIT {int(limit)}" if limit else (self._UNLIMITED if offset else ""))
            + (f" OFFSET {int(offset)}" if offset else "")
        )
        rows = self._rows(sql, params)
        rules = self._rules_of([row[0] for row in rows])
        found = []
        for row in rows:
            ids = rules.get(row[0]) or [row[1]]
            found.append(Alert(row[0], ids[0], row[2], row[3], row[4], row[5],
                               self._urls(row[6]), row[7], Snippet.stored(row[8], row[9]),
                               ids, bool(row[10])))
        return found

    def alert(self, alert_id: int) -> AlertRecord | None:
        rows = self._rows(f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", (alert_id,))
        return self._records(rows)[0] if rows else None

    def alerts_between(self, start: datetime, end: datetime) -> list[AlertRecord]:
        rows = self._rows(
            f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE first_seen >= ? AND first_seen < ? "
            "AND status != 'dismissed' ORDER BY first_seen DESC, id DESC",
            (iso(start), iso(end)),
        )
        return self._records(rows)

    def feed_alerts(self, rule_id: str | None, limit: int) -> list[AlertRecord]:
        where = "status != 'dismissed'" + (
            " AND id IN (SELECT alert_id FROM alert_rules WHERE rule_id = ?)"
            if rule_id is not None else ""
        )
        params: list[Any] = [rule_id] if rule_id is not None else []
        rows = self._rows(
            f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE {where} "
            "ORDER BY first_seen DESC, id DESC LIMIT ?",
            [*params, int(limit)],
        )
        return self._records(rows)

    def alert_hits(self, alert_ids: Collection[int]) -> list[HitDetail]:
        among, listed = self._in("h.alert_id", alert_ids)
        rows = self._rows(
            "SELECT h.alert_id, e.id, e.title, e.link, s.url, "
            "coalesce(s.title, s.feed_title, s.url), e.published, h.created, h.terms, h.snippet, "
            "h.marks, h.rule_id, "
            "CASE WHEN e.content_text <> '' THEN e.content_text ELSE e.summary_text END "
            "FROM hits h JOIN entries e ON e.id = h.entry_id JOIN sources s ON s.id = e.source_id "
            f"WHERE {among} ORDER BY h.id",
            (listed,),
        )
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

    def mark_alerts(self, ids: list[int], status: str) -> list[int]:
        among, listed = self._in("id", ids)
        with self._transaction() as conn:
            known = {row[0] for row in self._execute(
                conn, f"SELECT id FROM alerts WHERE {among}", (listed,)
            )}
            missing = [i for i in ids if i not in known]
            if not missing:
                # starred: a bool, which SQLite stores as 1 or 0
                column, value = (
                    ("starred", status == "starred")
                    if status in ("starred", "unstarred") else ("status", status)
                )
                self._execute(
                    conn, f"UPDATE alerts SET {column} = ? WHERE {among}", (value, listed)
                )
        return missing

    def alert_rule_ids(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT DISTINCT rule_id FROM alert_rules")}

    def top_alert_id(self) -> int:
        return int(self._one("SELECT coalesce(max(id), 0) FROM alerts"))

    def story_counts(self) -> dict[str, tuple[int, int]]:
        rows = self._rows(
            "SELECT ar.rule_id, sum(CASE WHEN a.status = 'new' THEN 1 ELSE 0 END), count(*) "
            "FROM alert_rules ar JOIN alerts a ON a.id = ar.alert_id GROUP BY ar.rule_id"
        )
        return {row[0]: (int(row[1] or 0), int(row[2])) for row in rows}

    def backtest(self, rule_id: str) -> Backtest | None:
        rows = self._rows(
            "SELECT rule_id, query, entry_ids, at FROM backtests WHERE rule_id = ?", (rule_id,)
        )
        if not rows:
            return None
        rule_id, query, entry_ids, at = rows[0]
        return Backtest(rule_id, query, list(json.loads(entry_ids)), at)

    def save_backtest(self, backtest: Backtest) -> None:
        with self._write() as conn:
            self._execute(
                conn,
                "INSERT INTO backtests (rule_id, query, entry_ids, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (rule_id) DO UPDATE SET query = excluded.query, "
                "entry_ids = excluded.entry_ids, at = excluded.at",
                (backtest.rule_id, backtest.query, json.dumps(backtest.entry_ids), backtest.at),
            )
