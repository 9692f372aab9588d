"""One source, one poll: fetch → parse → store → match, and the schedule decision.

Read top to bottom, this is the whole path an entry takes into the database. Parsing runs
in worker processes (two cores parse at once, and the event loop keeps fetching).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

import httpx

from monitor.alerts import Rules, match_pending
from monitor.config import Config
from monitor.models import FetchResult, Outcome, ParsedFeed, PollResult, Source
from monitor.schedule import next_schedule, utcnow
from monitor.sources.fanout import fetch_batches_in_processes
from monitor.sources.fetch import Fetcher
from monitor.sources.fulltext import add_full_text
from monitor.sources.parse import parse_source
from monitor.storage import Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollSummary:
    """Counts over a set of polls, as `monitor poll --json` prints them."""

    sources: int = 0
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    new_entries: int = 0
    updated_entries: int = 0
    new_alerts: int = 0

    @classmethod
    def of(cls, results: Iterable[PollResult]) -> PollSummary:
        results = list(results)
        return cls(
            sources=len(results),
            ok=sum(r.outcome is Outcome.OK for r in results),
            not_modified=sum(r.outcome is Outcome.NOT_MODIFIED for r in results),
            failed=sum(r.outcome in (Outcome.ERROR, Outcome.GONE) for r in results),
            new_entries=sum(r.new_entries for r in results),
            updated_entries=sum(r.updated_entries for r in results),
            new_alerts=sum(r.new_alerts for r in results),
        )


def log_result(result: PollResult) -> None:
    """One log line per poll: what a user tailing the log wants to see."""
    if result.outcome is Outcome.OK:
        log.info(
            "ok %s: %d new, %d updated, %d new alerts", result.url, result.new_entries,
            result.updated_entries, result.new_alerts,
        )
    elif result.outcome is Outcome.NOT_MODIFIED:
        log.debug("not modified %s", result.url)
    else:
        log.warning("%s %s: %s", result.outcome.value, result.url, result.error)


def worker_setup() -> None:
    """In a forked worker: leave Ctrl-C to the parent, which shuts workers down cleanly, and
    die with the parent, so a killed daemon leaves no orphans behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The daemon's event loop catches SIGTERM; a worker must not inherit that.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG: nothing to flush here
        if os.getppid() == 1:  # the parent died before the line above took effect
            os._exit(0)


def parse_workers(configured: int) -> int:
    """How many parsing processes: the configured number, or one per core (0 = auto)."""
    return configured or (os.cpu_count() or 1)


