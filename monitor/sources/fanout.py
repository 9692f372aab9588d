"""Fetch and parse many sources in several worker processes at once.

One process fetches at a few hundred requests a second: httpx and asyncio cost a few
milliseconds of CPU per request, so a large poll is CPU-bound even when every answer is a
304. Forked workers, one per core, each run their own event loop over a share of the
sources (and a share of the concurrency limits) and parse what they fetch; results come
back over pipes as they are ready, and the parent stores them. Errors stay values; a
worker that dies turns its unfinished sources into errors, never a crash. Each worker shows
the parent which source it is parsing and since when: past the hard limit the parent kills
it, that source records the error, and a fresh worker polls the rest of its share.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import time
from collections.abc import Iterator
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.config import Settings
from monitor.models import FetchResult, ParsedFeed, Source
from monitor.sources.fetch import Fetcher, tls_context
from monitor.sources.parse import parse_source
from monitor.sources.spread import Polled, fetch_and_parse
from monitor.sources.workers import too_slow, worker_setup

# A worker's parsing mark, shared with the parent: [source id, monotonic start or 0].
Mark = Any


def _shards(settings: Settings, sources: list[Source], workers: int) -> list[list[Source]]:
    """Split sources so the workers together stay within the limits: round robin (hosts
    spread evenly, each worker a share of per_host) when per_host can be shared, else every
    host's sources in one worker (which then holds the host's whole per_host)."""
    if settings.per_host >= workers:
        return [sources[index::workers] for index in range(workers)]
    by_host: dict[str, list[Source]] = {}
    for source in sources:
        by_host.setdefault(urlsplit(source.effective_url).netloc.lower(), []).append(source)
    shards: list[list[Source]] = [[] for _ in range(workers)]
    for group in sorted(by_host.values(), key=len, reverse=True):
        min(shards, key=len).extend(group)  # largest hosts first, to the emptiest worker
    return [shard for shard in shards if shard]


def _share(settings: Settings, workers: int) -> Settings:
    """Each worker's part of the limits, so that together they stay within them."""
    per_host = settings.per_host // workers if settings.per_host >= workers else settings.per_host
    return replace(settings, concurrency=settings.concurrency // workers, per_host=per_host)


# Outcomes with nothing to store (304s, errors) go to the parent in batches: one message per
# 304 woke the parent hundreds of times a second, taking CPU from the fetching workers.
SEND_BATCH = 32
SEND_INTERVAL = 0.05  # seconds; the progress bar still moves smoothly
WATCH_INTERVAL = 0.5  # seconds between the parent's looks at how long parses take
# What httpx imports on its first request: imported once here, before forking, so that each
# worker does not import (and compile) the same seventy modules again.
FIRST_REQUEST_MODULES = (
    "httpcore", "h11", "anyio", "anyio._backends._asyncio", "anyio.streams.tls",
    "anyio.streams.stapled", "anyio.streams.memory", "anyio.to_thread", "sniffio",
)


async def _fetch_all(
    settings: Settings, base_dir: Path, sources: list[Source], conn: Connection, mark: Mark
) -> None:
    pending: list[tuple[int, FetchResult, ParsedFeed | None]] = []

    def send() -> None:
        if pending:
            conn.send(pending[:])
            pending.clear()

    def timed_parse(source: Source, fetched: FetchResult) -> ParsedFeed:
        mark[0], mark[1] = source.id, time.monotonic()  # the parent watches the clock
        try:
            return parse_source(source, fetched)
        finally:
            mark[1] = 0.0

    parsing = asyncio.Semaphore(1)  # one parse at a time: the mark has room for one

    async def parse(source: Source, fetched: FetchResult) -> ParsedFeed:
        # In a thread, so the event loop goes on reading the answers already in flight
        # while a parse runs: on the loop itself, a long run of parses held them until
        # their time limit ran out.
        async with parsing:
            return await asyncio.to_thread(timed_parse, source, fetched)

    async with Fetcher(settings, base_dir) as fetcher:

        async def one(source: Source) -> None:
            _, fetched, parsed = await fetch_and_parse(fetcher, source, parse)
            pending.append((source.id, replace(fetched, body=b""), parsed))
            # Entries go at once (the parent has storing to do); the rest in batches.
            if parsed is not None or len(pending) >= SEND_BATCH:
                send()

        async def every_interval() -> None:
            while True:  # what a slow source must not hold back
                await asyncio.sleep(SEND_INTERVAL)
                send()

        ticker = asyncio.create_task(every_interval())
        try:
            await asyncio.gather(*(one(s) for s in sources))
        finally:
            ticker.cancel()
    send()


def _worker(
    settings: Settings, base_dir: Path, sources: list[Source], conn: Connection, mark: Mark
) -> None:
    worker_setup()
    try:
        asyncio.run(_fetch_all(settings, base_dir, sources, conn, mark))
    finally:
        conn.close()


def fetch_in_processes(
    settings: Settings, base_dir: Path, sources: list[Source], workers: int
) -> Iterator[Polled]:
    """Yield (source, fetch result, parsed feed or None) for every source, as they finish."""
    for batch in fetch_batches_in_processes(settings, base_dir, sources, workers):
        yield from batch


class _Running:
    """One worker process as the parent sees it: its pipe, its mark, what it still owes."""

    def __init__(self, settings: Settings, base_dir: Path, shard: list[Source]) -> None:
        context = multiprocessing.get_context("fork")
        self.mark: Mark = context.Array("d", 2, lock=False)
        self.conn, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_worker, args=(settings, base_dir, shard, sender, self.mark), daemon=True
        )
        self.process.start()
        sender.close()
        self.waiting = {s.id for s in shard}
        self.stuck: int | None = None  # the source whose parse it was killed for

    def overdue(self, limit: float) -> bool:
        """Whether its current parse has run past the limit (then it is killed)."""
        started = self.mark[1]
        if started and time.monotonic() - started > limit and self.stuck is None:
            self.stuck = int(self.mark[0])
            self.process.kill()
            return True
        return False


