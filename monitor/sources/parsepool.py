"""Parsing processes with a hard time limit on every parse.

A parse runs in a forked process that does nothing else. Past the limit the process is
killed and a fresh one takes its place: a pathological page, feed or PDF costs its own
source an error, never a stuck daemon. Cancelling a parse (the daemon stopping) kills its
process too, so stopping never waits on a parser.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from monitor.models import FetchResult, ParsedFeed, Source
from monitor.sources.parse import parse_source
from monitor.sources.workers import too_slow, worker_setup

log = logging.getLogger(__name__)


def _serve(conn: Connection) -> None:
    """A parsing process: parse what arrives, send back what it gave, until the pipe closes."""
    worker_setup()
    # A service manager's stop signals the whole group: the parent decides when its parsers
    # end (it kills them), so a parse under way is never recorded as a dead process.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while True:
        try:
            source, fetched = conn.recv()
        except (EOFError, OSError):
            return
        try:
            parsed = parse_source(source, fetched)
        except Exception as exc:  # a bug in a parser: an error on this source only
            parsed = ParsedFeed(
                error=f"internal error: {type(exc).__name__}: {exc} (please report this)"
            )
        conn.send(parsed)


class _Worker:
    """One parsing process and this side of its pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def round_trip(self, source: Source, fetched: FetchResult) -> ParsedFeed:
        """Send one parse and wait for its result (in a thread: this blocks)."""
        self.conn.send((source, fetched))
        parsed: ParsedFeed = self.conn.recv()
        return parsed

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ParsePool:
    """`workers` parsing processes; `await pool.parse(source, fetched)` never takes longer
    than `limit` seconds (plus the time to wait for a free process)."""

    def __init__(self, workers: int, limit: float) -> None:
        self.limit = limit
        self._workers = [_Worker() for _ in range(max(1, workers))]
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop _idle belongs to
        # One thread per process waits on its pipe, so the event loop never blocks on one.
        self._threads = ThreadPoolExecutor(len(self._workers), thread_name_prefix="parse")
        self._closed = False

    async def parse(self, source: Source, fetched: FetchResult) -> ParsedFeed:
        """Entries from one fetch, parsed in a worker process within the hard limit."""
        if self._closed:
            raise RuntimeError("the parse pool is closed")
        loop = asyncio.get_running_loop()
        if self._idle is None or self._loop is not loop:  # first use, or a new event loop
            self._idle, self._loop = asyncio.Queue(), loop
            for worker in self._workers:
                self._idle.put_nowait(worker)
        idle = self._idle
        worker = await idle.get()
        keep = True
        try:
            job = loop.run_in_executor(self._threads, worker.round_trip, source, fetched)
            try:
                return await asyncio.wait_for(job, self.limit)
            except TimeoutError:
                keep = False
                log.warning("parsing %s took longer than %g s: its process was stopped",
                            source.url, self.limit)
                return ParsedFeed(error=too_slow(self.limit))
            except (EOFError, OSError) as exc:  # the process died (out of memory, killed)
                keep = False
                log.error("a parsing process died while parsing %s", source.url)
                return ParsedFeed(error=f"the parsing process died ({type(exc).__name__}); "
                                        "it will be parsed again next time")
        except BaseException:  # cancelled (the daemon stopping): the parse is not wanted
            keep = False
            raise
        finally:
            if not keep:
                worker = self._replace(worker)
            if not self._closed:
                idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill a worker that is stuck, died or was cancelled; start its successor."""
        worker.kill()
        if worker in self._workers:  # close() may have emptied the list already
            self._workers.remove(worker)
        if self._closed:
            return worker
        fresh = _Worker()
        self._workers.append(fresh)
        return fresh

    def close(self) -> None:
        """Stop every parsing process at once: they hold nothing that needs saving."""
        self._closed = True
        for worker in self._workers:
            worker.kill()
        self._workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
