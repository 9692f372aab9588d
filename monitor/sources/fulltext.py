"""Full text for a feed's entries: fetch each new entry's article and extract its main text.

Many feeds carry a one-line summary; with `full_text = true` on a source, rules see the
article itself. The article is fetched within the fetcher's limits (concurrency, per host,
size cap, timeout) and its main text extracted by trafilatura, off the event loop. The
entry keeps the content hash computed from the feed, so a later poll, which does not fetch
the article again, does not take the entry for changed. A failed fetch keeps the feed's
text and adds a warning; it never fails the poll. A feed on the public internet may not
send us into the private network (127.0.0.1, 10.x, 192.168.x, link-local, …): the fetcher
refuses its links there, and redirects there, when it connects (private_network.py).
"""

from __future__ import annotations

import asyncio
import html
import re
from dataclasses import replace
from urllib.parse import urlsplit

from monitor.models import Entry, ParsedFeed
from monitor.sources.fetch import Fetcher
from monitor.sources.private_network import is_private_host

# Article fetches per poll of one source: a first poll of a big feed stays polite, and the
# entries past the cap keep the feed's own text.
MAX_ARTICLES = 30
# Failed articles named in one poll's warning; the rest are counted.
MAX_PROBLEMS = 3
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")


def wanted(entries: list[Entry], stored: dict[str, str], limit: int = MAX_ARTICLES) -> list[int]:
    """Indexes of the entries whose article to fetch: new or changed since stored (identity
    -> content hash), with an http(s) link; at most `limit`, in feed order."""
    chosen: list[int] = []
    for index, entry in enumerate(entries):
        if len(chosen) >= limit:
            break
        if stored.get(entry.identity) == entry.content_hash:
            continue
        if entry.link and _scheme(entry.link) in ("http", "https"):
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

    # A feed inside the private network (or a local file) may link inside it; a feed on
    # the public internet only to the public internet, checked on every hop as we connect.
    # Inside or not is where the feed's fetch was answered from; a lookup only if unknown.
    inside = True
    if source_url is not None:
        known = fetcher.answered_inside(source_url)
        inside = known if known is not None else await is_private_host(_hostname(source_url))

    async def one(index: int) -> str | None:
        entry = entries[index]
        assert entry.link is not None
        fetched = await fetcher.fetch_url(entry.link, private=inside)
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


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # a feed's "http://[x/": not a link to fetch
        return ""


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


__all__ = ["MAX_ARTICLES", "add_full_text", "article_text", "minimal_html", "wanted"]
