"""A failed poll says, in the daemon's log, when the source is tried again."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from conftest import FAST, FeedServer, Reply, write_config

from monitor.config import load_config
from monitor.models import Outcome
from monitor.pipeline import Poller, log_result
from monitor.schedule import parse_iso, utcnow
from monitor.storage.sqlite import SqliteStorage


def test_a_failed_poll_logs_its_cause_and_when_it_is_tried_again(
    tmp_path: Path, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.routes["/down.xml"] = Reply(status=503, body=b"busy")
    url = server.url("/down.xml")
    config = load_config(str(write_config(tmp_path / "monitor.toml", [url], **FAST)),
                         str(tmp_path / "state"))

    async def go() -> list:
        store = SqliteStorage(config.state_dir)
        try:
            store.sync_sources(config.sources, utcnow())
            async with Poller(store, config) as poller:
                return await poller.poll(store.sources())
        finally:
            store.close()

    before = utcnow()
    [result] = asyncio.run(go())
    assert result.outcome is Outcome.ERROR and result.retry_at is not None
    assert parse_iso(result.retry_at) > before  # after a backoff, not at once

    with caplog.at_level(logging.WARNING, logger="monitor.pipeline"):
        log_result(result)
    [line] = [r.getMessage() for r in caplog.records]
    assert url in line and f"tried again at {result.retry_at}" in line
