"""Hits become alerts: one alert per story, whatever number of rules hit it and sources
carry it; the story carries every rule, its highest severity and every source.

An entry joins a story when another rule already put it there, when the story has the
same canonical URL (tracking parameters and fragment dropped), or when it is a near
duplicate of a story seen within a few days (`monitor.stories`: banded MinHash over title
and text, one indexed lookup whatever the number of stories). Matching runs on entries
flagged `match_pending` (new or changed) and clears the flag in the same transaction as it
records their hits, so a kill never loses a match and never records one twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor import stories
from monitor.errors import MonitorError
from monitor.rulebook.files import Rule, Rulebook, RuleError, fingerprint, load_rulebook
from monitor.rulebook.normalize import folded_tokens
from monitor.schedule import iso
from monitor.storage import (
    Alert,
    AlertFilter,
    AlertRecord,
    NewAlert,
    NewHit,
    SourceRef,
    Storage,
    StoredEntry,
)
from monitor.urls import canonical_url

if TYPE_CHECKING:
    from monitor.rulebook.matcher import Hit, Matcher

log = logging.getLogger(__name__)

STATUSES = ("new", "read", "starred", "unstarred", "dismissed")
LIST_STATUSES = ("new", "read", "starred", "dismissed", "all")
STORY_WINDOW = timedelta(days=3)


def story_sources(storage: Storage, alert_ids: Iterable[int]) -> dict[int, list[SourceRef]]:
    """Every source that carried each alert's story, in the order they were first hit (one
    query for digests, notifications and whoever else shows an alert's sources)."""
    return storage.story_sources(alert_ids)


def compile_rules(rules: Iterable[Rule]) -> Matcher:
    # imported here: a command that matches nothing (a poll of 304s) need not load it
    from monitor.rulebook.matcher import CompiledRule, Matcher

    return Matcher(CompiledRule(r.id, r.ast) for r in rules)


class Rules:
    """The rulebook in force and its matcher; reloaded when the files change, keeping the
    last good one when they are broken, or when rules that were there are all gone (a
    folder emptied or removed for a moment must not mark entries matched against none)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Rulebook | None = None
        self._matcher: Matcher | None = None
        self.error: str | None = None
        self._fingerprint: str | None = None

    def refresh(self) -> bool:
        """Reload if the files changed; True if a new rulebook is in force."""
        current = f"{fingerprint(self.path)}:{self.path.exists()}"  # gone != emptied
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
        if not book.rules and self.book is not None and self.book.rules:
            where = "is gone" if not self.path.exists() else "has no rules now"
            self.error = (
                f"{self.path} {where} (it had {len(self.book.rules)}); keeping the last good "
                "rules: put the rule files back, or restart the daemon to run with none"
            )
            log.warning("%s", self.error)
            return False
        self.book, self.error, self._matcher = book, None, None
        log.info("rules loaded: %d enabled of %d", len(book.enabled), len(book.rules))
        return True

    @property
    def matcher(self) -> Matcher | None:
        """The matcher of the rules in force (None: none in force yet), compiled when first
        asked for: a poll that brings nothing new to match needs none."""
        if self.book is not None and self._matcher is None:
            self._matcher = compile_rules(self.book.enabled)
        return self._matcher


def _similar_story(
    storage: Storage, entry: StoredEntry, found: stories.Fingerprint, now: datetime
) -> int | None:
    """The story seen within STORY_WINDOW that this entry is a near duplicate of, if any."""
    for candidate in storage.story_candidates(found.bands, now - STORY_WINDOW):
        if stories.same_story(
            found, entry.title or "", stories.decode_signature(candidate.signature),
            candidate.title,
        ):
            return candidate.id
    return None


def entry_fingerprint(entry: StoredEntry) -> stories.Fingerprint:
    """The entry's MinHash fingerprint over its title and text."""
    return stories.fingerprint(
        entry.title or "", " ".join((entry.summary_text, entry.content_text))
    )


def record_hit(
    storage: Storage, entry: StoredEntry, hit: Hit, rule: Rule, now: datetime
) -> tuple[bool, bool]:
    """Store a hit and put its rule on the entry's story (made when it is the first).
    Returns (hit is new, story is new)."""
    if storage.has_hit(hit.rule_id, entry.id):
        return False, False
    stamp = iso(now)
    story = canonical_url(entry.link) or f"entry:{entry.id}"
    with storage.transaction():
        alert_id = storage.alert_for_entry(entry.id)
        if alert_id is None:
            alert_id = storage.alert_for_story(story)
        created = False
        if alert_id is None:
            found = entry_fingerprint(entry)
            alert_id = _similar_story(storage, entry, found, now)
            if alert_id is not None:
                storage.add_story_bands(alert_id, found.bands)
            else:
                alert_id, created = storage.add_alert(NewAlert(
                    rule_id=hit.rule_id, story=story, title=entry.title or "",
                    title_key=folded_tokens(entry.title or ""), link=entry.link,
                    severity=rule.severity, snippet=hit.snippet, seen=stamp,
                    signature=stories.encode_signature(found.signature), bands=found.bands,
                ))
        if not created:
            storage.touch_alert(alert_id, now)
        storage.add_story_rule(alert_id, hit.rule_id, rule.severity, stamp)
        terms = [
            {"term": t.term, "field": t.field, "start": t.start, "end": t.end, "text": t.text}
            for t in hit.terms
        ]
        new = storage.add_hit(NewHit(hit.rule_id, entry.id, alert_id, terms, hit.snippet, stamp))
    return new, created and new


