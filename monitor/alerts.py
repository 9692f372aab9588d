"""Hits become alerts: one alert per rule and story, whatever number of sources carry it.

A story is known by its canonical URL (tracking parameters and fragment dropped), or by a
near-identical title seen for the same rule within a few days. Matching runs on entries
flagged `match_pending` (new or changed) and clears the flag in the same transaction as it
records their hits, so a kill never loses a match and never records one twice.
"""

from __future__ import annotations

import difflib
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.errors import MonitorError
from monitor.rulebook.files import Rule, Rulebook, RuleError, fingerprint, load_rulebook
from monitor.rulebook.matcher import CompiledRule, Hit, Matcher, document_fields
from monitor.rulebook.normalize import folded_tokens
from monitor.schedule import iso
from monitor.store import Store
from monitor.urls import canonical_url

log = logging.getLogger(__name__)

STATUSES = ("new", "read", "starred", "dismissed")
STORY_WINDOW = timedelta(days=3)
TITLE_SIMILARITY = 0.9
@dataclass(frozen=True)
class Alert:
    """An alert as `monitor alerts --json` shows it."""

    id: int
    rule: str
    severity: str
    status: str
    title: str
    link: str | None
    sources: list[str]
    first_seen: str
    snippet: str


@dataclass(frozen=True)
class SourceRef:
    """A source that carried a story: its URL and name, and the entry's own link there."""

    url: str
    title: str | None
    link: str | None = None


def story_sources(store: Store, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
    """Every source that carried each alert's story, in the order they were first hit (one
    query for digests, notifications and whoever else shows an alert's sources)."""
    rows = store.db.execute(
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


def compile_rules(rules: Iterable[Rule]) -> Matcher:
    return Matcher(CompiledRule(r.id, r.ast) for r in rules)


class Rules:
    """The rulebook in force and its matcher; reloaded when the files change, keeping the
    last good one when they are broken."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Rulebook | None = None
        self.matcher: Matcher | None = None
        self.error: str | None = None
        self._fingerprint: str | None = None

    def refresh(self) -> bool:
        """Reload if the files changed; True if a new rulebook is in force."""
        current = fingerprint(self.path)
        if current == self._fingerprint:
            return False
        self._fingerprint = current
        try:
            book = load_rulebook(self.path)
        except RuleError as exc:
            self.error = str(exc)
            kept = "keeping the last good rules" if self.book else "no rules in force"
            log.error("rule files have errors; %s:\n%s", kept, exc)
            return False
        self.book, self.error = book, None
        self.matcher = compile_rules(book.enabled)
        log.info("rules loaded: %d enabled of %d", len(book.enabled), len(book.rules))
        return True


def _story_alert(
    conn: sqlite3.Connection, rule_id: str, story: str, key: str, now: datetime
) -> int | None:
    row = conn.execute(
        "SELECT id FROM alerts WHERE rule_id = ? AND story = ?", (rule_id, story)
    ).fetchone()
    if row:
        return int(row[0])
    if len(key.split()) < 3:
        return None
    recent = conn.execute(
        "SELECT id, title_key FROM alerts WHERE rule_id = ? AND last_seen >= ?",
        (rule_id, iso(now - STORY_WINDOW)),
    ).fetchall()
    for alert_id, other in recent:
        if other == key or (
            difflib.SequenceMatcher(None, other, key).quick_ratio() >= TITLE_SIMILARITY
            and difflib.SequenceMatcher(None, other, key).ratio() >= TITLE_SIMILARITY
        ):
            return int(alert_id)
    return None


def record_hit(
    conn: sqlite3.Connection, entry: dict[str, Any], hit: Hit, rule: Rule, now: datetime
) -> tuple[bool, bool]:
    """Store a hit and fold it into its story's alert. Returns (hit is new, alert is new)."""
    exists = conn.execute(
        "SELECT 1 FROM hits WHERE rule_id = ? AND entry_id = ?", (hit.rule_id, entry["id"])
    ).fetchone()
    if exists:
        return False, False
    stamp = iso(now)
    story = canonical_url(entry["link"]) or f"entry:{entry['id']}"
    key = folded_tokens(entry["title"] or "")
    alert_id = _story_alert(conn, hit.rule_id, story, key, now)
    created = alert_id is None
    if alert_id is None:
        alert_id = conn.execute(
            "INSERT INTO alerts (rule_id, story, title, title_key, link, severity, snippet, "
            "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (hit.rule_id, story, entry["title"] or "", key, entry["link"], rule.severity,
             hit.snippet, stamp, stamp),
        ).lastrowid
    else:
        conn.execute("UPDATE alerts SET last_seen = ? WHERE id = ?", (stamp, alert_id))
    terms = [
        {"term": t.term, "field": t.field, "start": t.start, "end": t.end, "text": t.text}
        for t in hit.terms
    ]
    conn.execute(
        "INSERT INTO hits (rule_id, entry_id, alert_id, terms, snippet, created) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (hit.rule_id, entry["id"], alert_id, json.dumps(terms, ensure_ascii=False),
         hit.snippet, stamp),
    )
    return True, created


