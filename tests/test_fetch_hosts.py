"""Per-host limits: feeds on a host that answers slowly (or never) wait for their host's
turn without holding the global slots, so feeds on other hosts go on being fetched."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from hosts import Answer, HostServer, serving

from monitor.config import Settings
from monitor.models import FetchResult, Source, SourceKind, SourceState
from monitor.sources import fetch
from monitor.sources.fetch import Fetcher

RSS = {"Content-Type": "application/rss+xml"}
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def source(url: str) -> Source:
    return Source(
        id=0, url=url, fetch_url=None, title=None, tags=(), interval=None,
        state=SourceState.NEVER, last_status=None, last_error=None, error_count=0,
        last_check=None, next_check=None, etag=None, last_modified=None, kind=SourceKind.FEED,
    )


async def until(condition: object, deadline: float = 10.0) -> None:
    """Wait (without blocking the loop) until condition() holds; fail past the deadline."""
    end = time.monotonic() + deadline
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < end, "condition not reached before the deadline"
        await asyncio.sleep(0.01)


def test_a_slow_host_does_not_hold_up_feeds_on_other_hosts() -> None:
    release = threading.Event()

    def slow() -> Answer:
        release.wait(30)  # the slow host answers only when the test says so
        return 200, RSS, FEED

    slow_host = HostServer("127.0.0.2", {f"/slow/{n}": slow for n in range(8)})
    fast_hosts = [
        HostServer(f"127.0.0.{3 + h}", {f"/fast/{n}": (200, RSS, FEED) for n in range(4)})
        for h in range(3)
    ]
    settings = Settings(concurrency=4, per_host=2, timeout=60.0, read_timeout=60.0)

    async def run() -> tuple[list[FetchResult], list[FetchResult]]:
        async with Fetcher(settings, Path(".")) as fetcher:
            slow_tasks = [
                asyncio.create_task(fetcher.fetch(source(slow_host.url(f"/slow/{n}"))))
                for n in range(8)
            ]
            # The slow host has as many requests as it may (per_host) before the others start.
            await until(lambda: len(slow_host.requests) == settings.per_host)
            fast = [
                fetcher.fetch(source(host.url(f"/fast/{n}")))
                for host in fast_hosts for n in range(4)
            ]
            try:
                # Fails (times out) when the slow host's queued feeds hold the global slots.
                fast_results = await asyncio.wait_for(asyncio.gather(*fast), 15)
                waiting = [task.done() for task in slow_tasks]
            finally:
                release.set()
            assert waiting == [False] * 8  # the fast ones finished while the slow host waited
            assert len(slow_host.requests) == settings.per_host  # never more than its share
            return fast_results, list(await asyncio.gather(*slow_tasks))

    with serving(slow_host, *fast_hosts):
        try:
            fast_results, slow_results = asyncio.run(run())
        finally:
            release.set()
    assert [r.error for r in fast_results] == [None] * 12
    assert [r.body for r in fast_results] == [FEED] * 12
    assert [r.error for r in slow_results] == [None] * 8
    assert len(slow_host.requests) == 8


def test_a_hosts_feeds_reuse_its_kept_alive_connections() -> None:
    """Every feed of a host goes through one connection pool, so a host with more feeds than
    its per_host is fetched over at most per_host connections, not one per feed."""
    hosts = [
        HostServer(f"127.0.0.{2 + h}", {f"/feed/{n}": (200, RSS, FEED) for n in range(12)})
        for h in range(3)
    ]
    settings = Settings(concurrency=100, per_host=2)

    async def run() -> list[FetchResult]:
        async with Fetcher(settings, Path(".")) as fetcher:
            return list(await asyncio.gather(*(
                fetcher.fetch(source(host.url(f"/feed/{n}"))) for host in hosts for n in range(12)
            )))

    with serving(*hosts):
        results = asyncio.run(run())
    assert [r.error for r in results] == [None] * 36
    # round robin over the pools opened a connection for nearly every feed (12 a host)
    assert all(1 <= host.connections <= settings.per_host for host in hosts), \
        [host.connections for host in hosts]


def test_hosts_fetched_long_ago_are_let_go_but_not_one_with_a_request_under_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A daemon that fetches articles from thousands of sites must not keep every host's
    turns and pools for its lifetime; past KEPT_HOSTS the idle ones go, a busy one stays."""
    monkeypatch.setattr(fetch, "KEPT_HOSTS", 2)
    release = threading.Event()

    def slow() -> Answer:
        release.wait(30)
        return 200, RSS, FEED

    busy = HostServer("127.0.0.2", {"/feed": slow})
    idle = [HostServer(f"127.0.0.{3 + h}", {"/feed": (200, RSS, FEED)}) for h in range(3)]
    settings = Settings(concurrency=10, per_host=2, timeout=60.0, read_timeout=60.0)

    async def run() -> list[FetchResult]:
        async with Fetcher(settings, Path(".")) as fetcher:
            waiting = asyncio.create_task(fetcher.fetch(source(busy.url("/feed"))))
            await until(lambda: len(busy.requests) == 1)
            results = [await fetcher.fetch(source(host.url("/feed"))) for host in idle]
            kept = set(fetcher._hosts)
            release.set()
            results.append(await waiting)
            assert len(kept) <= 2, kept
            assert f"{busy.host}:{busy.port}" in kept  # under way: kept
            assert f"{idle[-1].host}:{idle[-1].port}" in kept  # the last to come: kept
            return results

    with serving(busy, *idle):
        try:
            results = asyncio.run(run())
        finally:
            release.set()
    assert [r.error for r in results] == [None] * 4
