"""A bad disk and a bad file: a full or read-only state directory pauses polling (no request
storm) and resumes by itself with nothing lost; damage is found and named; each command
says one line, not a traceback.

The full and read-only cases mount a small tmpfs as the state directory, which needs root.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FeedServer, Reply, rss, write_config

needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None,
    reason="mounting a small tmpfs as the state directory needs root and mount(8)",
)


def _wait(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _monitor(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), *args],
        capture_output=True, text=True, timeout=60,
    )


@pytest.fixture
def small_state(tmp_path: Path) -> Iterator[Path]:
    """tmp_path/state as an 8 MiB tmpfs, unmounted at the end."""
    state = tmp_path / "state"
    state.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(state)],
        capture_output=True, text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield state
    finally:
        subprocess.run(["umount", "-l", str(state)], capture_output=True)


def _fill(directory: Path) -> Path:
    """Write a file until the disk is full; the file, to delete to free the space."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (65536, 512):  # then the last bytes that still fit
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


class GrowingFeed:
    """A feed that carries only its newest item, a new one (20 KB) at every request: an
    item not stored from the poll that saw it is lost for good."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.served: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, _: BaseHTTPRequestHandler) -> Reply:
        with self.lock:
            self.count += 1
            guid = f"urn:{self.name}:{self.count}"
            self.served.append(guid)
        body = " ".join(f"word{self.count}x{i}" for i in range(2000))
        item = {"guid": guid, "title": f"{self.name} {self.count}",
                "link": f"https://example.org/{self.name}/{self.count}", "description": body}
        return Reply(200, rss([item]), {"Content-Type": "application/rss+xml"})


def _guids(db: Path) -> set[str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return set()  # not made yet
    try:
        return {row[0] for row in conn.execute("SELECT guid FROM entries")}
    except sqlite3.Error:
        return set()
    finally:
        conn.close()


@needs_root
def test_a_full_disk_pauses_polling_then_it_resumes_with_nothing_lost(
    tmp_path: Path, small_state: Path, server: FeedServer
) -> None:
    feeds = [GrowingFeed("a"), GrowingFeed("b")]
    for feed in feeds:
        server.routes[f"/{feed.name}.xml"] = feed
    cfg = write_config(tmp_path / "monitor.toml", [server.url(f"/{f.name}.xml") for f in feeds],
                       tick="0.2s", interval="1s", parse_workers=1)
    log_path = tmp_path / "daemon.log"
    with log_path.open("w") as log_file:
        daemon = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
            stdout=subprocess.DEVNULL, stderr=log_file, text=True,
        )
    db = small_state / "monitor.db"
    try:
        _wait(lambda: len(_guids(db)) >= 4)
        filler = _fill(small_state)
        _wait(lambda: "polling paused" in log_path.read_text())
        log = log_path.read_text()
        assert log.count("polling paused") == 1
        assert "disk is full" in log and "Traceback" not in log

        # Paused: no source is fetched again while the disk stays full.
        served = [list(f.served) for f in feeds]
        requests = len(server.requests)
        time.sleep(2.0)  # ten ticks, two intervals: every source would be due again
        assert len(server.requests) == requests
        status = _monitor(cfg, "status")
        assert "polling paused" in status.stderr and "disk is full" in status.stderr
        assert "Traceback" not in status.stderr

        filler.unlink()
        _wait(lambda: "polling resumed" in log_path.read_text())
        _wait(lambda: len(server.requests) > requests + 2)
        # Nothing lost: every item served before and during the pause is stored.
        _wait(lambda: set().union(*map(set, served)) <= _guids(db))
        status = _monitor(cfg, "status")
        assert "polling paused" not in status.stderr
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=30)
    log = log_path.read_text()
    assert log.count("polling paused") == 1, log
    assert "Traceback" not in log, log


@needs_root
@pytest.mark.parametrize("sources, workers", [(20, 1), (40, 2)], ids=["in-process", "bulk"])
def test_poll_on_a_full_disk_says_one_line(
    tmp_path: Path, small_state: Path, server: FeedServer, sources: int, workers: int
) -> None:
    feeds = [GrowingFeed(f"f{i}") for i in range(sources)]
    for feed in feeds:
        server.routes[f"/{feed.name}.xml"] = feed
    cfg = write_config(tmp_path / "monitor.toml", [server.url(f"/{f.name}.xml") for f in feeds],
                       parse_workers=workers)
    assert _monitor(cfg, "poll").returncode == 0
    _fill(small_state)
    result = _monitor(cfg, "poll")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "disk is full" in lines[0] and str(small_state / "monitor.db") in lines[0]


@needs_root
def test_run_on_a_read_only_state_directory_says_one_line(
    tmp_path: Path, small_state: Path
) -> None:
    cfg = write_config(tmp_path / "monitor.toml", [])
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_state)],
                               capture_output=True, text=True)
    assert remounted.returncode == 0, remounted.stderr
    result = _monitor(cfg, "run")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(small_state / "daemon.lock") in lines[0] and "read-write" in lines[0]


# -- a damaged file (no root needed) ---------------------------------------------------------


def _damage(db: Path, table: str) -> None:
    """Write garbage over the root page of `table` (the daemon's own writes go on)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    with db.open("r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))


def _alerting_state(tmp_path: Path, server: FeedServer) -> Path:
    """A state with one alert: a feed, a rule that hits it, one poll."""
    server.routes["/a.xml"] = Reply(200, rss([{
        "guid": "urn:1", "title": "Tata builds WhAP vehicles", "link": "https://e.org/1",
        "description": "Tata Advanced Systems in Morocco"}]),
        {"Content-Type": "application/rss+xml"})
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "tata.toml").write_text('[[rule]]\nid = "tata"\nquery = "Tata"\n', encoding="utf-8")
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], rules="rules",
                       parse_workers=1, interval="1s")
    polled = _monitor(cfg, "poll")
    assert polled.returncode == 0, polled.stderr
    assert "1 new alerts" in polled.stdout, polled.stdout
    return cfg