_ENTRY_COLUMNS = "id, title, summary_text, content_text, author, link"


def entry_document(row: dict[str, Any]) -> dict[str, str]:
    return document_fields(
        title=row["title"], summary=row["summary_text"], content=row["content_text"],
        author=row["author"] or "", link=row["link"] or "",
    )


def match_pending(
    store: Store, rules: Rules, now: datetime, source_id: int | None = None
) -> tuple[int, int]:
    """Match new and changed entries against the rules in force; (hits, new alerts)."""
    if rules.book is None or rules.matcher is None:
        return 0, 0
    by_id = {r.id: r for r in rules.book.rules}
    where = "match_pending = 1" + (" AND source_id = ?" if source_id is not None else "")
    params: tuple[Any, ...] = (source_id,) if source_id is not None else ()
    hits = alerts = 0
    with store.transaction() as conn:
        if not len(rules.matcher):
            # No enabled rules: nothing can hit, so the entries are simply marked matched.
            conn.execute(f"UPDATE entries SET match_pending = 0 WHERE {where}", params)
            return 0, 0
        conn.row_factory = sqlite3.Row
        try:
            rows = conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE {where}", params)
            for row in rows.fetchall():
                for hit in rules.matcher.match(entry_document(row)):
                    new_hit, new_alert = record_hit(conn, row, hit, by_id[hit.rule_id], now)
                    hits += new_hit
                    alerts += new_alert
        finally:
            conn.row_factory = None
        conn.execute(f"UPDATE entries SET match_pending = 0 WHERE {where}", params)
    return hits, alerts


def list_alerts(
    store: Store,
    *,
    status: str | None = None,
    rule: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    severity: str | None = None,
    source: str | None = None,
    until: datetime | None = None,
    offset: int = 0,
) -> list[Alert]:
    """Alerts newest first, with every source that carried the story. `source` (a source
    URL) keeps alerts that source carried; `until` is exclusive; `offset` pages."""
    clauses: list[str] = []
    params: list[Any] = []
    if status:
        clauses.append("a.status = ?")
        params.append(status)
    if rule:
        clauses.append("a.rule_id = ?")
        params.append(rule)
    if since:
        clauses.append("a.first_seen >= ?")
        params.append(iso(since))
    if until:
        clauses.append("a.first_seen < ?")
        params.append(iso(until))
    if severity:
        clauses.append("a.severity = ?")
        params.append(severity)
    if source:
        clauses.append(
            "a.id IN (SELECT h2.alert_id FROM hits h2 JOIN entries e2 ON e2.id = h2.entry_id "
            "JOIN sources s2 ON s2.id = e2.source_id WHERE s2.url = ?)"
        )
        params.append(source)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT a.id, a.rule_id, a.severity, a.status, a.title, a.link, "
        "json_group_array(DISTINCT s.url) AS sources, a.first_seen, a.snippet "
        "FROM alerts a JOIN hits h ON h.alert_id = a.id JOIN entries e ON e.id = h.entry_id "
        f"JOIN sources s ON s.id = e.source_id {where} GROUP BY a.id "
        "ORDER BY a.first_seen DESC, a.id DESC"
        + (f" LIMIT {int(limit)}" if limit else (" LIMIT -1" if offset else ""))
        + (f" OFFSET {int(offset)}" if offset else "")
    )
    return [
        Alert(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]), row[7], row[8])
        for row in store.db.execute(sql, params).fetchall()
    ]


def mark_alerts(store: Store, ids: list[int], status: str) -> None:
    """Set the status of alerts; unknown ids are an error and nothing changes."""
    if status not in STATUSES:
        raise MonitorError(f"status {status!r}: use one of " + ", ".join(STATUSES))
    with store.transaction() as conn:
        marks = ",".join("?" * len(ids))
        known = {r[0] for r in conn.execute(f"SELECT id FROM alerts WHERE id IN ({marks})", ids)}
        missing = [i for i in ids if i not in known]
        if missing:
            raise MonitorError(f"no alert {missing[0]}; `monitor alerts` lists their ids")
        conn.execute(f"UPDATE alerts SET status = ? WHERE id IN ({marks})", (status, *ids))
