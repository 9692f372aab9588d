"""Rules and config that vanish while the daemon runs: an emptied or removed rules folder,
an emptied or deleted monitor.toml. The last good ones stay in force, with a warning, and
no entry is marked matched against an empty rulebook that replaced a real one."""

from __future__ import annotations

import logging
import shutil
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FeedServer, Reply, rss, write_config
from test_daemon import _query, _spawn, _wait
from test_delivery import add_entry

from monitor.alerts import Rules, match_pending
from monitor.config import load_config, reload_config
from monitor.errors import ConfigError
from monitor.storage.sqlite import SqliteStorage

RULE = '[[rule]]\nid = "loudiyi"\nquery = "Loudiyi"\n'


@pytest.fixture
def daemon_proc() -> Iterator[list[subprocess.Popen[str]]]:
    """Daemons started by a test; whatever is left is killed at the end."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_an_emptied_or_removed_rules_folder_keeps_the_last_good_rules(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "watch.toml").write_text(RULE, encoding="utf-8")
    rules = Rules(folder)
    assert rules.refresh()
    store = SqliteStorage(tmp_path / "state")
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)

    (folder / "watch.toml").unlink()  # the folder is empty for a moment
    with caplog.at_level(logging.WARNING):
        assert rules.refresh() is False
    assert "has no rules now (it had 1); keeping the last good rules" in caplog.text
    assert rules.book is not None and [r.id for r in rules.book.rules] == ["loudiyi"]
    add_entry(store, "Loudiyi meets envoy", now)
    assert match_pending(store, rules, now) == (1, 1)  # matched by the rules kept

    shutil.rmtree(folder)  # gone altogether
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        rules.refresh()
    assert "rules is gone (it had 1)" in caplog.text
    add_entry(store, "Loudiyi visits Cherat", now)
    assert match_pending(store, rules, now) == (1, 1)

    folder.mkdir()  # back, with other rules: they are taken
    (folder / "other.toml").write_text('[[rule]]\nid = "cherat"\nquery = "Cherat"\n')
    assert rules.refresh() is True
    assert rules.error is None and [r.id for r in rules.book.rules] == ["cherat"]
    store.close()


def test_a_rules_folder_empty_from_the_start_is_an_empty_rulebook(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    rules = Rules(tmp_path / "rules")
    assert rules.refresh() is True
    assert rules.book is not None and rules.book.rules == ()


def test_reload_config_refuses_an_emptied_or_deleted_file(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "monitor.toml", ["http://127.0.0.1:9/a.xml"])
    first = load_config(cfg)
    cfg.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="is empty; keeping the last good config"):
        reload_config(first, cfg)
    cfg.write_text("# just a comment\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is empty"):
        reload_config(first, cfg)
    cfg.unlink()
    with pytest.raises(ConfigError, match=r"is gone; keeping the last good config \(1 sources"):
        reload_config(first, cfg)
    # No file to begin with: defaults, as before.
    assert reload_config(load_config(cfg), cfg).sources == ()
    cfg = write_config(tmp_path / "monitor.toml", ["http://127.0.0.1:9/b.xml"])
    assert [s.url for s in reload_config(first, cfg).sources] == ["http://127.0.0.1:9/b.xml"]


def test_the_daemon_keeps_polling_and_matching_when_rules_and_config_vanish(
    tmp_path: Path, server: FeedServer, daemon_proc: list
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text(RULE, encoding="utf-8")
    items = [{"guid": "a", "title": "Loudiyi meets envoy", "link": "https://e.org/a"}]
    server.routes["/feed.xml"] = Reply(body=rss(items))
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/feed.xml")], tick="0.2s",
                       parse_workers=1, interval="1s")
    text = cfg.read_text(encoding="utf-8")
    proc = _spawn(cfg)
    daemon_proc.append(proc)
    db = tmp_path / "state" / "monitor.db"
    _wait(lambda: _query(db, "SELECT rule_id FROM alerts") == [("loudiyi",)])

    # The rules file moved away and the config emptied: both kept at their last good.
    (rules / "watch.toml").rename(tmp_path / "watch.toml.away")
    cfg.write_text("", encoding="utf-8")
    items.append({"guid": "b", "title": "Loudiyi visits Cherat", "link": "https://e.org/b"})
    server.routes["/feed.xml"] = Reply(body=rss(items))
    _wait(lambda: len(_query(db, "SELECT id FROM alerts")) == 2)
    assert _query(db, "SELECT count(*) FROM sources WHERE active = 1") == [(1,)]

    cfg.unlink()  # deleted: still polling
    items.append({"guid": "c", "title": "Loudiyi in Taxila", "link": "https://e.org/c"})
    server.routes["/feed.xml"] = Reply(body=rss(items))
    _wait(lambda: len(_query(db, "SELECT id FROM alerts")) == 3)

    cfg.write_text(text, encoding="utf-8")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "has no rules now (it had 1); keeping the last good rules" in err
    assert "is empty; keeping the last good config (1 sources" in err
    assert "is gone; keeping the last good config" in err


def test_channel_timeout_and_resend_interrupted_are_read_and_checked(tmp_path: Path) -> None:
    cfg = tmp_path / "monitor.toml"
    cfg.write_text('[[channel]]\nname = "a"\nurl = "json://127.0.0.1:9/x"\n'
                   'timeout = "8s"\nresend_interrupted = false\n'
                   '[[channel]]\nname = "b"\nurl = "json://127.0.0.1:9/y"\n')
    a, b = load_config(cfg).channels
    assert (a.timeout, a.resend_interrupted) == (8.0, False)
    assert (b.timeout, b.resend_interrupted) == (30.0, True)  # the README's 30 s
    cfg.write_text('[[channel]]\nurl = "json://127.0.0.1:9/x"\ntimeout = "20m"\n')
    with pytest.raises(ConfigError, match="timeout must be between 1s and 10m"):
        load_config(cfg)
    cfg.write_text('[[channel]]\nurl = "json://127.0.0.1:9/x"\nresend_interrupted = "no"\n')
    with pytest.raises(ConfigError, match="resend_interrupted must be true or false"):
        load_config(cfg)
