"""Full text for a feed's entries: fetch each new entry's article and extract its main text.

Many feeds carry a one-line summary; with `full_text = true` on a source, rules see the
article itself. The article is fetched within the fetcher's limits (concurrency, per host,
size cap, timeout) and its main text extracted by trafilatura, off the event loop. The
entry keeps the content hash computed from the feed, so a later poll, which does not fetch
the article again, does not take the entry for changed. A failed fetch keeps the feed's
text and adds a warning; it never fails the poll. A feed on the public internet may not
send us into the private network (127.0.0.1, 10.x, 192.168.x, link-local, …): its links
there are not fetched.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import re
import socket
from dataclasses import replace
from urllib.parse import urlsplit

from monitor.models import Entry, ParsedFeed
from monitor.sources.fetch import Fetcher

# Article fetches per poll of one source: a first poll of a big feed stays polite, and the
# entries past the cap keep the feed's own text.
MAX_ARTICLES = 30
# Failed articles named in one poll's warning; the rest are counted.
MAX_PROBLEMS = 3
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")


def wanted(entries: list[Entry], stored: dict[str, str], limit: int = MAX_ARTICLES) -> list[int]:
    """Indexes of the entries whose article to fetch: new or changed since stored (identity
    -> content hash), with an http(s) link; at most `limit`, in feed order."""
    chosen = []
    for index, entry in enumerate(entries):
        if len(chosen) >= limit:
            break
        if stored.get(entry.identity) == entry.content_hash:
            continue
        if entry.link and urlsplit(entry.link).scheme.lower() in ("http", "https"):
            chosen.append(index)
    return chosen


def article_text(body: bytes, url: str) -> str:
    """The main text of an article page (navigation, footers and comments left out)."""
    import trafilatura

    from monitor.sources import pages

    doc = pages.parse_html(body)
    if doc is not None and pages.nested_text(doc) > pages.MAX_NESTED_TEXT:
        # Hundreds of unclosed blocks around a long text: trafilatura would take minutes.
        return "\n".join(pages.main_text(doc)).strip()
    text = trafilatura.extract(
        body, url=url, include_comments=False, include_tables=True, favor_recall=True
    )
    return (text or "").strip()


def minimal_html(text: str) -> str:
    """Plain text as paragraphs of escaped HTML: safe to show as it is."""
    return "".join(
        f"<p>{html.escape(part.strip())}</p>" for part in _PARAGRAPHS.split(text) if part.strip()
    )


async def _is_private(host: str | None) -> bool:
    """Whether a host is, or resolves to, an address outside the public internet."""
    if not host:
        return True  # a local file's feed
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            loop = asyncio.get_running_loop()
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return False  # unresolvable: the fetch itself fails and says so
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    return any(
        a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast
        or a.is_unspecified
        for a in addresses
    )


async def reaches_private_network(
    url: str, source_url: str, known: dict[str | None, bool] | None = None
) -> bool:
    """True when a feed outside the private network links into it (a hostile feed making us
    request internal services). Links to the feed's own host, and from a feed that is itself
    on the private network, are fine. `known` keeps answers per host across one poll's
    articles, so each host is looked up once."""
    known = {} if known is None else known

    async def private(host: str | None) -> bool:
        if host not in known:
            known[host] = await _is_private(host)
        return known[host]

    host, source_host = urlsplit(url).hostname, urlsplit(source_url).hostname
    if host == source_host or await private(source_host):
        return False
    return await private(host)


async def add_full_text(
    fetcher: Fetcher,
    parsed: ParsedFeed,
    stored: dict[str, str],
    limit: int = MAX_ARTICLES,
    source_url: str | None = None,
) -> ParsedFeed:
    """`parsed` with the article text of its new and changed entries as their content."""
    entries = list(parsed.entries)
    chosen = wanted(entries, stored, limit)
    if not chosen:
        return parsed

    hosts: dict[str | None, bool] = {}

    async def one(index: int) -> str | None:
        entry = entries[index]
        assert entry.link is not None
        if source_url is not None and await reaches_private_network(
            entry.link, source_url, hosts
        ):
            return f"{entry.link}: not fetched: a public feed's link into a private network"
        fetched = await fetcher.fetch_url(entry.link)
        if fetched.error is not None:
            return f"{entry.link}: {fetched.error}"
        try:
            url = fetched.final_url or entry.link
            text = await asyncio.to_thread(article_text, fetched.body, url)
        except Exception as exc:  # hostile HTML: keep the feed's text
            return f"{entry.link}: cannot extract the text ({type(exc).__name__}: {exc})"
        if not text:
            return f"{entry.link}: no article text found"
        entries[index] = replace(entry, content_text=text, content_html=minimal_html(text))
        return None

    outcomes = await asyncio.gather(*(one(index) for index in chosen))
    problems = [problem for problem in outcomes if problem]
    warning = parsed.warning
    if problems:
        text = "; ".join(problems[:MAX_PROBLEMS])
        if len(problems) > MAX_PROBLEMS:
            text += f"; and {len(problems) - MAX_PROBLEMS} more"
        note = f"full text: {len(problems)} of {len(chosen)} articles failed: {text}"
        warning = f"{warning}; {note}" if warning else note
    return replace(parsed, entries=entries, warning=warning)


__all__ = [
    "MAX_ARTICLES", "add_full_text", "article_text", "minimal_html", "reaches_private_network",
    "wanted",
]
