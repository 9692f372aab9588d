"""Hits become alerts: one alert per rule and story, whatever number of sources carry it.

A story is known by its canonical URL (tracking parameters and fragment dropped), or by a
near-identical title seen for the same rule within a few days. Matching runs on entries
flagged `match_pending` (new or changed) and clears the flag in the same transaction as it
records their hits, so a kill never loses a match and never records one twice.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from monitor.errors import MonitorError
from monitor.rulebook.files import Rule, Rulebook, RuleError, fingerprint, load_rulebook
from monitor.rulebook.matcher import CompiledRule, Hit, Matcher, document_fields
from monitor.rulebook.normalize import folded_tokens
from monitor.schedule import iso
from monitor.storage import (
    Alert,
    AlertFilter,
    NewAlert,
    NewHit,
    SourceRef,
    Storage,
    StoredEntry,
)
from monitor.urls import canonical_url

log = logging.getLogger(__name__)

STATUSES = ("new", "read", "starred", "dismissed")
STORY_WINDOW = timedelta(days=3)
TITLE_SIMILARITY = 0.9


def story_sources(storage: Storage, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
    """Every source that carried each alert's story, in the order they were first hit (one
    query for digests, notifications and whoever else shows an alert's sources)."""
    return storage.story_sources(alert_ids)


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


def _story_alert(storage: Storage, rule_id: str, story: str, key: str, now: datetime) -> int | None:
    """The rule's alert this story folds into: same story, or a near-identical title seen
    for the rule within STORY_WINDOW (titles of fewer than three words never fold)."""
    found = storage.alert_for_story(rule_id, story)
    if found is not None:
        return found
    if len(key.split()) < 3:
        return None
    for recent in storage.recent_alerts(rule_id, now - STORY_WINDOW):
        other = recent.title_key
        if other == key or (
            difflib.SequenceMatcher(None, other, key).quick_ratio() >= TITLE_SIMILARITY
            and difflib.SequenceMatcher(None, other, key).ratio() >= TITLE_SIMILARITY
        ):
            return recent.id
    return None


def record_hit(
    storage: Storage, entry: StoredEntry, hit: Hit, rule: Rule, now: datetime
) -> tuple[bool, bool]:
    """Store a hit and fold it into its story's alert. Returns (hit is new, alert is new)."""
    if storage.has_hit(hit.rule_id, entry.id):
        return False, False
    stamp = iso(now)
    story = canonical_url(entry.link) or f"entry:{entry.id}"
    key = folded_tokens(entry.title or "")
    with storage.transaction():
        alert_id = _story_alert(storage, hit.rule_id, story, key, now)
        created = False
        if alert_id is None:
            alert_id, created = storage.add_alert(NewAlert(
                rule_id=hit.rule_id, story=story, title=entry.title or "", title_key=key,
                link=entry.link, severity=rule.severity, snippet=hit.snippet, seen=stamp,
            ))
        else:
            storage.touch_alert(alert_id, now)
        terms = [
            {"term": t.term, "field": t.field, "start": t.start, "end": t.end, "text": t.text}
            for t in hit.terms
        ]
        new = storage.add_hit(NewHit(hit.rule_id, entry.id, alert_id, terms, hit.snippet, stamp))
    return new, created and new


def entry_document(entry: StoredEntry) -> dict[str, str]:
    return document_fields(
        title=entry.title, summary=entry.summary_text, content=entry.content_text,
        author=entry.author or "", link=entry.link or "",
    )


def match_pending(
    storage: Storage, rules: Rules, now: datetime, source_id: int | None = None
) -> tuple[int, int]:
    """Match new and changed entries against the rules in force; (hits, new alerts)."""
    if rules.book is None or rules.matcher is None:
        return 0, 0
    by_id = {r.id: r for r in rules.book.rules}
    hits = alerts = 0
    with storage.transaction():
        if len(rules.matcher):  # no enabled rules: nothing can hit, the entries are just marked
            for entry in storage.pending_entries(source_id):
                for hit in rules.matcher.match(entry_document(entry)):
                    new_hit, new_alert = record_hit(storage, entry, hit, by_id[hit.rule_id], now)
                    hits += new_hit
                    alerts += new_alert
        storage.clear_pending(source_id)
    return hits, alerts


def list_alerts(
    storage: Storage,
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
    return storage.list_alerts(AlertFilter(
        status=status, rule=rule, severity=severity, source=source,
        since=iso(since) if since else None, until=iso(until) if until else None,
        limit=limit, offset=offset,
    ))


def mark_alerts(storage: Storage, ids: list[int], status: str) -> None:
    """Set the status of alerts; unknown ids are an error and nothing changes."""
    if status not in STATUSES:
        raise MonitorError(f"status {status!r}: use one of " + ", ".join(STATUSES))
    missing = storage.mark_alerts(ids, status)
    if missing:
        raise MonitorError(f"no alert {missing[0]}; `monitor alerts` lists their ids")
