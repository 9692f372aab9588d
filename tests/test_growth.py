"""Months unattended without growing for ever: housekeeping deletes old unmatched entries
(keep_entries), bounds the fetch log by rows, gives back the WAL; `monitor db check` and
`monitor db backup` (online, beside a running daemon)."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FeedServer, Reply, rss, run_main, write_config

from monitor.alerts import Rules
from monitor.config import load_config
from monitor.daemon import Daemon
from monitor.errors import ConfigError
from monitor.models import Entry, Outcome
from monitor.schedule import Schedule, utcnow
from monitor.storage.sqlite import SqliteStorage


def _wait(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _entry(guid: str) -> Entry:
    return Entry(
        identity=f"guid:{guid}", guid=guid, link=f"https://a.example/{guid}", title=guid,
        author=None, published=None, updated=None, summary_html="x " * 2000,
        summary_text="x " * 2000, content_html="", content_text="", language=None,
        content_hash=guid,
    )


def test_keep_entries_and_fetch_log_rows_are_read_from_the_config(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "monitor.toml", [], keep_entries="180d", fetch_log_rows=50)
    settings = load_config(str(cfg)).settings
    assert settings.keep_entries == 180 * 86400
    assert settings.fetch_log_rows == 50
    assert load_config(str(write_config(tmp_path / "d.toml", []))).settings.keep_entries is None
    with pytest.raises(ConfigError, match="keep_entries"):
        load_config(str(write_config(tmp_path / "bad.toml", [], keep_entries="soon")))


def test_housekeeping_prunes_old_entries_bounds_the_fetch_log_and_truncates_the_wal(
    tmp_path: Path,
) -> None:
    cfg = write_config(tmp_path / "monitor.toml", ["https://a.example/feed"],
                       keep_entries="180d", fetch_log_rows=3)
    config = load_config(str(cfg))
    store = SqliteStorage(config.state_dir)
    store.sync_sources(config.sources, utcnow())
    [source] = store.sources()
    old = utcnow() - timedelta(days=200)
    for day in range(5):
        store.record_poll(
            source, now=old + timedelta(days=day), outcome=Outcome.OK,
            schedule=Schedule(source.state, 0, old), status=200,
            entries=[_entry(f"old{day}")],
        )
    for minutes in range(4, -1, -1):  # five recent polls, the last one with a new entry
        store.record_poll(source, now=utcnow() - timedelta(minutes=minutes), outcome=Outcome.OK,
                          schedule=Schedule(source.state, 0, utcnow()), status=200,
                          entries=[_entry("new")] if minutes == 0 else None)
    store.clear_pending()
    wal = Path(f"{store.location}-wal")
    assert wal.stat().st_size > 0

    async def run() -> None:
        daemon = Daemon(config, str(cfg), None, Rules(tmp_path / "rules"))
        daemon.store = store
        await daemon.housekeeping()

    asyncio.run(run())
    assert [e.title for e in store.entries_since(old - timedelta(days=1))] == ["new"]
    assert len(store.fetch_log(source.id, limit=100)) == 3
    assert wal.stat().st_size == 0  # checkpointed and truncated
    assert store.integrity(full=True) == []
    assert store.search("old0") == [] and [h.title for h in store.search("new")] == ["new"]
    store.close()


def test_db_check_reports_sizes_counts_and_damage(
    tmp_path: Path, server: FeedServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.routes["/a.xml"] = Reply(200, rss(3), {"Content-Type": "application/rss+xml"})
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], parse_workers=1)
    code, _, err = run_main(monkeypatch, capsys, "--config", str(cfg), "poll")
    assert code == 0, err
    code, out, err = run_main(monkeypatch, capsys, "--config", str(cfg), "db", "check", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["damage"] == [] and report["rows"]["entries"] == 3
    assert report["rows"]["sources"] == 1 and report["bytes"] > 0
    code, out, _ = run_main(monkeypatch, capsys, "--config", str(cfg), "db", "check")
    assert code == 0 and "integrity: ok" in out and "entries" in out

    db = tmp_path / "state" / "monitor.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    [(root,)] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries'")
    conn.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page)
        handle.write(bytes(range(256)) * (page // 256))
    code, _, err = run_main(monkeypatch, capsys, "--config", str(cfg), "db", "check")
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "damaged" in err and "monitor db recover" in err


def test_db_backup_while_the_daemon_runs(tmp_path: Path, server: FeedServer) -> None:
    count = {"n": 0}

    def growing(_: object) -> Reply:
        count["n"] += 1
        return Reply(200, rss([{"guid": f"urn:{count['n']}", "title": f"Item {count['n']}",
                                "link": f"https://e.org/{count['n']}"}]),
                     {"Content-Type": "application/rss+xml"})

    server.routes["/a.xml"] = growing
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/a.xml")], tick="0.2s",
                       interval="1s", parse_workers=1)
    db = tmp_path / "state" / "monitor.db"

    def stored() -> int:
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
            try:
                return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error:
            return 0

    daemon = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: stored() >= 2)
        copy = tmp_path / "backup.db"
        result = subprocess.run(
            [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "backup", str(copy)],
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert f"-> {copy}" in result.stdout
        at_backup = stored()
        _wait(lambda: stored() > at_backup)  # the daemon went on writing
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=30)
    assert "Traceback" not in err
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] >= 2
    finally:
        conn.close()
    again = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "db", "backup", str(copy)],
        capture_output=True, text=True, timeout=60,
    )
    assert again.returncode == 1 and "exists" in again.stderr and "Traceback" not in again.stderr
