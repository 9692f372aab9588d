"""What each page shows, read from the store: plain functions, no HTTP, no HTML.

Each runs in a worker thread with its own storage connection, so a daemon writing at the
same time only ever makes a page wait, never fail. None of them writes, except `search`,
which first brings the full-text index up to date.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.alerts import LIST_STATUSES, entry_document, list_alerts
from monitor.config import Config, SourceSpec, add_sources, load_config
from monitor.delivery.outbox import trouble
from monitor.rulebook.files import SEVERITIES, Rule, Rulebook, RuleError, add_rule, load_rulebook
from monitor.rulebook.matcher import CompiledRule, Matcher
from monitor.rulebook.query import QueryError
from monitor.schedule import utcnow
from monitor.search import SearchResult, operator_warnings, parse
from monitor.search import search as run_search
from monitor.snippets import Snippet
from monitor.storage import SourceChoice, StatusRow, Storage, StoredEntry, open_storage

PAGE_SIZE = 50
TRY_LIMIT = 50
MAX_TRY_DAYS = 3650
MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer: past it, a lookup raises OverflowError


def is_row_id(number: int) -> bool:
    """True if `number` can be an SQLite row id (anything else matches no row)."""
    return 0 < number <= MAX_ROW_ID


@contextmanager
def open_store(config: Config) -> Iterator[Storage]:
    """One connection for one request, closed when the page is read."""
    store = open_storage(config.database, config.state_dir)
    try:
        yield store
    finally:
        store.close()


# -- alerts -------------------------------------------------------------------------------


@dataclass
class AlertFilters:
    """The alert list's filters as the user chose them (strings as typed in the form)."""

    rule: str = ""
    status: str = ""
    severity: str = ""
    source: str = ""
    date_from: str = ""
    date_to: str = ""
    offset: int = 0
    problems: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, params: Any) -> AlertFilters:
        """Read the query string; values that make no sense are dropped and reported."""
        def text(key: str) -> str:
            return str(params.get(key, "")).strip()

        found = cls(rule=text("rule"), status=text("status"), severity=text("severity"),
                    source=text("source"), date_from=text("date_from"), date_to=text("date_to"))
        if found.status and found.status not in LIST_STATUSES:
            found.problems.append(f"status {found.status!r}: use one of {', '.join(LIST_STATUSES)}")
            found.status = ""
        if found.severity and found.severity not in SEVERITIES:
            found.problems.append(
                f"severity {found.severity!r}: use one of {', '.join(SEVERITIES)}")
            found.severity = ""
        try:
            found.offset = min(max(0, int(params.get("offset", 0) or 0)), MAX_ROW_ID)
        except ValueError:
            found.offset = 0
        return found

    def day(self, name: str) -> date | None:
        text = getattr(self, name)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.problems.append(f"{text!r} is not a date: write it like 2026-01-31")
            setattr(self, name, "")
            return None

    def query(self, **changes: Any) -> dict[str, str]:
        """These filters as query parameters (for paging links), with some changed."""
        values = {"rule": self.rule, "status": self.status, "severity": self.severity,
                  "source": self.source, "date_from": self.date_from, "date_to": self.date_to,
                  "offset": str(self.offset) if self.offset else ""}
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v and v != "0"}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def alert_page(config: Config, rules_path: Path, filters: AlertFilters) -> dict[str, Any]:
    """The alert list with its filters, one page of PAGE_SIZE, and the filter choices."""
    since, until = filters.day("date_from"), filters.day("date_to")
    with open_store(config) as store:
        found = list_alerts(
            store, status=filters.status or None, rule=filters.rule or None,
            severity=filters.severity or None, source=filters.source or None,
            since=_start_of(since) if since else None,
            until=_start_of(until + timedelta(days=1)) if until and until < date.max else None,
            limit=PAGE_SIZE + 1, offset=filters.offset,
        )
        rule_ids = store.alert_rule_ids()
        sources: list[SourceChoice] = store.source_choices()
        deliveries = trouble(store)
        rows = row_info(store, [a.id for a in found[:PAGE_SIZE]])
        counts = store.story_counts()
    book, _ = rulebook(rules_path)
    rule_ids |= {r.id for r in book}
    return {
        "alerts": found[:PAGE_SIZE],
        "more": len(found) > PAGE_SIZE,
        "filters": filters,
        "rule_ids": sorted(rule_ids),
        "sources": sources,
        "statuses": LIST_STATUSES,
        "severities": SEVERITIES,
        "deliveries": deliveries,
        "rows": rows,
        "rule_counts": [(r, *counts.get(r, (0, 0))) for r in sorted(rule_ids)],
    }


