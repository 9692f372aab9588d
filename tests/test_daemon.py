"""The daemon as a user runs it: a real process, real signals, a real lock."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TextIO

import pytest
from conftest import FeedServer, Reply, rss, write_config


def _spawn(cfg: Path, log: TextIO | None = None) -> subprocess.Popen[str]:
    """The daemon on CFG; its log goes to LOG when given (to be read while it runs)."""
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
        stdout=subprocess.PIPE,
        stderr=log if log is not None else subprocess.PIPE,
        text=True,
    )


def _wait(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _query(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


@pytest.fixture
def daemon_proc() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes started by a test; whatever is left is killed at the end."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_sigterm_stops_daemon_cleanly_and_lock_refuses_a_second(
    tmp_path: Path, server: FeedServer, daemon_proc: list
) -> None:
    server.routes["/feed.xml"] = Reply(body=rss(5), headers={"Content-Type": "application/rss+xml"})
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/feed.xml")], tick="0.2s",
                       parse_workers=1)
    first = _spawn(cfg)
    daemon_proc.append(first)
    db = tmp_path / "state" / "monitor.db"
    _wait(lambda: _query(db, "SELECT count(*) FROM entries") == [(5,)])

    second = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
        capture_output=True, text=True, timeout=30,
    )
    assert second.returncode == 1
    assert "another monitor daemon" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert "Traceback" not in second.stderr

    first.send_signal(signal.SIGTERM)
    out, err = first.communicate(timeout=20)
    assert first.returncode == 0, err
    assert "monitor daemon stopped" in err


def test_sigint_exits_zero(tmp_path: Path, server: FeedServer, daemon_proc: list) -> None:
    server.routes["/feed.xml"] = Reply(body=rss(2))
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/feed.xml")], tick="0.2s")
    proc = _spawn(cfg)
    daemon_proc.append(proc)
    _wait(lambda: _query(tmp_path / "state" / "monitor.db", "SELECT count(*) FROM entries")
          == [(2,)])
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_daemon_keeps_running_when_every_source_fails(
    tmp_path: Path, daemon_proc: list
) -> None:
    cfg = write_config(
        tmp_path / "monitor.toml",
        ["http://127.0.0.1:1/feed.xml", str(tmp_path / "missing.xml")],
        tick="0.2s", parse_workers=1,
    )
    proc = _spawn(cfg)
    daemon_proc.append(proc)
    db = tmp_path / "state" / "monitor.db"
    _wait(lambda: _query(db, "SELECT count(*) FROM sources WHERE state = 'error'") == [(2,)])
    # Later ticks go on: a source added to the config now is picked up and polled too.
    with cfg.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[[source]]\nurl = "{tmp_path / "also-missing.xml"}"\n')
    _wait(lambda: _query(db, "SELECT count(*) FROM sources WHERE state = 'error'") == [(3,)])
    assert proc.poll() is None
    errors = dict(_query(db, "SELECT url, last_error FROM sources"))
    assert "connection refused" in errors["http://127.0.0.1:1/feed.xml"]  # in words
    assert "file not found" in errors[str(tmp_path / "missing.xml")]
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=20)
    assert proc.returncode == 0


def test_daemon_picks_up_a_source_added_while_running(
    tmp_path: Path, server: FeedServer, daemon_proc: list
) -> None:
    server.routes["/a.xml"] = Reply(body=rss(3))
    server.routes["/b.xml"] = Reply(body=rss(4, title="B"))
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], tick="0.2s",
                       parse_workers=1)
    proc = _spawn(cfg)
    daemon_proc.append(proc)
    db = tmp_path / "state" / "monitor.db"
    _wait(lambda: _query(db, "SELECT count(*) FROM entries") == [(3,)])
    added = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "sources", "add",
         server.url("/b.xml")], capture_output=True, text=True, timeout=30,
    )
    assert added.returncode == 0, added.stderr
    _wait(lambda: _query(db, "SELECT count(*) FROM entries") == [(7,)])
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=20)


def _slow_feed(body: bytes, delay: float) -> Callable[[BaseHTTPRequestHandler], Reply]:
    def handler(_: BaseHTTPRequestHandler) -> Reply:
        time.sleep(delay)
        return Reply(body=body, headers={"Content-Type": "application/rss+xml"})

    return handler


def test_sigkill_mid_poll_loses_nothing_and_polling_resumes(
    tmp_path: Path, server: FeedServer, daemon_proc: list
) -> None:
    feeds = 40
    urls = []
    for i in range(feeds):
        items = [
            {"guid": f"urn:{i}:{j}", "title": f"Feed {i} item {j}", "link": f"https://e.org/{i}/{j}",
             "description": "<p>" + "Text of the item. " * 60 + "</p>"}
            for j in range(30)
        ]
        server.routes[f"/f{i}.xml"] = _slow_feed(rss(items), delay=0.05 + 0.02 * (i % 10))
        urls.append(server.url(f"/f{i}.xml"))
    cfg = write_config(tmp_path / "monitor.toml", urls, tick="0.2s", per_host=3,
                       concurrency=3)
    db = tmp_path / "state" / "monitor.db"
    proc = _spawn(cfg)
    daemon_proc.append(proc)
    # Kill once some, but not all, sources have committed their entries.
    _wait(lambda: (_query(db, "SELECT count(DISTINCT source_id) FROM entries") or [(0,)])[0][0]
          >= 3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    stored = _query(db, "SELECT count(DISTINCT source_id) FROM entries")[0][0]
    assert stored < feeds, "the kill came too late to be mid-poll"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # Every committed source is whole: a poll is one transaction.
    per_source = conn.execute("SELECT source_id, count(*) FROM entries GROUP BY source_id")
    assert all(count == 30 for _, count in per_source)
    conn.close()

    again = _spawn(cfg)
    daemon_proc.append(again)
    _wait(lambda: _query(db, "SELECT count(*) FROM entries") == [(feeds * 30,)], timeout=60)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    dupes = conn.execute(
        "SELECT count(*) FROM (SELECT source_id, guid, count(*) c FROM entries "
        "GROUP BY source_id, guid HAVING c > 1)"
    ).fetchone()[0]
    assert dupes == 0
    assert conn.execute("SELECT count(*) FROM sources WHERE state = 'ok'").fetchone()[0] == feeds
    conn.close()
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=20)
    assert again.returncode == 0


def test_daemon_reloads_changed_rules_and_keeps_last_good_on_a_broken_file(
    tmp_path: Path, server: FeedServer, daemon_proc: list
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text('[[rule]]\nid = "loudiyi"\nquery = "Loudiyi"\n')
    items = [{"guid": "a", "title": "Loudiyi meets envoy", "link": "https://e.org/a"}]
    server.routes["/feed.xml"] = Reply(body=rss(items))
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/feed.xml")], tick="0.2s",
                       parse_workers=1, interval="1s")
    log_path = tmp_path / "daemon.log"
    with log_path.open("w", encoding="utf-8") as log:
        proc = _spawn(cfg, log)  # the daemon holds its own copy of the file
    daemon_proc.append(proc)
    db = tmp_path / "state" / "monitor.db"
    _wait(lambda: _query(db, "SELECT rule_id FROM alerts") == [("loudiyi",)])

    # A broken edit: reported, and the last good rules stay in force. The feed changes
    # only once the daemon has read the broken file (else a poll could beat the reload).
    (rules / "watch.toml").write_text('[[rule]]\nid = "loudiyi"\nquery = "Loudiyi AND (x"\n')
    _wait(lambda: "keeping the last good rules" in log_path.read_text(encoding="utf-8"))
    items.append({"guid": "b", "title": "Loudiyi visits Cherat", "link": "https://e.org/b"})
    server.routes["/feed.xml"] = Reply(body=rss(items))
    _wait(lambda: len(_query(db, "SELECT id FROM alerts")) == 2)

    # Fixed, with a new rule: picked up without a restart.
    (rules / "watch.toml").write_text(
        '[[rule]]\nid = "loudiyi"\nquery = "Loudiyi"\n\n[[rule]]\nid = "cherat"\n'
        'query = "Cherat"\n'
    )
    items.append({"guid": "c", "title": "Exercise at Cherat", "link": "https://e.org/c"})
    server.routes["/feed.xml"] = Reply(body=rss(items))
    _wait(lambda: ("cherat",) in _query(db, "SELECT rule_id FROM alerts"))
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=20)
    err = log_path.read_text(encoding="utf-8")
    assert proc.returncode == 0
    assert "keeping the last good rules" in err
    assert "line 3" in err or "watch.toml:3" in err


def test_a_failing_tick_step_is_logged_and_polling_goes_on(
    tmp_path: Path, server: FeedServer, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import asyncio

    from monitor import daemon as daemon_module
    from monitor.alerts import Rules
    from monitor.config import load_config
    from monitor.pipeline import Poller
    from monitor.schedule import utcnow
    from monitor.storage.sqlite import SqliteStorage

    def broken(*_: object, **__: object) -> tuple[int, int]:
        raise RuntimeError("a bug in matching")

    monkeypatch.setattr(daemon_module, "match_pending", broken)
    server.routes["/a.xml"] = Reply(200, rss(2), {"Content-Type": "application/rss+xml"})
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], parse_workers=1)
    config = load_config(str(cfg))

    async def run() -> None:
        daemon = daemon_module.Daemon(config, str(cfg), None, Rules(tmp_path / "rules"))
        daemon.store = SqliteStorage(config.state_dir)
        daemon.store.sync_sources(config.sources, utcnow())
        try:
            async with Poller(daemon.store, config) as poller:
                daemon.poller = poller
                await daemon.tick()
                await asyncio.gather(*daemon._inflight.values())
        finally:
            daemon.store.close()

    asyncio.run(run())
    assert server.hits("/a.xml") == 1
    assert "internal error while matching pending entries" in caplog.text


@pytest.mark.timeout(300)  # the huge feed is parsed and stored in full on the restart
def test_sigterm_mid_poll_stops_within_seconds_and_loses_nothing(
    tmp_path: Path, server: FeedServer, daemon_proc: list
) -> None:
    """Large feeds being parsed and stored, one that takes many seconds to parse: SIGTERM
    ends the daemon within a few seconds (a service manager waits 10), and what was not
    stored is polled on the next start."""
    feeds, items, huge = 24, 1500, 25000
    body = rss(items)
    urls = []
    server.routes["/huge.xml"] = Reply(body=rss(huge), headers={"ETag": '"huge"'})
    urls.append(server.url("/huge.xml"))  # first: its parse is under way at the signal
    for i in range(feeds):
        server.routes[f"/big{i}.xml"] = Reply(body=body, headers={"ETag": f'"big{i}"'})
        urls.append(server.url(f"/big{i}.xml"))
    total = feeds * items + huge
    cfg = write_config(tmp_path / "monitor.toml", urls, tick="0.2s")
    db = tmp_path / "state" / "monitor.db"
    proc = _spawn(cfg)
    daemon_proc.append(proc)
    _wait(lambda: (_query(db, "SELECT count(*) FROM entries") or [(0,)])[0][0] > 0, 60)
    stored_at_stop = _query(db, "SELECT count(*) FROM entries")[0][0]
    assert stored_at_stop < total, "the poll ended before the signal: use more feeds"
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=8)  # generous: the daemon aims at a few seconds
    except subprocess.TimeoutExpired:
        raise AssertionError("the daemon did not stop within 8 s of SIGTERM") from None
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err

    again = _spawn(cfg)  # what was not stored is due, and polled now
    daemon_proc.append(again)
    _wait(lambda: _query(db, "SELECT count(*) FROM entries") == [(total,)], 180)
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=20)
    per_source = _query(db, "SELECT source_id, count(*) FROM entries GROUP BY source_id")
    assert sorted(n for _, n in per_source) == [items] * feeds + [huge]


def test_a_stop_cuts_off_no_job_the_scheduler_is_starting(
        caplog: pytest.LogCaptureFixture) -> None:
    """The scheduler's shutdown runs a turn of the loop after it is asked for: a tick that
    came due in between was started, then cancelled, and APScheduler logged that, with a
    traceback, on a clean stop. Paused first, the scheduler starts none."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from monitor.daemon import stop_scheduler
    from monitor.schedule import utcnow

    ran: list[int] = []

    async def tick() -> None:
        ran.append(1)

    async def main(stop: Callable[[AsyncIOScheduler], Awaitable[None]]) -> None:
        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.add_job(tick, "interval", seconds=60, next_run_time=utcnow(), id="tick")
        scheduler.start()
        while not ran:
            await asyncio.sleep(0.01)
        scheduler.modify_job("tick", next_run_time=utcnow())  # due again, as the stop comes
        await stop(scheduler)
        await asyncio.sleep(0.05)

    async def shut_down(scheduler: AsyncIOScheduler) -> None:
        scheduler.shutdown(wait=False)

    with caplog.at_level(logging.ERROR, logger="apscheduler"):
        asyncio.run(main(shut_down))  # what the daemon did: the tick is cut off
    assert "Error running job tick" in caplog.text
    caplog.clear()
    ran.clear()
    with caplog.at_level(logging.ERROR, logger="apscheduler"):
        asyncio.run(main(stop_scheduler))
    assert ran == [1] and not caplog.records, caplog.text


def test_ticks_drift_so_daemons_started_together_share_the_sources() -> None:
    """Two daemons started together ticked in step, and the one a few milliseconds ahead
    claimed nearly every source that came free. Each tick now comes 7/8 to 9/8 of a tick
    after the last, a tick on average, so their ticks drift apart."""
    from monitor.daemon import tick_trigger
    from monitor.schedule import utcnow

    trigger = tick_trigger(60.0)
    at = utcnow()
    gaps = []
    for _ in range(400):
        following = trigger.get_next_fire_time(at, at)
        assert following is not None
        gaps.append((following - at).total_seconds())
        at = following
    assert min(gaps) >= 52.5 and max(gaps) <= 67.5
    assert max(gaps) - min(gaps) > 7.5  # they vary: two daemons do not stay in step
    assert 58.5 <= sum(gaps) / len(gaps) <= 61.5  # a tick on average: no source waits longer
