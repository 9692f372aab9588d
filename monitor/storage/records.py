"""The typed records the storage takes and gives: every value that crosses its boundary.

Times are ISO 8601 UTC strings as stored (`monitor.schedule.iso`), the form every caller
already prints and compares; ids are integers given by the database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from monitor.models import Source, SourceKind, SourceState
from monitor.snippets import Snippet

# -- sources, schedule, fetch log ------------------------------------------------------------


def source_of(row: dict[str, Any]) -> Source:
    """A sources row (as either engine gives it, by column name) as the Source model."""
    return Source(
        id=row["id"],
        url=row["url"],
        fetch_url=row["fetch_url"],
        title=row["title"] or row["feed_title"],
        tags=tuple(json.loads(row["tags"] or "[]")),
        interval=row["interval"],
        state=SourceState(row["state"]),
        last_status=row["last_status"],
        last_error=row["last_error"],
        error_count=row["error_count"],
        last_check=row["last_check"],
        next_check=row["next_check"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        kind=SourceKind(row["kind"]),
        options=json.loads(row["options"] or "{}"),
        memory=json.loads(row["memory"]) if row["memory"] else None,
    )


@dataclass(frozen=True)
class StatusRow:
    """One line of `monitor status`: an active source, its entry count and its warning."""

    source: Source
    entries: int
    warning: str | None


@dataclass(frozen=True)
class SourceChoice:
    """A source as a filter menu lists it: its URL and the name shown."""

    url: str
    name: str


@dataclass(frozen=True)
class Fetch:
    """One row of a source's fetch log (`monitor status URL`)."""

    id: int
    source_id: int
    at: str
    url: str
    outcome: str
    status: int | None
    bytes: int
    duration_ms: int
    new_entries: int
    updated_entries: int
    error: str | None
    daemon_id: str | None = None


@dataclass(frozen=True)
class SourceFailure:
    """A source whose polls failed in a window or that is failing now (for digests)."""

    url: str
    title: str | None
    error: str
    since: str | None
    failures: int


# -- entries and search ----------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One line of `monitor search`."""

    entry_id: int
    title: str
    source: str
    published: str | None
    link: str | None


@dataclass(frozen=True)
class IndexWords:
    """Folded tokens (monitor.rulebook.normalize) that follow each other in one field; the
    last one only as a prefix when `prefix`."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class AllOf:
    """Every part must be in the entry."""

    parts: tuple[IndexQuery, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part must be in the entry."""

    parts: tuple[IndexQuery, ...]


# What the full-text index is asked for candidates: words every match must contain, never
# more than the real query needs (monitor.search runs the matcher on what it returns).
IndexQuery = IndexWords | AllOf | AnyOf


@dataclass(frozen=True)
class StoredEntry:
    """A stored entry with the fields rules are matched on, its date and its source."""

    id: int
    source_id: int
    title: str
    summary_text: str
    content_text: str
    author: str | None
    link: str | None
    date: str  # published, else first seen
    source_url: str
    source_name: str  # the source's title, its feed's title, else its URL


# -- hits and alerts ---------------------------------------------------------------------------


SEVERITY_ORDER = {"high": 0, "normal": 1, "low": 2}


def by_severity(rules: list[tuple[str, str]]) -> list[str]:
    """Rule ids of (rule id, severity) pairs, highest severity first, as they came within
    one severity (the order they hit the story)."""
    ordered = sorted(enumerate(rules), key=lambda p: (SEVERITY_ORDER.get(p[1][1], 9), p[0]))
    return [rule_id for _, (rule_id, _) in ordered]


@dataclass(frozen=True)
class StoryCandidate:
    """A story sharing a band key with a new entry: its title and stored signature."""

    id: int
    title: str
    signature: str | None


@dataclass(frozen=True)
class NewAlert:
    """The alert to create for a story (the first rule that hit it); `seen` is its first
    and last seen time; `signature` and `bands` come from `monitor.stories`."""

    rule_id: str
    story: str
    title: str
    title_key: str
    link: str | None
    severity: str
    snippet: Snippet
    seen: str
    signature: str = ""
    bands: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewHit:
    """A rule's hit on an entry, folded into `alert_id`; terms as the matcher found them
    (dicts with term, field, start, end, text)."""

    rule_id: str
    entry_id: int
    alert_id: int
    terms: list[dict[str, Any]]
    snippet: Snippet
    created: str


