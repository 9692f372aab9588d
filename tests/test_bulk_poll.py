"""Bulk polls: from BULK_SOURCES sources on, `monitor poll` fetches and parses in one worker
process per core (monitor/sources/fanout.py) and the parent stores what they send back.

The bulk path must be indistinguishable from the in-process one (same states, errors,
entries, conditional requests and alerts), keep the configured limits across all its
workers, survive a worker that dies, and leave no process behind when its parent is killed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FeedServer, Reply, rss, write_config

from monitor.cli import BULK_SOURCES, cli
from monitor.config import Settings
from monitor.models import FetchResult, ParsedFeed, Source, SourceState
from monitor.sources.fanout import fetch_in_processes
from monitor.storage.sqlite import DB_NAME

RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html"}
TIMEOUT = 2.0  # seconds: the slow source takes longer than this


def _env() -> dict[str, str]:
    """The environment for a subprocess, without the variables that would redirect it."""
    env = dict(os.environ)
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES"):
        env.pop(name, None)
    return env


def _command(cfg: Path, state: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "monitor", "--config", str(cfg), "--state", str(state), *args]


def monitor(cfg: Path, state: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a monitor command to completion; it must exit 0 (a poll: 3 when some sources
    failed, README "Exit status")."""
    done = subprocess.run(
        _command(cfg, state, *args), capture_output=True, text=True, timeout=60, env=_env(),
        check=False,
    )
    failed = args[:1] == ("poll",) and "--json" in args and json.loads(done.stdout)["failed"]
    assert done.returncode == (3 if failed else 0), done.stderr
    return done


def monitor_json(cfg: Path, state: Path, *args: str) -> Any:
    return json.loads(monitor(cfg, state, *args, "--json").stdout)