class Poller:
    """Polls sources into the store; use as `async with Poller(...) as poller:`."""

    def __init__(
        self,
        store: Storage,
        config: Config,
        *,
        rules: Rules | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.rules = rules
        self.config = config
        self.settings = config.settings
        self.clock = clock
        self.fetcher = Fetcher(config.settings, config.base_dir, transport=transport)
        self._executor: Executor | None = None

    async def __aenter__(self) -> Poller:
        self._start_pool()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.fetcher.aclose()
        if self._executor is not None:
            self._executor.shutdown(wait=exc_type is None, cancel_futures=True)
            self._executor = None

    def _start_pool(self) -> None:
        """Start the parsing processes now, while fetches are still on the network.

        They are forked (instant, and they inherit the parser already imported) before
        this process starts any thread, which is what makes forking safe.
        """
        workers = parse_workers(self.settings.parse_workers)
        if workers < 2 or self._executor is not None:
            return
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=worker_setup,
        )
        for _ in range(workers):
            self._executor.submit(os.getpid)  # spawns every worker at once

    async def _parse(self, source: Source, fetched: FetchResult) -> ParsedFeed:
        if self._executor is None:
            return await asyncio.to_thread(parse_source, source, fetched)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, parse_source, source, fetched)
        except BrokenProcessPool:
            # A worker died (killed, or out of memory on a hostile body): parse this one
            # here and keep the daemon going without the pool.
            log.error("a parsing process died; parsing in-process from now on")
            self._executor = None
            return await asyncio.to_thread(parse_source, source, fetched)

    async def poll(
        self,
        sources: Iterable[Source],
        on_result: Callable[[PollResult], None] | None = None,
    ) -> list[PollResult]:
        """Poll sources concurrently (within the fetcher's limits); one result each."""

        async def one(source: Source) -> PollResult:
            result = await self.poll_source(source)
            if on_result is not None:
                on_result(result)
            return result

        return list(await asyncio.gather(*(one(s) for s in sources)))

    async def poll_source(self, source: Source) -> PollResult:
        """Fetch, parse and store one source; an unexpected failure is recorded, not raised."""
        try:
            return await self._poll_source(source)
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: keep the daemon alive, and say so on the source
            log.exception("internal error while polling %s", source.url)
            message = f"internal error: {type(exc).__name__}: {exc} (please report this)"
            return self._record_error(source, FetchResult(error=message), self.clock())

    async def _poll_source(self, source: Source) -> PollResult:
        fetched = await self.fetcher.fetch(source)
        parsed = None
        if fetched.error is None and not fetched.not_modified:
            parsed = await self._parse(source, fetched)
            if source.options.get("full_text") and parsed.error is None:
                # Articles are fetched for entries not stored yet, or changed since.
                identities = [entry.identity for entry in parsed.entries]
                stored = self.store.stored_hashes(source.id, identities)
                parsed = await add_full_text(
                    self.fetcher, parsed, stored, source_url=source.effective_url
                )
        return self.record(source, fetched, parsed)

    def record(self, source: Source, fetched: FetchResult, parsed: ParsedFeed | None) -> PollResult:
        """Store what one fetch (and parse) gave, decide the next check, match new entries."""
        now = self.clock()
        if fetched.error is not None:
            return self._record_error(source, fetched, now)
        interval = source.interval or self.settings.interval
        if fetched.not_modified or parsed is None:
            schedule = next_schedule(
                Outcome.NOT_MODIFIED, now=now, interval=interval, error_count=0,
                cap=self.settings.backoff_cap, freshness=fetched.max_age,
            )
            self.store.record_poll(
                source, now=now, outcome=Outcome.NOT_MODIFIED, schedule=schedule,
                status=fetched.status, moved_to=fetched.moved_to, size=fetched.size,
                duration=fetched.duration,
            )
            return PollResult(source.url, Outcome.NOT_MODIFIED, fetched.status)
        if parsed.error is not None:
            return self._record_error(source, fetched, now, error=parsed.error)
        freshness = max(fetched.max_age or 0.0, parsed.ttl or 0.0) or None
        schedule = next_schedule(
            Outcome.OK, now=now, interval=interval, error_count=0,
            cap=self.settings.backoff_cap, freshness=freshness,
        )
        new, updated = self.store.record_poll(
            source, now=now, outcome=Outcome.OK, schedule=schedule, status=fetched.status,
            warning=parsed.warning, entries=parsed.entries, feed_title=parsed.title,
            etag=fetched.etag, last_modified=fetched.last_modified, moved_to=fetched.moved_to,
            size=fetched.size, duration=fetched.duration, memory=parsed.memory,
        )
        hits = alerts = 0
        if (new or updated) and self.rules is not None:
            hits, alerts = match_pending(self.store, self.rules, now, source.id)
        return PollResult(source.url, Outcome.OK, fetched.status, None, new, updated, hits, alerts)

    def poll_in_processes(
        self,
        sources: list[Source],
        on_result: Callable[[PollResult], None] | None = None,
    ) -> list[PollResult]:
        """Poll many sources with fetching and parsing spread over worker processes (one per
        core, each with its own event loop and share of the limits); this process stores.
        Sources with full text are polled here afterwards (their articles depend on what is
        stored). Call it outside any event loop: it forks."""
        results: list[PollResult] = []
        here = [s for s in sources if s.options.get("full_text")]
        sources = [s for s in sources if not s.options.get("full_text")]
        batches = fetch_batches_in_processes(
            self.settings, self.config.base_dir, sources, parse_workers(self.settings.parse_workers)
        ) if sources else iter(())

        def store(source: Source, fetched: FetchResult, parsed: ParsedFeed | None) -> None:
            try:
                result = self.record(source, fetched, parsed)
            except Exception as exc:  # a bug: record it on the source, go on with the rest
                log.exception("internal error while storing %s", source.url)
                message = f"internal error: {type(exc).__name__}: {exc} (please report this)"
                result = self._record_error(source, FetchResult(error=message), self.clock())
            if on_result is not None:
                on_result(result)
            results.append(result)

        # Polls with nothing to store (304s, errors) are written together at the end: this
        # process then leaves the cores to the workers while they fetch.
        with self.store.batched_polls():
            for batch in batches:
                for outcome in batch:
                    store(*outcome)
        if here:
            results += asyncio.run(self._poll_here(here, on_result))
        return results

    async def _poll_here(
        self, sources: list[Source], on_result: Callable[[PollResult], None] | None
    ) -> list[PollResult]:
        """Poll in this process (parsing in a thread), then close the fetcher's clients."""
        try:
            return await self.poll(sources, on_result)
        finally:
            await self.fetcher.aclose()

    def _record_error(
        self, source: Source, fetched: FetchResult, now: datetime, error: str | None = None
    ) -> PollResult:
        outcome = Outcome.GONE if fetched.status == 410 else Outcome.ERROR
        message = error or fetched.error or "unknown error"
        if outcome is Outcome.GONE:
            message = (
                f"{message}: the publisher removed this feed; source disabled "
                f"(`monitor sources enable {source.url}` to try again)"
            )
        schedule = next_schedule(
            outcome, now=now, interval=source.interval or self.settings.interval,
            error_count=source.error_count, cap=self.settings.backoff_cap,
            retry_after=fetched.retry_after,
        )
        self.store.record_poll(
            source, now=now, outcome=outcome, schedule=schedule, status=fetched.status,
            error=message, size=fetched.size, duration=fetched.duration,
        )
        return PollResult(source.url, outcome, fetched.status, message)