def fetch_batches_in_processes(
    settings: Settings, base_dir: Path, sources: list[Source], workers: int
) -> Iterator[list[Polled]]:
    """Like fetch_in_processes, but each time yields every outcome that is ready, so the
    caller can store many small ones (304s) in one commit without waiting on the network."""
    workers = max(1, min(workers, len(sources), settings.concurrency))
    shards = _shards(settings, sources, workers)
    tls_context()  # made once here, inherited by every worker
    for name in FIRST_REQUEST_MODULES:
        importlib.import_module(name)
    shared = _share(settings, workers)
    by_id = {s.id: s for s in sources}
    running: dict[Connection, _Running] = {}
    try:
        for shard in shards:
            worker = _Running(shared, base_dir, shard)
            running[worker.conn] = worker
        while running:
            batch: list[Polled] = []
            for worker in running.values():
                worker.overdue(settings.parse_timeout)
            for conn in wait(list(running), timeout=WATCH_INTERVAL):
                assert isinstance(conn, Connection)
                worker = running[conn]
                try:
                    while True:  # everything this worker has sent so far
                        for source_id, fetched, parsed in conn.recv():
                            worker.waiting.discard(source_id)
                            batch.append((by_id[source_id], fetched, parsed))
                        if not conn.poll():
                            break
                except EOFError:
                    del running[conn]
                    worker.process.join()
                    conn.close()
                    batch += _ended(worker, by_id, settings, shared, base_dir, running)
            yield batch
    finally:
        for conn, worker in running.items():
            worker.process.terminate()
            worker.process.join()
            conn.close()


def _ended(
    worker: _Running, by_id: dict[int, Source], settings: Settings, shared: Settings,
    base_dir: Path, running: dict[Connection, _Running],
) -> list[Polled]:
    """What a worker that ended leaves: nothing, or the stuck source's error and a fresh
    worker for the rest of its share, or (died on its own) an error for each unfinished."""
    if worker.stuck is not None:
        worker.waiting.discard(worker.stuck)
        if worker.waiting:
            rest = [by_id[i] for i in sorted(worker.waiting)]
            fresh = _Running(shared, base_dir, rest)
            running[fresh.conn] = fresh
        parsed = ParsedFeed(error=too_slow(settings.parse_timeout))
        return [(by_id[worker.stuck], FetchResult(status=200), parsed)]
    error = (f"internal error: the fetching process stopped early (exit code "
             f"{worker.process.exitcode}); it will be polled again")
    return [(by_id[i], FetchResult(error=error), None) for i in sorted(worker.waiting)]