def shown(cfg: Path, state: Path, *args: str) -> Any:
    """A read-only command's JSON, run in this process (quicker than a subprocess)."""
    result = CliRunner().invoke(cli, ["--config", str(cfg), "--state", str(state), *args, "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads(result.stdout)


def query(state: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    db = state / DB_NAME
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        conn.close()


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout:g}s: {what}")


def feed_items(feed: int, count: int = 3) -> list[dict[str, str]]:
    """Items no other feed has: guids and links carry the feed's number."""
    return [
        {
            "guid": f"urn:feed{feed}:{i}",
            "title": f"Feed {feed} item {i}",
            "link": f"https://news.example/{feed}/{i}",
            "description": f"<p>Body {i} of feed {feed}.</p>",
        }
        for i in range(count)
    ]


# -- 1. the CLI's bulk poll gives what the in-process poll gives --------------------------

HEALTHY = 54
FAULTS = {
    "/e500": "error",
    "/e404": "error",
    "/e410": "disabled",
    "/page.html": "error",
    "/e429": "error",
    "/slow": "error",
}


def _serve_mixed(server: FeedServer) -> list[str]:
    """60 sources: 54 healthy feeds with ETags and six faults; returns their URLs."""
    for n in range(HEALTHY):
        server.routes[f"/feed{n}.xml"] = Reply(
            200, rss(feed_items(n), title=f"Feed {n}"), {**RSS, "ETag": f'"v1-{n}"'}
        )
    server.routes["/e500"] = Reply(500, b"oops")
    server.routes["/e404"] = Reply(404, b"not here")
    server.routes["/e410"] = Reply(410, b"")
    server.routes["/page.html"] = Reply(
        200, b"<!DOCTYPE html>\n<html><body><p>No feed here.</p></body></html>", HTML
    )
    server.routes["/e429"] = Reply(429, b"slow down", {"Retry-After": "3600"})

    def slow(_: BaseHTTPRequestHandler) -> Reply:
        server.stopping.wait(TIMEOUT + 2)
        return Reply(200, rss(1), RSS)

    server.routes["/slow"] = slow
    paths = [f"/feed{n}.xml" for n in range(HEALTHY)]
    # Faults spread through the list, so each worker's share has some.
    for i, path in enumerate(FAULTS):
        paths.insert(i * 9 + 3, path)
    return [server.url(p) for p in paths]


def test_bulk_cli_poll_matches_the_in_process_poll_and_then_gets_304s(
    tmp_path: Path, server: FeedServer
) -> None:
    urls = _serve_mixed(server)
    assert len(urls) == 60 >= BULK_SOURCES
    bulk_dir, ref_dir = tmp_path / "bulk", tmp_path / "ref"
    bulk_dir.mkdir()
    ref_dir.mkdir()
    settings = {"timeout": f"{TIMEOUT:g}s", "connect_timeout": "1s"}
    bulk_cfg = write_config(bulk_dir / "monitor.toml", urls, parse_workers=2, **settings)
    ref_cfg = write_config(ref_dir / "monitor.toml", urls, parse_workers=1, **settings)
    bulk_state, ref_state = bulk_dir / "state", ref_dir / "state"

    # Both first polls at once (separate state), so the slow source is waited for once.
    runs = [
        subprocess.Popen(
            _command(cfg, state, "poll", "--json"), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=_env(),
        )
        for cfg, state in ((bulk_cfg, bulk_state), (ref_cfg, ref_state))
    ]
    outputs = []
    try:
        for proc in runs:
            out, err = proc.communicate(timeout=60)
            summary = json.loads(out)
            assert proc.returncode == (3 if summary["failed"] else 0), err  # README "Exit status"
            assert "Traceback" not in err, err
            outputs.append(summary)
    finally:
        for proc in runs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    bulk, ref = outputs
    # both ways tell the same failures, in words
    failures = [sorted((f["url"], f["error"]) for f in out.pop("failures")) for out in outputs]
    assert failures[0] == failures[1] and len(failures[0]) == len(FAULTS)
    expected = {
        "sources": 60, "ok": HEALTHY, "not_modified": 0, "failed": len(FAULTS),
        "new_entries": HEALTHY * 3, "updated_entries": 0, "new_alerts": 0,
    }
    assert bulk == expected
    assert ref == expected

    keys = ("state", "last_status", "last_error", "entries", "fetch_url", "warning")
    bulk_rows = {s["url"]: s for s in shown(bulk_cfg, bulk_state, "status")["sources"]}
    ref_rows = {s["url"]: s for s in shown(ref_cfg, ref_state, "status")["sources"]}
    assert set(bulk_rows) == set(ref_rows) == set(urls)
    for url in urls:
        got = {k: bulk_rows[url][k] for k in keys}
        want = {k: ref_rows[url][k] for k in keys}
        assert got == want, url
    for path, state in FAULTS.items():
        row = bulk_rows[server.url(path)]
        assert row["state"] == state, (path, row)
        assert row["last_error"], path
        assert row["entries"] == 0
    assert "HTTP 500" in bulk_rows[server.url("/e500")]["last_error"]
    assert bulk_rows[server.url("/e429")]["last_status"] == 429
    assert "timed out" in bulk_rows[server.url("/slow")]["last_error"]
    assert "HTML" in bulk_rows[server.url("/page.html")]["last_error"]
    for n in range(HEALTHY):
        row = bulk_rows[server.url(f"/feed{n}.xml")]
        assert (row["state"], row["last_status"], row["entries"]) == ("ok", 200, 3)

    # What `status` does not show: error counts, and Retry-After survived the pipe.
    counts = "SELECT url, error_count FROM sources ORDER BY url"
    assert query(bulk_state, counts) == query(ref_state, counts)
    retry_sql = (
        "SELECT (julianday(next_check) - julianday(last_check)) * 86400 FROM sources "
        "WHERE url = ?"
    )
    [(delay,)] = query(bulk_state, retry_sql, server.url("/e429"))
    assert delay >= 3500, "Retry-After: 3600 must push the next check out"

    # Every entry stored exactly once, each under its own feed.
    rows = query(
        bulk_state, "SELECT s.url, e.guid FROM entries e JOIN sources s ON s.id = e.source_id"
    )
    assert len(rows) == len(set(rows)) == HEALTHY * 3
    assert len({guid for _, guid in rows}) == HEALTHY * 3
    for url, guid in rows:
        feed = guid.split(":")[1].removeprefix("feed")
        assert url == server.url(f"/feed{feed}.xml")

    # Second poll: conditional requests, 304s, nothing new (the 410 stays disabled).
    server.routes["/slow"] = Reply(503, b"")  # fail fast this time
    before = len(server.requests)
    again = monitor_json(bulk_cfg, bulk_state, "poll")
    assert len(again.pop("failures")) == len(FAULTS) - 1
    assert again == {
        "sources": 59, "ok": 0, "not_modified": HEALTHY, "failed": len(FAULTS) - 1,
        "new_entries": 0, "updated_entries": 0, "new_alerts": 0,
    }
    second = server.requests[before:]
    conditional = {p: h.get("if-none-match") for p, h in second if p.startswith("/feed")}
    assert conditional == {f"/feed{n}.xml": f'"v1-{n}"' for n in range(HEALTHY)}
    assert "/e410" not in {p for p, _ in second}
    assert query(bulk_state, "SELECT count(*) FROM entries") == [(HEALTHY * 3,)]
    status = {s["url"]: s for s in shown(bulk_cfg, bulk_state, "status")["sources"]}
    for n in range(HEALTHY):
        row = status[server.url(f"/feed{n}.xml")]
        assert (row["state"], row["last_status"], row["entries"]) == ("ok", 304, 3)


# -- 2. the limits hold across workers ----------------------------------------------------


class InFlight:
    """A handler that holds each request a while and records the most in flight at once."""

    def __init__(self, body: bytes, hold: float) -> None:
        self.body = body
        self.hold = hold
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.served = 0

    def __call__(self, _: BaseHTTPRequestHandler) -> Reply:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(self.hold)
        finally:
            with self.lock:
                self.now -= 1
                self.served += 1
        return Reply(200, self.body, RSS)


def _poll_through(
    tmp_path: Path, server: FeedServer, sources: int, hold: float, **settings: Any
) -> InFlight:
    handler = InFlight(rss(1), hold)
    paths = [f"/held{n}.xml" for n in range(sources)]
    for path in paths:
        server.routes[path] = handler
    cfg = write_config(tmp_path / "monitor.toml", [server.url(p) for p in paths], **settings)
    summary = monitor_json(cfg, tmp_path / "state", "poll")
    assert summary["ok"] == sources, summary
    assert handler.served == sources
    return handler


def test_concurrency_and_per_host_limits_hold_across_bulk_workers(
    tmp_path: Path, server: FeedServer
) -> None:
    handler = _poll_through(
        tmp_path, server, 60, 0.2, concurrency=4, per_host=4, parse_workers=2
    )
    assert 2 <= handler.most <= 4


@pytest.mark.parametrize(
    ("concurrency", "per_host"), [(20, 1), (1, 4)], ids=["per_host=1", "concurrency=1"]
)
def test_a_limit_smaller_than_the_number_of_workers_still_holds(
    tmp_path: Path, server: FeedServer, concurrency: int, per_host: int
) -> None:
    """Each worker gets at least 1 of each limit, so with more workers than the limit allows,
    together they must not exceed it (e.g. per_host = 1 on a many-core machine)."""
    handler = _poll_through(
        tmp_path, server, BULK_SOURCES, 0.05, concurrency=concurrency, per_host=per_host,
        parse_workers=2,
    )
    assert handler.most <= min(concurrency, per_host)


# -- 3. rules are matched in bulk mode ----------------------------------------------------

RULES = """\
[[rule]]
id = "jf17"
query = '"JF-17"'
severity = "high"
"""
MATCHING = {
    3: "JF-17 fighters arrive at Sargodha air base",
    17: "Parliament debates the budget for new jets, JF-17 included",
    41: "Engine supplier named for JF-17 Block III upgrade",
}


def test_rules_are_matched_in_a_bulk_poll(tmp_path: Path, server: FeedServer) -> None:
    urls = []
    for n in range(45):
        items = feed_items(n, 2)
        if n in MATCHING:
            items.append({
                "guid": f"urn:feed{n}:hit", "title": MATCHING[n],
                "link": f"https://news.example/{n}/hit", "description": "<p>Story.</p>",
            })
        server.routes[f"/feed{n}.xml"] = Reply(200, rss(items, title=f"Feed {n}"), RSS)
        urls.append(server.url(f"/feed{n}.xml"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text(RULES, encoding="utf-8")
    cfg = write_config(tmp_path / "monitor.toml", urls, parse_workers=2, rules="rules")
    state = tmp_path / "state"

    summary = monitor_json(cfg, state, "poll")
    assert summary["ok"] == 45
    assert summary["new_entries"] == 45 * 2 + len(MATCHING)
    assert summary["new_alerts"] == len(MATCHING)

    alerts = shown(cfg, state, "alerts")["alerts"]
    assert sorted(a["title"] for a in alerts) == sorted(MATCHING.values())
    assert {a["rule"] for a in alerts} == {"jf17"}
    assert {a["severity"] for a in alerts} == {"high"}
    by_title = {a["title"]: a for a in alerts}
    for n, title in MATCHING.items():
        assert by_title[title]["sources"][0] in (server.url(f"/feed{n}.xml"), f"Feed {n}")
    assert query(state, "SELECT count(*) FROM entries WHERE match_pending = 1") == [(0,)]


# -- 4. a worker that dies mid-poll -------------------------------------------------------


def _source(sid: int, url: str) -> Source:
    return Source(
        id=sid, url=url, fetch_url=None, title=None, tags=(), interval=None,
        state=SourceState.NEVER, last_status=None, last_error=None, error_count=0,
        last_check=None, next_check=None, etag=None, last_modified=None,
    )


def test_a_killed_worker_turns_its_unfinished_sources_into_errors(server: FeedServer) -> None:
    gate = threading.Event()  # the held requests wait on this (at most 30 s)

    def held(_: BaseHTTPRequestHandler) -> Reply:
        gate.wait(30)
        return Reply(200, rss(2), RSS)

    # Two workers, round robin: worker 0 gets ids 1, 3, 5 and worker 1 gets 2, 4, 6.
    # Ids 1 and 2 answer at once; the rest are held until the gate opens.
    for i in (1, 2):
        server.routes[f"/fast{i}.xml"] = Reply(200, rss(1), RSS)
    for i in range(3, 7):
        server.routes[f"/held{i}.xml"] = held
    sources = [_source(i, server.url(f"/fast{i}.xml")) for i in (1, 2)]
    sources += [_source(i, server.url(f"/held{i}.xml")) for i in range(3, 7)]
    settings = Settings(timeout=60.0, read_timeout=60.0, concurrency=20, per_host=20)

    results: list[tuple[Source, FetchResult, ParsedFeed | None]] = []
    changed = threading.Condition()
    failure: list[BaseException] = []

    def consume() -> None:
        try:
            for outcome in fetch_in_processes(settings, Path("."), sources, workers=2):
                with changed:
                    results.append(outcome)
                    changed.notify_all()
        except BaseException as exc:  # reported by the test thread
            failure.append(exc)

    def wait_results(count: int, timeout: float) -> None:
        with changed:
            assert changed.wait_for(lambda: len(results) >= count, timeout), (
                f"only {len(results)} of {count} results within {timeout:g}s"
            )

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    try:
        wait_results(2, 10)  # both fast sources: both workers are up
        wait_for(lambda: sum(p.startswith("/held") for p, _ in server.requests) == 4, 5,
                 "all held requests in flight")
        workers = multiprocessing.active_children()
        assert len(workers) == 2
        victim = workers[0]
        os.kill(victim.pid, signal.SIGKILL)
        wait_results(4, 5)  # the victim's two held sources come back as errors at once
        gate.set()  # the survivor's held requests complete
        consumer.join(10)
        assert not consumer.is_alive(), "fetch_in_processes hung after a worker died"
    finally:
        gate.set()
        for child in multiprocessing.active_children():
            child.kill()
            child.join()
    assert not failure, failure
    assert victim.exitcode == -signal.SIGKILL

    ids = [source.id for source, _, _ in results]
    assert sorted(ids) == [1, 2, 3, 4, 5, 6], "one result per source"
    errors = {source.id: fetched.error for source, fetched, _ in results if fetched.error}
    assert set(errors) in ({3, 5}, {4, 6}), errors  # exactly the victim's unfinished share
    for message in errors.values():
        assert message is not None
        assert "stopped early" in message
        assert "polled again" in message
    for source, fetched, parsed in results:
        if source.id not in errors:
            assert fetched.status == 200
            assert parsed is not None and parsed.error is None
            assert len(parsed.entries) == (1 if source.id in (1, 2) else 2)
    assert multiprocessing.active_children() == []


# -- 5. a killed daemon leaves no orphans and no lock ---------------------------------------


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is pid."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


@pytest.fixture
def spawned() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts (and their children): killed at the end if still running."""
    procs: list[subprocess.Popen[bytes]] = []
    orphans: list[int] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            orphans += _children(proc.pid)
            proc.kill()
            proc.wait()
    for pid in orphans:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_daemon_leaves_no_workers_and_frees_its_lock(
    tmp_path: Path, server: FeedServer, spawned: list[subprocess.Popen[bytes]]
) -> None:
    for n in range(3):
        server.routes[f"/feed{n}.xml"] = Reply(200, rss(feed_items(n)), RSS)
    urls = [server.url(f"/feed{n}.xml") for n in range(3)]
    cfg = write_config(tmp_path / "monitor.toml", urls, tick="0.2s", parse_workers=2)
    state = tmp_path / "state"
    first_log = tmp_path / "first.log"
    with first_log.open("wb") as log:
        first = subprocess.Popen(
            _command(cfg, state, "run"), stdout=log, stderr=log, env=_env()
        )
    spawned.append(first)
    wait_for(lambda: query(state, "SELECT count(*) FROM entries") == [(9,)], 10,
             "the daemon polled its sources")
    workers = _children(first.pid)
    assert len(workers) >= 2, f"expected the parse workers as children, got {workers}"

    first.send_signal(signal.SIGKILL)
    first.wait(5)
    try:
        wait_for(lambda: not any(_alive(pid) for pid in workers), 3,
                 "the killed daemon's workers exit")
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)

    second_log = tmp_path / "second.log"
    with second_log.open("wb") as log:
        second = subprocess.Popen(
            _command(cfg, state, "run"), stdout=log, stderr=log, env=_env()
        )
    spawned.append(second)
    wait_for(lambda: "monitor daemon started" in second_log.read_text(errors="replace"), 10,
             "a new daemon starts on the same state (lock free)")
    assert second.poll() is None
    second.send_signal(signal.SIGTERM)
    assert second.wait(15) == 0, second_log.read_text(errors="replace")
    text = second_log.read_text(errors="replace")
    assert "another monitor daemon" not in text
    assert "Traceback" not in text
