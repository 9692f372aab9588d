"""Feed autodiscovery: the RSS, Atom and JSON feeds a web page links in its <head>.

Pages announce their feeds with `<link rel="alternate" type="application/rss+xml"
href="…">`; the href is resolved against the page's <base href> and its URL. Pure: no
network, so it runs wherever a page body is at hand (the parser, `sources add`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

from monitor.sources.pages import page_base, parse_html

# Media types that name a feed; "application/json" only counts with a feed-like title.
FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/rdf+xml": "rss",
    "application/feed+json": "json",
    "application/x.atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "application/x-rss+xml": "rss",
    "text/xml": "rss",
    "application/xml": "rss",
}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_html(body: bytes, headers: dict[str, str]) -> bool:
    """An HTML page by its Content-Type or by how the body starts."""
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "").lower()
    return "html" in content_type or bool(_HTML_START.match(body.lstrip(b"\xef\xbb\xbf")[:2048]))


@dataclass(frozen=True)
class FeedLink:
    """One feed a page links: absolute URL, format (rss, atom, json) and its title."""

    url: str
    format: str
    title: str | None


def feed_links(body: bytes | lxml.html.HtmlElement, url: str) -> list[FeedLink]:
    """Feeds the page links, in page order (comment feeds last), without duplicates; only
    http(s) feeds, unless the page itself is a local file."""
    doc = parse_html(body) if isinstance(body, bytes) else body
    if doc is None:
        return []
    base = page_base(doc, url)
    # A web page may link feeds on the web only: a file: link in it would have us read a
    # local file. A local page (a file: URL) may link local feeds.
    schemes = {"http", "https"} | ({"file"} if urlsplit(url).scheme.lower() == "file" else set())
    found: list[FeedLink] = []
    seen: set[str] = set()
    for link in doc.iter("link"):
        rel = {token.lower() for token in (link.get("rel") or "").split()}
        if not rel & {"alternate", "feed"}:
            continue
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        title = (link.get("title") or "").strip() or None
        fmt = FEED_TYPES.get(kind)
        if kind == "application/json" and title and "feed" in title.lower():
            fmt = "json"
        href = (link.get("href") or "").strip()
        if fmt is None or not href:
            continue
        try:
            absolute = urljoin(base, href)
            scheme = urlsplit(absolute).scheme.lower()
        except ValueError:
            continue
        if scheme not in schemes or absolute in seen:
            continue
        seen.add(absolute)
        found.append(FeedLink(absolute, fmt, title))
    # WordPress and others list a comments feed next to the posts feed; posts come first.
    return sorted(found, key=lambda f: "comment" in (f.title or "").lower())


__all__ = ["FEED_TYPES", "FeedLink", "feed_links", "looks_like_html"]