@dataclass(frozen=True)
class RowInfo:
    """What an alert row shows beside its title: the names of the sources that carried
    the story (first hit first) and the earliest date one of them published it."""

    sources: tuple[str, ...]
    published: str | None


def row_info(store: Storage, alert_ids: list[int]) -> dict[int, RowInfo]:
    """Sources and published date of each story on a page (one query for the page)."""
    names: dict[int, dict[str, None]] = {i: {} for i in alert_ids}
    dates: dict[int, list[str]] = {i: [] for i in alert_ids}
    for hit in sorted(store.alert_hits(alert_ids), key=lambda h: h.created) if alert_ids else ():
        names.setdefault(hit.alert_id, {})[hit.source_name] = None
        dates.setdefault(hit.alert_id, []).append(hit.published or hit.created)
    return {i: RowInfo(tuple(names[i]), min(dates[i]) if dates[i] else None)
            for i in alert_ids}


@dataclass(frozen=True)
class AlertHit:
    """One entry that made an alert: where it was seen and which terms matched."""

    entry_id: int
    title: str
    link: str | None
    source_url: str
    source_title: str
    published: str | None
    created: str
    terms: list[str]
    snippet: Snippet
    rule: str = ""


@dataclass(frozen=True)
class AlertView:
    """One story as its page shows it: every rule that hit it, highest severity first."""

    id: int
    rule: str
    severity: str
    status: str
    title: str
    link: str | None
    snippet: Snippet
    first_seen: str
    last_seen: str
    rules: tuple[str, ...] = ()
    starred: bool = False


def alert_detail(config: Config, alert_id: int) -> tuple[AlertView, list[AlertHit]] | None:
    """An alert and every hit behind it (entry, source, terms), or None if there is none."""
    if not is_row_id(alert_id):
        return None
    with open_store(config) as store:
        found = store.alert(alert_id)
        if found is None:
            return None
        rows = sorted(store.alert_hits([alert_id]), key=lambda h: h.created)  # stable: id order
    hits = []
    for row in rows:
        words = list(dict.fromkeys(
            str(t.get("text") or t.get("term")) for t in row.terms if isinstance(t, dict)
        ))
        hits.append(AlertHit(row.entry_id, row.title, row.link, row.source_url, row.source_name,
                             row.published, row.created, words, row.snippet, row.rule_id))
    view = AlertView(found.id, found.rules[0] if found.rules else found.rule_id, found.severity,
                     found.status, found.title, found.link, found.snippet, found.first_seen,
                     found.last_seen, tuple(found.rules), found.starred)
    return view, hits


# -- search -------------------------------------------------------------------------------


@dataclass
class SearchPage:
    """A search as its page shows it: the matches, or the query's error and its column."""

    query: str
    offset: int = 0
    result: SearchResult | None = None
    error: str | None = None
    column: int | None = None


def query_error(exc: QueryError) -> tuple[str, int]:
    """A query error's reason and column, for a caret under the query."""
    return exc.reason, exc.column


def search(config: Config, query: str, offset: int = 0) -> SearchPage:
    """Entries matching a query in the rules' language, PAGE_SIZE from `offset`."""
    page = SearchPage(query=query, offset=offset)
    if not query.strip():
        return page
    try:
        with open_store(config) as store:
            page.result = run_search(store, query, PAGE_SIZE, offset)
    except QueryError as exc:
        page.error, page.column = query_error(exc)
    return page


def entry_page(config: Config, entry_id: int) -> StoredEntry | None:
    """One stored entry with its text (a folder document's too), or None."""
    if not is_row_id(entry_id):
        return None
    with open_store(config) as store:
        return store.entry(entry_id)


# -- rules --------------------------------------------------------------------------------


def rulebook(path: Path) -> tuple[list[Rule], str | None]:
    """The rules under `path`, or none and the problems (one per line) if files are broken."""
    try:
        return list(load_rulebook(path).rules), None
    except RuleError as exc:
        return [], str(exc)


@dataclass(frozen=True)
class RuleRow:
    rule: Rule
    hits_7d: int
    hits_30d: int


@dataclass
class Trial:
    """A query tried against the archive: its error (with column), or what it finds."""

    query: str
    days: int
    error: str | None = None
    column: int | None = None
    warnings: list[str] = field(default_factory=list)  # lower-case operators
    total: int = 0
    scanned: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


def rules_page(config: Config, rules_path: Path) -> dict[str, Any]:
    """Every rule with its hit counts over the last 7 and 30 days."""
    rules, problems = rulebook(rules_path)
    now = utcnow()
    with open_store(config) as store:
        counts = store.hit_counts(now - timedelta(days=7), now - timedelta(days=30))
    rows = [RuleRow(r, *counts.get(r.id, (0, 0))) for r in rules]
    return {"rules": rows, "problems": problems, "rules_path": rules_path}


