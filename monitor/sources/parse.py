"""Turn fetched bytes into entries, by what the source is: a feed, a page, or a folder.

One function for every path that parses (the daemon's parse pool, bulk-poll workers), so
a new kind of source plugs in here and nowhere else. It runs in worker processes: pure,
given only the source and what was fetched.
"""

from __future__ import annotations

from monitor.models import FetchResult, ParsedFeed, Source, SourceKind
from monitor.sources.feeds import parse_feed


def parse_source(source: Source, fetched: FetchResult) -> ParsedFeed:
    """Entries (and new parser memory) from one fetch of one source."""
    if source.kind is SourceKind.FEED:
        # The configured URL is the base, not where redirects led: feedparser resolves
        # plain guids against it, and an identity must not change when a feed moves.
        return parse_feed(fetched.body, fetched.headers, source.url)
    # Pages and folders bring lxml, trafilatura and pypdf: imported when first needed, so
    # a poll of feeds alone (and every other command) starts without them.
    if source.kind is SourceKind.DIR:
        from monitor.sources.folder import parse_folder

        return parse_folder(source, fetched)
    if source.kind is SourceKind.PAGE:  # links resolve against where redirects led
        from monitor.sources.pages import parse_page

        url = fetched.final_url or source.url
        return parse_page(fetched.body, fetched.headers, url, source.options, source.memory)
    raise NotImplementedError(f"parsing {source.kind.value} sources")
