"""Every parse has a hard time limit: a parser that never returns costs its own source an
error, its process is killed and replaced, and every other source is polled as usual."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FAST, RSS, FeedServer, Reply, rss, write_config

import monitor.sources.parse
from monitor.config import Config, load_config
from monitor.models import Outcome, PollResult
from monitor.pipeline import InProcess, Poller, Spread, WorkerProcesses
from monitor.schedule import utcnow
from monitor.storage.sqlite import SqliteStorage as Store

STUCK = b"<!-- stuck -->"
LIMIT = "1s"


@pytest.fixture
def stuck_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed parser that hangs on a body carrying STUCK (a pathological input), as a real
    one can on a crafted page; the parsing processes are forked and inherit it."""
    real = monitor.sources.parse.parse_feed

    def parse_feed(body: bytes, *args: Any, **kwargs: Any) -> Any:
        if STUCK in body:
            time.sleep(600)
        return real(body, *args, **kwargs)

    monkeypatch.setattr(monitor.sources.parse, "parse_feed", parse_feed)


@pytest.fixture
def setup(tmp_path: Path, server: FeedServer) -> Iterator[tuple[Config, Store, list[str]]]:
    """Eight healthy feeds and one that hangs the parser, with a 1 s parse limit."""
    urls = []
    for i in range(8):
        server.routes[f"/ok{i}.xml"] = Reply(200, rss(3, title=f"ok {i}"), RSS)
        urls.append(server.url(f"/ok{i}.xml"))
    server.routes["/stuck.xml"] = Reply(200, rss(2).replace(b"<channel>", b"<channel>" + STUCK),
                                        RSS)
    urls.insert(3, server.url("/stuck.xml"))
    settings = {**FAST, "parse_timeout": LIMIT, "parse_workers": 2}
    config = load_config(write_config(tmp_path / "monitor.toml", urls, **settings))
    store = Store(config.state_dir)
    store.sync_sources(config.sources, utcnow())
    try:
        yield config, store, urls
    finally:
        store.close()


def _check(store: Store, results: list[PollResult], stuck_url: str) -> None:
    by_url = {r.url: r for r in results}
    assert by_url[stuck_url].outcome is Outcome.ERROR
    assert "parse took longer than 1 s" in (by_url[stuck_url].error or "")
    rows = {row.source.url: row for row in store.status()}
    assert "parse took longer than 1 s" in (rows[stuck_url].source.last_error or "")
    healthy = [url for url in rows if url != stuck_url]
    assert len(healthy) == 8
    for url in healthy:
        assert by_url[url].outcome is Outcome.OK, by_url[url].error
        assert rows[url].entries == 3


@pytest.mark.parametrize("spread", [InProcess(), WorkerProcesses(2)], ids=["here", "workers"])
def test_a_parse_past_the_limit_is_stopped_and_others_go_on(
    setup: tuple[Config, Store, list[str]], stuck_parser: None, spread: Spread
) -> None:
    config, store, urls = setup
    stuck_url = urls[3]
    results = Poller(store, config).poll_all(store.sources(), spread)
    assert len(results) == 9
    _check(store, results, stuck_url)


def test_the_replaced_process_parses_the_next_poll(
    setup: tuple[Config, Store, list[str]], stuck_parser: None, server: FeedServer
) -> None:
    """After a kill the pool is whole again: the daemon's Poller keeps parsing."""
    import asyncio

    config, store, urls = setup
    stuck_url = urls[3]

    async def twice() -> tuple[list[PollResult], list[PollResult]]:
        async with Poller(store, config) as poller:
            first = await poller.poll(store.sources())
            _check(store, first, stuck_url)
            for i in range(8):  # every feed has something new the second time
                server.routes[f"/ok{i}.xml"] = Reply(200, rss(5, title=f"ok {i}"), RSS)
            second = await poller.poll([s for s in store.sources() if s.url != stuck_url])
            return first, second

    first, second = asyncio.run(twice())
    assert [r.outcome for r in second] == [Outcome.OK] * 8
    assert all(r.new_entries == 2 for r in second)
