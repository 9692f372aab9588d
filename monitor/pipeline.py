"""One source, one poll: fetch → parse → store → match, and the schedule decision.

Read top to bottom, this is the whole path an entry takes into the database. Every poll is
`fetch_and_parse` then `Poller.store_outcome`; a `Spread` says where the fetching and
parsing run (this event loop with parsing processes, or forked worker processes).
Every parse runs in a process with a hard time limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol

import httpx

from monitor.alerts import Rules, match_pending
from monitor.config import Config
from monitor.models import FetchResult, Outcome, ParsedFeed, PollResult, Source
from monitor.pause import UnstoredPoll
from monitor.schedule import iso, next_schedule, utcnow
from monitor.sources.fanout import fetch_batches_in_processes
from monitor.sources.fetch import Fetcher
from monitor.sources.fulltext import add_full_text
from monitor.sources.parsepool import ParsePool
from monitor.sources.spread import fetch_and_parse, internal_error
from monitor.sources.workers import parse_workers
from monitor.storage import Storage
from monitor.storage.trouble import StoreUnavailable

__all__ = ["InProcess", "PollSummary", "Poller", "Spread", "WorkerProcesses", "log_result",
           "parse_workers"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollSummary:
    """Counts over a set of polls, as `monitor poll --json` prints them (beside the list of
    failures)."""

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
    """One log line per poll: what a user tailing the log wants to see (for a failure, its
    cause in words and when it is tried again)."""
    if result.outcome is Outcome.OK:
        log.info(
            "ok %s: %d new, %d updated, %d new alerts", result.url, result.new_entries,
            result.updated_entries, result.new_alerts,
        )
    elif result.outcome is Outcome.NOT_MODIFIED:
        log.debug("not modified %s", result.url)
    else:
        from monitor.failures import plain_error

        retry = f"; tried again at {result.retry_at}" if result.retry_at else ""
        log.warning("%s %s: %s%s", result.outcome.value, result.url,
                    plain_error(result.error or ""), retry)


OnResult = Callable[[PollResult], None]


class Spread(Protocol):
    """How a set of polls is spread over the machine; every way runs the same path
    (fetch_and_parse, then Poller.store_outcome), only where the fetching and parsing run
    differs."""

    def poll(
        self, poller: Poller, sources: list[Source], on_result: OnResult | None
    ) -> list[PollResult]:
        """Poll every source once; one result each."""
        ...


class InProcess:
    """Every poll on this process's event loop, parses in the parsing processes: for the
    daemon and for small polls, where one process keeps up with the network."""

    def poll(
        self, poller: Poller, sources: list[Source], on_result: OnResult | None
    ) -> list[PollResult]:
        async def run() -> list[PollResult]:
            async with poller:
                return await poller.poll(sources, on_result)

        return asyncio.run(run())


@dataclass(frozen=True)
class WorkerProcesses:
    """Fetching and parsing in `workers` forked processes, each with its own event loop and
    share of the limits; this process stores. For large polls, which are CPU-bound."""

    workers: int

    def poll(
        self, poller: Poller, sources: list[Source], on_result: OnResult | None
    ) -> list[PollResult]:
        return poller.poll_in_processes(sources, on_result, self.workers)


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
        self._pool: ParsePool | None = None

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
        if self._pool is not None:
            self._pool.close()  # parses still running are not wanted: stopping never waits
            self._pool = None

    def _start_pool(self) -> ParsePool:
        """Start the parsing processes now, while fetches are still on the network.

        They are forked (instant, and they inherit the parser already imported) before
        this process starts fetching, which is what makes forking safe.
        """
        if self._pool is None:
            workers = parse_workers(self.settings.parse_workers)
            self._pool = ParsePool(workers, self.settings.parse_timeout)
        return self._pool

    async def _parse(self, source: Source, fetched: FetchResult) -> ParsedFeed:
        """Parse in a parsing process (within the hard limit), then fetch full text."""
        parsed = await self._start_pool().parse(source, fetched)
        if source.options.get("full_text") and parsed.error is None:
            # Articles are fetched for entries not stored yet, or changed since.
            identities = [entry.identity for entry in parsed.entries]
            stored = self.store.stored_hashes(source.id, identities)
            parsed = await add_full_text(
                self.fetcher, parsed, stored, source_url=source.effective_url
            )
        return parsed

    def poll_all(
        self, sources: list[Source], spread: Spread, on_result: OnResult | None = None
    ) -> list[PollResult]:
        """Poll every source once, spread as `spread` says; call outside any event loop."""
        return spread.poll(self, sources, on_result)

    async def poll(
        self, sources: Iterable[Source], on_result: OnResult | None = None
    ) -> list[PollResult]:
        """Poll sources concurrently (within the fetcher's limits); one result each."""

        async def one(source: Source) -> PollResult:
            result = await self.poll_source(source)
            if on_result is not None:
                on_result(result)
            return result

        tasks = [asyncio.ensure_future(one(s)) for s in sources]
        try:
            return list(await asyncio.gather(*tasks))
        except StoreUnavailable:
            # The database cannot take any poll now: stop the others quietly, say it once.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def poll_source(self, source: Source) -> PollResult:
        """Fetch, parse and store one source; an unexpected failure is recorded, not raised."""
        return self.store_outcome(*await fetch_and_parse(self.fetcher, source, self._parse))

    def store_outcome(
        self, source: Source, fetched: FetchResult, parsed: ParsedFeed | None
    ) -> PollResult:
        """Store one poll's outcome; a bug while storing is recorded on the source. When the
        database itself cannot write (disk full, read-only, damaged) that is raised as one
        `StoreUnavailable`: the outcome cannot be recorded anywhere, so the caller stops."""
        try:
            return self.record(source, fetched, parsed)
        except self.store.errors as exc:
            problem = StoreUnavailable.of(exc, self.store.location)
            raise UnstoredPoll(problem, (source, fetched, parsed)) from exc
        except Exception as exc:  # a bug: keep the daemon alive, and say so on the source
            log.exception("internal error while storing %s", source.url)
            return self._record_error(source, internal_error(exc), self.clock())

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
        self, sources: list[Source], on_result: OnResult | None = None,
        workers: int | None = None,
    ) -> list[PollResult]:
        """Poll many sources with fetching and parsing spread over worker processes (one per
        core unless `workers` says); this process stores. Sources with full text are polled
        here afterwards (their articles depend on what is stored). Call it outside any event
        loop: it forks."""
        results: list[PollResult] = []
        here = [s for s in sources if s.options.get("full_text")]
        sources = [s for s in sources if not s.options.get("full_text")]
        workers = workers or parse_workers(self.settings.parse_workers)
        batches = fetch_batches_in_processes(
            self.settings, self.config.base_dir, sources, workers
        ) if sources else iter(())
        # Polls with nothing to store (304s, errors) are written together at the end: this
        # process then leaves the cores to the workers while they fetch.
        with self.store.batched_polls():
            for batch in batches:
                for outcome in batch:
                    result = self.store_outcome(*outcome)
                    if on_result is not None:
                        on_result(result)
                    results.append(result)
        if here:
            results += InProcess().poll(self, here, on_result)
        return results

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
        retry = None if outcome is Outcome.GONE else iso(schedule.next_check)
        return PollResult(source.url, outcome, fetched.status, message, retry_at=retry)