@dataclass(frozen=True)
class Alert:
    """A story as `monitor alerts --json` shows it: every source URL that carried it, every
    rule that hit it (highest severity first; `rule` is the first) and its highest severity."""

    id: int
    rule: str
    severity: str
    status: str
    title: str
    link: str | None
    sources: list[str]
    first_seen: str
    snippet: Snippet
    rules: list[str] = field(default_factory=list)
    starred: bool = False


@dataclass(frozen=True)
class AlertRecord:
    """One stored alert (a story), every column, and the rules that hit it (highest
    severity first). `rule_id` is the rule that made it (its delivery id is built on it)."""

    id: int
    rule_id: str
    story: str
    title: str
    link: str | None
    severity: str
    status: str
    snippet: Snippet
    first_seen: str
    last_seen: str
    starred: bool = False
    rules: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Sequence[Any], rules: list[str]) -> AlertRecord:
        """From the engines' column order (the snippet's text and marks in two columns,
        then first_seen, last_seen, starred) and the story's rules."""
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                   Snippet.stored(row[7], row[8]), row[9], row[10], bool(row[11]), rules)


@dataclass(frozen=True)
class AlertFilter:
    """Which stories to list: all fields optional; `until` exclusive; `source` a source URL
    that carried the story; `rule` any rule that hit it; `status` None leaves dismissed
    stories out, "all" keeps every one, "starred" the starred; newest first, paged."""

    status: str | None = None
    rule: str | None = None
    severity: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class SourceRef:
    """A source that carried a story: its URL and name, and the entry's own link there."""

    url: str
    title: str | None
    link: str | None = None


@dataclass(frozen=True)
class HitDetail:
    """One hit behind an alert: the entry, its source, the rule, the terms that matched
    and the entry's stored text."""

    alert_id: int
    entry_id: int
    title: str
    link: str | None
    source_url: str
    source_name: str
    published: str | None
    created: str
    terms: list[dict[str, Any]]
    snippet: Snippet
    rule_id: str = ""
    text: str = ""


@dataclass(frozen=True)
class FeedMark:
    """Per rule, a summary that changes whenever its Atom feed would: count, newest id,
    latest last_seen, dismissed count and the sum of dismissed ids."""

    rule_id: str
    count: int
    top_id: int
    last_seen: str
    dismissed: int
    dismissed_ids: int


@dataclass(frozen=True)
class Backtest:
    """The last backtest of a rule: its query then and the entries it hit."""

    rule_id: str
    query: str
    entry_ids: list[int]
    at: str


# -- deliveries and digests ------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """One row of the outbox: a digest or an alert for one channel."""

    id: int
    channel: str
    digest_id: int | None
    alert_id: int | None
    status: str
    attempts: int
    next_attempt: str
    last_error: str | None
    created: str
    sent: str | None
    claimed_by: str | None = None


@dataclass(frozen=True)
class DeliveryView:
    """One line of `monitor notify list`: a delivery and what it carries."""

    id: int
    channel: str
    what: str
    status: str
    attempts: int
    next_attempt: str | None
    last_error: str | None
    created: str
    sent: str | None
    key: str | None = None  # the stable delivery id receivers see (Idempotency-Key)


@dataclass(frozen=True)
class ChannelFlags:
    """What a channel takes: its name, immediate alerts, scheduled digests."""

    name: str
    immediate: bool
    digests: bool


@dataclass(frozen=True)
class DigestRecord:
    """A saved digest: its window, the alerts in it and the rendered files."""

    id: int
    kind: str
    period_start: str
    period_end: str
    created: str
    alert_ids: list[int] = field(default_factory=list)
    html_path: str | None = None
    markdown_path: str | None = None


# -- daemons -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaemonRecord:
    """A daemon sharing the database: who, since when, its last beat and rules fingerprint.
    `polls_last_hour` is filled in by `Storage.daemons` (ignored by `heartbeat`)."""

    id: str
    host: str
    pid: int
    started: str
    heartbeat: str
    rules_fingerprint: str | None = None
    polls_last_hour: int = 0


@dataclass(frozen=True)
class DatabaseUsage:
    """How big the database is: bytes on disk (the write-ahead log's share apart) and rows
    per table, for `monitor db check`."""

    size: int
    wal: int
    rows: dict[str, int]
