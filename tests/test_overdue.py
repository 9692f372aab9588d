"""Sources that run overdue are noticed: the daemon's log and `monitor status` say how many,
and which setting to raise."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FeedServer, Reply, rss, write_config

from monitor.config import Settings
from monitor.models import Source, SourceKind, SourceState
from monitor.overdue import overdue
from monitor.schedule import iso, utcnow


def _source(i: int, url: str, past: float, state: SourceState = SourceState.OK) -> Source:
    return Source(
        id=i, url=url, fetch_url=None, title=None, tags=(), interval=None, state=state,
        last_status=200, last_error=None, error_count=0, last_check=None,
        next_check=iso(utcnow() - timedelta(seconds=past)), etag=None, last_modified=None,
        kind=SourceKind.FEED, options={}, memory=None,
    )


def test_overdue_counts_sources_well_past_their_next_check_and_names_concurrency() -> None:
    settings = Settings(concurrency=7)
    sources = [_source(i, f"http://h{i}.test/feed.xml", 200.0 if i else 5.0) for i in range(5)]
    sources.append(_source(9, "http://h9.test/f.xml", 500.0, SourceState.DISABLED))
    late = overdue(sources, utcnow(), settings)
    assert late.sources == 4  # 5 s is not overdue; a disabled source never is
    assert 199 <= late.worst <= 202
    assert "raise [monitor] concurrency (now 7)" in late.advice(settings)


def test_overdue_on_one_host_names_per_host() -> None:
    settings = Settings(per_host=2)
    sources = [_source(i, f"http://busy.test/{i}.xml", 100.0) for i in range(6)]
    sources.append(_source(7, "http://other.test/x.xml", 100.0))
    late = overdue(sources, utcnow(), settings)
    assert late.sources == 7 and late.on_host == 6
    advice = late.advice(settings)
    assert "6 of them on busy.test" in advice and "per_host (now 2)" in advice


def test_a_short_interval_makes_a_source_overdue_sooner() -> None:
    settings = Settings()
    source = replace(_source(1, "http://a.test/f.xml", 3.0), interval=4.0)
    assert overdue([source], utcnow(), settings).sources == 1  # 3 s > half of 4 s
    assert overdue([replace(source, interval=60.0)], utcnow(), settings).sources == 0


def _wait(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def slow_hosts() -> Iterator[list[FeedServer]]:
    """Three local servers (three hosts to the monitor: host and port) answering in 0.3 s."""
    servers = [FeedServer().start() for _ in range(3)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


def _slow(body: bytes) -> Callable[[BaseHTTPRequestHandler], Reply]:
    def handler(_: BaseHTTPRequestHandler) -> Reply:
        time.sleep(0.3)
        return Reply(200, body, {"ETag": '"v1"'})

    return handler


def test_daemon_and_status_say_when_polls_fall_behind(
    tmp_path: Path, slow_hosts: list[FeedServer]
) -> None:
    """12 sources due every second, answering in 0.3 s, one poll at a time: behind."""
    urls = []
    for server in slow_hosts:
        for i in range(4):
            server.routes[f"/f{i}.xml"] = _slow(rss(2))
            urls.append(server.url(f"/f{i}.xml"))
    cfg = write_config(tmp_path / "monitor.toml", urls, tick="0.2s", interval="1s",
                       concurrency=1, per_host=1, parse_workers=1)
    log = tmp_path / "daemon.log"
    status = [sys.executable, "-m", "monitor", "--config", str(cfg), "status"]
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
                                stdout=subprocess.DEVNULL, stderr=err, text=True)
    try:
        _wait(lambda: "overdue" in log.read_text())
        line = next(ln for ln in log.read_text().splitlines() if "overdue" in ln)
        assert "WARNING" in line or "warning" in line.lower()
        assert "polls are not keeping up" in line
        assert "raise [monitor] concurrency (now 1)" in line

        shown = subprocess.run(status, capture_output=True, text=True, timeout=30)
        assert shown.returncode == 0, shown.stderr
        assert "warning:" in shown.stdout and "concurrency (now 1)" in shown.stdout
        as_json = json.loads(subprocess.run(status + ["--json"], capture_output=True,
                                            text=True, timeout=30).stdout)
        assert as_json["overdue"]["daemon_running"] is True
        assert as_json["overdue"]["sources"] > 0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    stopped = json.loads(subprocess.run(status + ["--json"], capture_output=True, text=True,
                                        timeout=30).stdout)
    assert stopped["overdue"]["daemon_running"] is False
    if stopped["overdue"]["sources"]:
        assert "no daemon is polling them" in stopped["overdue"]["advice"]