def parse_days(text: str | None, default: int = 30) -> int:
    try:
        days = int(text or default)
    except ValueError:
        days = default
    return min(max(days, 1), MAX_TRY_DAYS)


def try_query(config: Config, query: str, days: int) -> Trial:
    """Run a query over entries first seen in the last `days` days; stores nothing."""
    trial = Trial(query=query, days=days, warnings=operator_warnings(query))
    try:
        ast = parse(query)
    except QueryError as exc:
        trial.error, trial.column = query_error(exc)
        return trial
    matcher = Matcher([CompiledRule("try", ast)])
    with open_store(config) as store:
        rows = store.entries_since(utcnow() - timedelta(days=days))
    for row in rows:
        trial.scanned += 1
        for hit in matcher.match(entry_document(row)):
            trial.total += 1
            if len(trial.examples) < TRY_LIMIT:
                trial.examples.append({
                    "id": row.id, "title": row.title, "link": row.link, "source": row.source_name,
                    "date": row.date, "snippet": hit.snippet,
                    "terms": list(dict.fromkeys(t.text for t in hit.terms)),
                })
    return trial


# -- sources ------------------------------------------------------------------------------


def sources_page(config: Config) -> list[StatusRow]:
    """Each active source's health, as `monitor status` shows it."""
    with open_store(config) as store:
        return store.status()


# -- saving a tried query as a rule -----------------------------------------------------------


def save_rule(rules_path: Path, values: dict[str, Any]) -> Path:
    """Append a rule to rules/local.toml, validated as `monitor rules add` validates it
    (same code: monitor.rulebook.files.add_rule); raises RuleError with what is wrong."""
    book = load_rulebook(rules_path) if rules_path.exists() else Rulebook((), (), "")
    return add_rule(rules_path, values, book)


# -- source actions ---------------------------------------------------------------------------


def check_source_url(url: str) -> str | None:
    """What is wrong with a URL typed into the add box, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{url!r}: write the whole address, with http:// or https://"
    if not parts.hostname:
        return f"{url!r} has no host: write it like https://example.org/feed.xml"
    return None


def add_source(config: Config, url: str, name: str | None) -> bool:
    """Add a source to the config file and the store; False if it was there already."""
    added = add_sources(config.path, [SourceSpec(url, title=name or None)])
    fresh = load_config(config.path, database=config.database)
    with open_store(config) as store:
        store.sync_sources(fresh.sources, utcnow())
    return bool(added)


def set_source_enabled(config: Config, source_id: int, enabled: bool) -> str | None:
    """Enable or disable a stored source; its URL, or None if there is no such source."""
    with open_store(config) as store:
        found = [s for s in store.sources() if s.id == source_id]
        if not found:
            return None
        if enabled:
            store.enable(source_id, utcnow())
        else:
            store.disable(source_id, utcnow())
        return found[0].url


def source_url(config: Config, source_id: int) -> str | None:
    with open_store(config) as store:
        found = [s.url for s in store.sources() if s.id == source_id]
    return found[0] if found else None


def poll_source(config: Config, url: str, timeout: float = 300) -> str:
    """Poll one source now, as `monitor poll URL` does (in its own process, so a slow or
    huge source never holds the web server); the command's summary line."""
    command = [sys.executable, "-m", "monitor", "--config", str(config.path),
               "--state", str(config.state_dir), "poll", url]
    env = dict(os.environ)
    if config.database:  # in the environment, not the command line (ps shows that)
        env["MONITOR_DATABASE"] = config.database
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd=config.path.parent, env=env)
    except subprocess.TimeoutExpired:
        return f"polling {url} took over {int(timeout)} s; the daemon will go on trying"
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return " · ".join(lines[-2:]) or f"polled {url}"


@dataclass(frozen=True)
class FailureGroup:
    """Failing sources that share one cause."""

    cause: str
    urls: tuple[str, ...]

    @property
    def hosts(self) -> list[str]:
        """Each URL's host (a local path as it is), once each, in order."""
        return list(dict.fromkeys(urlsplit(url).hostname or url for url in self.urls))


def failure_groups(rows: list[StatusRow]) -> list[FailureGroup]:
    """Sources in error grouped by the cause of their last error, biggest group first."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        source = row.source
        if source.last_error and source.error_count:
            groups.setdefault(failure_cause(source.last_error), []).append(source.url)
    return [FailureGroup(cause, tuple(urls))
            for cause, urls in sorted(groups.items(), key=lambda item: -len(item[1]))]


def failure_cause(error: str) -> str:
    """An error text as its cause in words (monitor.failures when it is there)."""
    try:
        from monitor.failures import plain_error  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return re.sub(r"\s+", " ", error).strip()[:200]
    return str(plain_error(error))