def entry_document(entry: StoredEntry) -> dict[str, str]:
    from monitor.rulebook.matcher import document_fields

    return document_fields(
        title=entry.title, summary=entry.summary_text, content=entry.content_text,
        author=entry.author or "", link=entry.link or "",
    )


def match_pending(
    storage: Storage, rules: Rules, now: datetime, source_id: int | None = None
) -> tuple[int, int]:
    """Match new and changed entries against the rules in force; (hits, new alerts)."""
    if rules.book is None:
        return 0, 0
    by_id = {r.id: r for r in rules.book.rules}
    hits = alerts = 0
    with storage.transaction():
        pending = storage.pending_entries(source_id)
        if rules.book.enabled:  # none: nothing can hit, the entries are just marked
            for entry in pending:
                matcher = rules.matcher  # compiled at the first entry to match
                assert matcher is not None
                for hit in matcher.match(entry_document(entry)):
                    new_hit, new_alert = record_hit(storage, entry, hit, by_id[hit.rule_id], now)
                    hits += new_hit
                    alerts += new_alert
        # only the entries read: on PostgreSQL another daemon's entries, committed since
        # (each statement sees what is committed when it runs), are its to match
        storage.clear_pending(source_id, [entry.id for entry in pending])
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
    """Stories newest first, one row each, with every rule and source behind it. `status`
    None leaves dismissed stories out ("all" keeps them); `rule` keeps the stories that rule
    hit; `source` (a source URL) those it carried; `until` is exclusive; `offset` pages."""
    return storage.list_alerts(AlertFilter(
        status=status, rule=rule, severity=severity, source=source,
        since=iso(since) if since else None, until=iso(until) if until else None,
        limit=limit, offset=offset,
    ))


def mark_alerts(storage: Storage, ids: list[int], status: str) -> None:
    """Mark stories: new, read or dismissed; starred or unstarred (a flag, beside the
    status). Unknown ids are an error and nothing changes."""
    if status not in STATUSES:
        raise MonitorError(f"status {status!r}: use one of " + ", ".join(STATUSES))
    missing = storage.mark_alerts(ids, status)
    if missing:
        raise MonitorError(f"no alert {missing[0]}; `monitor alerts` lists their ids")


@dataclass(frozen=True)
class StorySource:
    """One entry of a story: its source, date and link."""

    source: str
    source_url: str
    date: str
    link: str | None
    title: str


@dataclass(frozen=True)
class StoryDetail:
    """One story as `monitor alerts show` prints it."""

    alert: AlertRecord
    sources: list[StorySource]
    terms: dict[str, list[str]]  # rule id -> the words it matched, as written
    texts: list[str]  # the stored text of its entries, each distinct text once

    def as_json(self) -> dict[str, Any]:
        a = self.alert
        return {
            "id": a.id, "rule": a.rules[0] if a.rules else a.rule_id, "rules": a.rules,
            "severity": a.severity, "status": a.status, "starred": a.starred,
            "title": a.title, "link": a.link, "first_seen": a.first_seen,
            "last_seen": a.last_seen, "snippet": a.snippet.text,
            "marks": [list(mark) for mark in a.snippet.marks],
            "sources": [vars(s) for s in self.sources], "terms": self.terms, "texts": self.texts,
        }

    def as_text(self, marked: Callable[[str], str] = str) -> str:
        """The story for a terminal; `marked` draws each matched term of the snippet."""
        a = self.alert
        star = ", starred" if a.starred else ""
        lines = [f"#{a.id} {a.title}", f"  {a.status}{star}, {a.severity}; first seen "
                 f"{a.first_seen}, last seen {a.last_seen}", "", "Sources:"]
        lines += [f"  {s.date}  {s.source}  {s.link or s.source_url}" for s in self.sources]
        lines += ["", "Rules and the terms they matched:"]
        lines += [f"  {rule}: {', '.join(words) or '-'}" for rule, words in self.terms.items()]
        lines += ["", "Snippet:", f"  {a.snippet.render(marked)}", "", "Text:"]
        for text in self.texts:
            lines += [text, ""]
        return "\n".join(lines).rstrip() + "\n"


def story_detail(storage: Storage, alert_id: int) -> StoryDetail | None:
    """A story with every source (date, link), the matched terms per rule and the stored
    text, or None when there is no such alert."""
    alert = storage.alert(alert_id)
    if alert is None:
        return None
    hits = storage.alert_hits([alert_id])
    sources: dict[int, StorySource] = {}
    terms: dict[str, list[str]] = {rule: [] for rule in alert.rules}
    texts: list[str] = []
    for hit in hits:
        if hit.entry_id not in sources:
            sources[hit.entry_id] = StorySource(
                hit.source_name, hit.source_url, hit.published or hit.created, hit.link,
                hit.title,
            )
            if hit.text and hit.text not in texts:
                texts.append(hit.text)
        words = terms.setdefault(hit.rule_id or alert.rule_id, [])
        for term in hit.terms:
            word = str(term.get("text") or term.get("term") or "") if isinstance(term, dict) else ""
            if word and word not in words:
                words.append(word)
    return StoryDetail(alert, list(sources.values()), terms, texts)
