"""Fetch and parse many sources in several worker processes at once.

One process fetches at a few hundred requests a second: httpx and asyncio cost a few
milliseconds of CPU per request, so a large poll is CPU-bound even when every answer is a
304. Forked workers, one per core, each run their own event loop over a share of the
sources (and a share of the concurrency limits) and parse what they fetch; results come
back over pipes as they are ready, and the parent stores them. Errors stay values; a
worker that dies turns its unfinished sources into errors, never a crash.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from urllib.parse import urlsplit

from monitor.config import Settings
from monitor.models import FetchResult, ParsedFeed, Source
from monitor.sources.fetch import Fetcher, tls_context
from monitor.sources.parse import parse_source

Outcome = tuple[Source, FetchResult, ParsedFeed | None]


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


async def _fetch_all(
    settings: Settings, base_dir: Path, sources: list[Source], conn: Connection
) -> None:
    pending: list[tuple[int, FetchResult, ParsedFeed | None]] = []

    def send() -> None:
        if pending:
            conn.send(pending[:])
            pending.clear()

    async with Fetcher(settings, base_dir) as fetcher:

        async def one(source: Source) -> None:
            try:
                fetched = await fetcher.fetch(source)
                parsed = None
                if fetched.error is None and not fetched.not_modified:
                    parsed = parse_source(source, fetched)
                message = (source.id, replace(fetched, body=b""), parsed)
            except Exception as exc:  # a bug: report it on this source only
                error = f"internal error: {type(exc).__name__}: {exc} (please report this)"
                message = (source.id, FetchResult(error=error), None)
            pending.append(message)
            # Entries go at once (the parent has storing to do); the rest in batches.
            if message[2] is not None or len(pending) >= SEND_BATCH:
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


def _worker(settings: Settings, base_dir: Path, sources: list[Source], conn: Connection) -> None:
    from monitor.pipeline import worker_setup  # the parent has it imported: no cost

    worker_setup()
    try:
        asyncio.run(_fetch_all(settings, base_dir, sources, conn))
    finally:
        conn.close()


def fetch_in_processes(
    settings: Settings, base_dir: Path, sources: list[Source], workers: int
) -> Iterator[Outcome]:
    """Yield (source, fetch result, parsed feed or None) for every source, as they finish."""
    for batch in fetch_batches_in_processes(settings, base_dir, sources, workers):
        yield from batch


def fetch_batches_in_processes(
    settings: Settings, base_dir: Path, sources: list[Source], workers: int
) -> Iterator[list[Outcome]]:
    """Like fetch_in_processes, but each time yields every outcome that is ready, so the
    caller can store many small ones (304s) in one commit without waiting on the network."""
    workers = max(1, min(workers, len(sources), settings.concurrency))
    shards = _shards(settings, sources, workers)
    tls_context()  # made once here, inherited by every worker
    context = multiprocessing.get_context("fork")
    shared = _share(settings, workers)
    by_id = {s.id: s for s in sources}
    running: dict[Connection, tuple[multiprocessing.process.BaseProcess, set[int]]] = {}
    try:
        for shard in shards:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker, args=(shared, base_dir, shard, sender), daemon=True
            )
            process.start()
            sender.close()
            running[receiver] = (process, {s.id for s in shard})
        while running:
            batch: list[Outcome] = []
            for conn in wait(list(running)):
                assert isinstance(conn, Connection)
                process, waiting = running[conn]
                try:
                    while True:  # everything this worker has sent so far
                        for source_id, fetched, parsed in conn.recv():
                            waiting.discard(source_id)
                            batch.append((by_id[source_id], fetched, parsed))
                        if not conn.poll():
                            break
                except EOFError:
                    del running[conn]
                    process.join()
                    for source_id in sorted(waiting):
                        error = (f"internal error: the fetching process stopped early (exit code "
                                 f"{process.exitcode}); it will be polled again")
                        batch.append((by_id[source_id], FetchResult(error=error), None))
            yield batch
    finally:
        for conn, (process, _) in running.items():
            process.terminate()
            process.join()
            conn.close()
