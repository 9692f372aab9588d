"""The one fetch-then-parse step, wherever it runs (this process or a worker process).

A poll is: fetch the source; when something new came back, parse it. Every way of
spreading polls (the daemon's event loop, `monitor poll`'s worker processes) calls
`fetch_and_parse`, and a bug in it becomes an error on that source through
`internal_error`, never a crash.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from monitor.models import FetchResult, ParsedFeed, Source
from monitor.sources.fetch import Fetcher

log = logging.getLogger(__name__)

# What one poll gave before storing: the source, its fetch, and its parse (None: nothing new).
Polled = tuple[Source, FetchResult, ParsedFeed | None]
Parse = Callable[[Source, FetchResult], Awaitable[ParsedFeed]]


def internal_error(exc: BaseException) -> FetchResult:
    """A bug while polling a source, as the error that source records."""
    return FetchResult(error=f"internal error: {type(exc).__name__}: {exc} (please report this)")


async def fetch_and_parse(fetcher: Fetcher, source: Source, parse: Parse) -> Polled:
    """Fetch one source and parse what came back; an unexpected failure is an error value."""
    try:
        fetched = await fetcher.fetch(source)
        parsed = None
        if fetched.error is None and not fetched.not_modified:
            parsed = await parse(source, fetched)
    except (asyncio.CancelledError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: keep going, and say so on the source
        log.exception("internal error while polling %s", source.url)
        return source, internal_error(exc), None
    return source, fetched, parsed
