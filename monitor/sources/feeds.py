"""Feed bodies to entries: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed directly.

feedparser is handed bytes and headers and never fetches. Its HTML sanitising and URI
resolving are off: we store feed HTML as given, derive plain text ourselves, and sanitise
whenever a digest or page shows HTML. This module is pure (no I/O), so it also runs in
worker processes, where two cores can parse at once.
"""

from __future__ import annotations

import calendar
import email.utils
import json
import re
import time
from datetime import UTC, datetime
from typing import Any

from monitor.models import Entry, ParsedFeed
from monitor.text import content_hash, html_to_text

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def _utc(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))
    except (OverflowError, ValueError, TypeError):
        return None


def _entry(
    *,
    guid: str | None,
    link: str | None,
    title: str,
    author: str | None,
    published: str | None,
    updated: str | None,
    summary_html: str,
    content_html: str,
    language: str | None,
) -> Entry:
    """Build an entry; identity is the guid, else the link, else a hash of its content."""
    title_text = html_to_text(title)
    summary_text = html_to_text(summary_html)
    content_text = html_to_text(content_html) if content_html != summary_html else summary_text
    digest = content_hash(title_text, summary_text, content_text)
    identity = guid or link or f"hash:{digest}"
    return Entry(
        identity=identity,
        guid=guid,
        link=link,
        title=title_text,
        author=author,
        published=published,
        updated=updated,
        summary_html=summary_html,
        summary_text=summary_text,
        content_html=content_html,
        content_text=content_text,
        language=language,
        content_hash=digest,
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _dedupe(entries: list[Entry]) -> list[Entry]:
    """One entry per identity; a feed that repeats an item keeps its first occurrence."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.identity not in seen:
            seen.add(entry.identity)
            unique.append(entry)
    return unique


def _looks_like_json(body: bytes, content_type: str) -> bool:
    if "json" in content_type:
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(body: bytes) -> ParsedFeed:
    """A JSON Feed (1.0/1.1) to entries; any other JSON is an error with a readable message."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ParsedFeed(error=f"not a feed: the body looks like JSON but does not parse ({exc})")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        keys = ", ".join(list(data)[:5]) if isinstance(data, dict) else type(data).__name__
        return ParsedFeed(error=f"not a feed: JSON without a JSON Feed version (has: {keys})")
    items = data.get("items")
    if not isinstance(items, list):
        return ParsedFeed(error="not a feed: JSON Feed without an items list")
    language = _clean(data.get("language"))
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = ", ".join(
            str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")
        )
        content_html = item.get("content_html") or ""
        if not content_html and item.get("content_text"):
            content_html = str(item["content_text"])
        entries.append(
            _entry(
                guid=_clean(item.get("id")),
                link=_clean(item.get("url") or item.get("external_url")),
                title=str(item.get("title") or ""),
                author=author or None,
                published=_json_date(item.get("date_published")),
                updated=_json_date(item.get("date_modified")),
                summary_html=str(item.get("summary") or ""),
                content_html=str(content_html),
                language=_clean(item.get("language")) or language,
            )
        )
    return ParsedFeed(entries=_dedupe(entries), title=_clean(data.get("title")))


def _json_date(value: Any) -> str | None:
    """A JSON Feed date (RFC 3339, as its spec says; RFC 822 from feeds that mix formats
    up) as UTC ISO 8601, or None."""
    if not value:
        return None
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # no offset given: taken as UTC, as feedparser does
    return _utc(moment.astimezone(UTC).timetuple())


def _content(item: Any) -> str:
    parts = item.get("content") or []
    html_parts = [p.get("value", "") for p in parts if "html" in p.get("type", "html")]
    chosen = html_parts or [p.get("value", "") for p in parts]
    return "\n".join(v for v in chosen if v)


def _describe(body: bytes, content_type: str, url: str = "") -> str:
    """A readable reason why a body held no feed; for a page, the feed it links, if any."""
    if not body.strip():
        return "not a feed: the response body is empty"
    if "html" in content_type or _HTML_START.match(body[:2048]):
        from monitor.sources.discover import feed_links  # lxml: only for this mistake

        found = feed_links(body, url)
        if found:
            return f"not a feed: got an HTML page; it links a feed: {found[0].url}; use that"
        return (
            "not a feed: got an HTML page, not RSS/Atom/JSON Feed, and it links no feed; "
            "to watch the page itself, add it with --page"
        )
    return f"not a feed: no RSS, Atom or JSON Feed found (starts with {body[:40]!r})"


def parse_feed(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    """Parse a fetched body; never raises: a body without a feed gives ParsedFeed.error."""
    content_type = headers.get("content-type", "").lower()
    if not body.strip():
        return ParsedFeed(error=_describe(body, content_type))
    if _looks_like_json(body, content_type):
        return parse_json_feed(body)
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", url)
    # Imported here: a poll where every source answers 304 never needs it, and forked
    # parsing processes import it once, in parallel, on their first feed.
    import feedparser

    try:
        parsed = feedparser.parse(
            body,
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is defensive, but the input is hostile
        return ParsedFeed(error=f"not a feed: the parser failed ({type(exc).__name__}: {exc})")
    feed = parsed.get("feed", {})
    if not parsed.get("version") and not parsed.entries:
        return ParsedFeed(error=_describe(body, content_type, url))
    language = _clean(feed.get("language"))
    entries = []
    for item in parsed.entries:
        summary = item.get("summary", "") or ""
        content = _content(item)
        entries.append(
            _entry(
                guid=_clean(item.get("id")),
                link=_clean(item.get("link")),
                title=item.get("title", "") or "",
                author=_clean(item.get("author")),
                published=_utc(dict.get(item, "published_parsed")),
                updated=_utc(dict.get(item, "updated_parsed")),
                summary_html=summary,
                content_html=content or summary,
                language=_clean(item.get("language")) or language,
            )
        )
    warning = None
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        warning = f"{type(problem).__name__}: {problem}" if problem else "malformed feed"
    ttl = None
    raw_ttl = feed.get("ttl")
    if raw_ttl and str(raw_ttl).strip().isdigit():
        ttl = int(str(raw_ttl).strip()) * 60.0
    return ParsedFeed(
        entries=_dedupe(entries), title=_clean(feed.get("title")), ttl=ttl, warning=warning
    )
