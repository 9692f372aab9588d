"""Typed records passed between layers: sources, entries, and what one poll did."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SourceState(StrEnum):
    """What `monitor status` shows for a source."""

    NEVER = "never"
    OK = "ok"
    ERROR = "error"
    DISABLED = "disabled"


class SourceKind(StrEnum):
    """What a source is: a feed, a web page without a feed, or a folder of documents."""

    FEED = "feed"
    PAGE = "page"
    DIR = "dir"


class Outcome(StrEnum):
    """What one poll of one source came to."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"
    GONE = "gone"


@dataclass(frozen=True)
class Source:
    """A source as stored: where to fetch it and its schedule state."""

    id: int
    url: str
    fetch_url: str | None
    title: str | None
    tags: tuple[str, ...]
    interval: float | None
    state: SourceState
    last_status: int | None
    last_error: str | None
    error_count: int
    last_check: str | None
    next_check: str | None
    etag: str | None
    last_modified: str | None
    kind: SourceKind = SourceKind.FEED
    # Per-kind options from the config: CSS selectors of a page source ("items", "title",
    # "link", "date") and "full_text"; empty for a plain feed.
    options: dict[str, Any] = field(default_factory=dict)
    # What the source's parser kept from the last poll (e.g. a page's previous text, a
    # folder's file fingerprints), as JSON-able data; stored with that poll's entries.
    memory: dict[str, Any] | None = None

    @property
    def effective_url(self) -> str:
        """Where to fetch now: the URL after permanent redirects, else the configured one."""
        return self.fetch_url or self.url


@dataclass(frozen=True)
class Entry:
    """One item of a feed, normalised; identity is unique within its source."""

    identity: str
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: str | None
    updated: str | None
    summary_html: str
    summary_text: str
    content_html: str
    content_text: str
    language: str | None
    content_hash: str


@dataclass(frozen=True)
class ParsedFeed:
    """What parsing a body gave: entries, feed-level hints, and a warning or an error."""

    entries: list[Entry] = field(default_factory=list)
    title: str | None = None
    ttl: float | None = None
    warning: str | None = None
    error: str | None = None
    # New memory for the source (see Source.memory); None leaves the stored one as it is.
    memory: dict[str, Any] | None = None


@dataclass(frozen=True)
class FetchResult:
    """What fetching a source gave, before parsing: never raises, errors are values."""

    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    moved_to: str | None = None
    error: str | None = None
    retry_after: float | None = None
    max_age: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    duration: float = 0.0
    size: int = 0


@dataclass(frozen=True)
class PollResult:
    """One source's poll, as reported by `monitor poll`."""

    url: str
    outcome: Outcome
    status: int | None = None
    error: str | None = None
    new_entries: int = 0
    updated_entries: int = 0
    hits: int = 0
    new_alerts: int = 0
    # For a failed poll: when the source is tried again (ISO time, after the backoff).
    retry_at: str | None = None