def test_alerts_on_a_damaged_page_says_one_line(tmp_path: Path, server: FeedServer) -> None:
    cfg = _alerting_state(tmp_path, server)
    _damage(tmp_path / "state" / "monitor.db", "alerts")
    result = _monitor(cfg, "alerts")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "damaged" in lines[0] and "monitor db recover" in lines[0]


def test_housekeeping_finds_damage_and_writing_stops(
    tmp_path: Path, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    from monitor.alerts import Rules
    from monitor.config import load_config
    from monitor.daemon import Daemon
    from monitor.pipeline import Poller
    from monitor.storage.sqlite import SqliteStorage

    cfg = _alerting_state(tmp_path, server)
    _damage(tmp_path / "state" / "monitor.db", "entries")
    config = load_config(str(cfg))
    time.sleep(1.1)  # the source is due again (1 s interval)
    requests = len(server.requests)

    async def run() -> None:
        daemon = Daemon(config, str(cfg), None, Rules(tmp_path / "rules"))
        daemon.store = SqliteStorage(config.state_dir)
        try:
            async with Poller(daemon.store, config) as poller:
                daemon.poller = poller
                await daemon.housekeeping()
                for _ in range(3):
                    await daemon.tick()
                    await asyncio.gather(*daemon._inflight.values(), return_exceptions=True)
        finally:
            daemon.store.close()

    asyncio.run(run())
    assert "polling stopped, nothing more is written" in caplog.text
    assert "monitor db recover" in caplog.text
    assert caplog.text.count("polling stopped") == 1
    assert len(server.requests) == requests  # not fetched: it could not be stored


# -- the pause itself (no root needed) -------------------------------------------------------


def test_a_tick_step_that_cannot_write_pauses_once_and_retries_with_a_backoff(
    tmp_path: Path, server: FeedServer, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No poll waits to prove the database writes again: polling is tried again after the
    backoff, a new failure pauses again without a word and waits twice as long; the first
    poll stored says "resumed" once."""
    import asyncio

    from monitor import daemon as daemon_module
    from monitor import pause as pause_module
    from monitor.alerts import Rules
    from monitor.config import load_config
    from monitor.pipeline import Poller
    from monitor.schedule import utcnow
    from monitor.storage.sqlite import SqliteStorage

    full = {"on": True}
    real_match = daemon_module.match_pending

    def matching(*args: object, **kwargs: object) -> tuple[int, int]:
        if full["on"]:
            raise sqlite3.OperationalError("database or disk is full")
        return real_match(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(daemon_module, "match_pending", matching)
    monkeypatch.setattr(pause_module, "RETRY_FIRST_SECONDS", 0.2)
    server.routes["/a.xml"] = Reply(200, rss(2), {"Content-Type": "application/rss+xml"})
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], parse_workers=1)
    config = load_config(str(cfg))
    delays: list[float] = []

    async def run() -> None:
        daemon = daemon_module.Daemon(config, str(cfg), None, Rules(tmp_path / "rules"))
        daemon.store = SqliteStorage(config.state_dir)
        daemon.store.sync_sources(config.sources, utcnow())
        try:
            async with Poller(daemon.store, config) as poller:
                daemon.poller = poller
                await daemon.tick()  # pauses: nothing fetched
                assert daemon.pause is not None and daemon.pause.paused
                delays.append(daemon.pause.delay)
                await asyncio.sleep(0.25)
                await daemon.tick()  # tried again, failed again: paused, twice as long
                assert daemon.pause.paused
                delays.append(daemon.pause.delay)
                assert server.hits("/a.xml") == 0
                full["on"] = False
                await asyncio.sleep(0.45)
                await daemon.tick()
                await asyncio.gather(*daemon._inflight.values())
                assert not daemon.pause.paused
        finally:
            daemon.store.close()

    asyncio.run(run())
    assert delays == [0.2, 0.4]
    assert server.hits("/a.xml") == 1
    assert caplog.text.count("polling paused") == 1
    assert caplog.text.count("polling resumed") == 1
    assert "Traceback" not in caplog.text and "internal error" not in caplog.text
