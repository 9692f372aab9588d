"""Crash consistency: the daemon SIGKILLed at random moments while local feeds change and
immediate alerts go to a local webhook that is sometimes slower than 4 s.

After every kill the next start picks up where the last stopped. At the end: the database
passes PRAGMA integrity_check, every feed item is stored once, every alert is made once and
reached the webhook at least once, each copy with the same delivery id (Idempotency-Key).
`make test` runs the short form; `make test-slow` (pytest -m slow) the long one.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import rss, write_config
from test_daemon import _query, _wait
from test_delivery import Webhook

FEEDS = 4
SLOW = 4.5  # past Apprise's own 4 s read timeout; within the channel's 20 s
READY = "monitor daemon started"  # the daemon's log line once it polls


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.stop()


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Daemons started by the test (each in its own process group, with its parse workers);
    any still running at the end are killed."""
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            _kill(proc)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the daemon and its parse workers (its process group, started by this test)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


class Feeds:
    """Local RSS files the test keeps adding items to; each file is replaced atomically."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.paths = [folder / f"feed{i}.xml" for i in range(FEEDS)]
        self.items: list[list[dict[str, str]]] = [[] for _ in self.paths]
        self.rng = rng
        self.count = 0
        self.matching: list[str] = []  # titles an immediate rule alerts on
        for index in range(FEEDS):
            self._write(index)

    def add(self) -> None:
        """One new item in a random feed: two in three mention Loudiyi (the rule's term)."""
        self.count += 1
        n = self.count
        word = "".join(chr(ord("a") + n // 26**k % 26) for k in range(4))  # unique letters
        title = f"Loudiyi {word}" if n % 3 else f"Weather {word}"  # 2 words: never folded
        if n % 3:
            self.matching.append(title)
        index = self.rng.randrange(FEEDS)
        self.items[index].append({"guid": f"urn:crash:{n}", "title": title,
                                  "link": f"https://crash.example/{n}",
                                  "description": f"<p>{title} today.</p>"})
        self._write(index)

    @property
    def guids(self) -> set[str]:
        return {item["guid"] for items in self.items for item in items}

    def _write(self, index: int) -> None:
        path = self.paths[index]
        part = path.with_suffix(".part")
        part.write_bytes(rss(self.items[index], title=f"Feed {index}"))
        os.replace(part, path)


def _spawn(cfg: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(cfg), "run"],
            stdout=out, stderr=out, start_new_session=True,
        )


@pytest.mark.parametrize("kills", [
    pytest.param(20, id="20-kills"),
    pytest.param(120, id="120-kills", marks=pytest.mark.slow),
])
def test_random_kills_lose_and_repeat_nothing(
    tmp_path: Path, webhook: Webhook, started: list[subprocess.Popen[bytes]], kills: int
) -> None:
    rng = random.Random(kills)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text(
        '[[rule]]\nid = "loudiyi"\nquery = "Loudiyi"\ndeliver = "immediate"\n'
    )
    feeds = Feeds(tmp_path, rng)
    cfg = write_config(tmp_path / "monitor.toml", [str(p) for p in feeds.paths], tick="0.2s",
                       parse_workers=1, interval="1s")
    with cfg.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[digest]\ndaily = false\nweekly = false\n\n[[channel]]\nname = "hook"\n'
                     f'url = "{webhook.url()}"\ndigests = false\ntimeout = "20s"\n')
    db = tmp_path / "state" / "monitor.db"
    log = tmp_path / "daemon.log"

    began = time.monotonic()
    for round_ in range(kills):
        feeds.add()
        webhook.delay = SLOW if round_ % 4 == 1 else 0.0  # sometimes slower than 4 s
        ready = log.read_text(errors="replace").count(READY) + 1 if log.exists() else 1
        proc = _spawn(cfg, log)
        started.append(proc)
        if round_ % 5 == 4:  # now and then, during start-up
            time.sleep(rng.uniform(0.1, 1.0))
        else:  # else at a random moment once it runs: polling, matching, sending
            _wait(lambda ready=ready: log.read_text(errors="replace").count(READY) >= ready,
                  timeout=30)
            time.sleep(rng.uniform(0.0, 0.6))
            feeds.add()  # the feeds change while the daemon runs
            time.sleep(rng.uniform(0.0, 0.6))
        _kill(proc)
    killing = time.monotonic() - began

    # One last start, left to finish: it must catch up on everything.
    webhook.delay = 0.0
    ready = log.read_text(errors="replace").count(READY) + 1
    proc = _spawn(cfg, log)
    started.append(proc)
    # Its own start first: the state may look settled already (the killed daemon did the
    # work), and a SIGTERM before the daemon takes the signal ends it as the default does.
    _wait(lambda: log.read_text(errors="replace").count(READY) >= ready, timeout=30)
    expected = set(feeds.matching)

    def settled() -> bool:
        alerts = _query(db, "SELECT count(*) FROM alerts")
        sent = _query(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'")
        pending = _query(db, "SELECT count(*) FROM entries WHERE match_pending = 1")
        stored = _query(db, "SELECT count(*) FROM entries")
        return (alerts == sent == [(len(expected),)] and pending == [(0,)]
                and stored == [(len(feeds.guids),)])

    _wait(settled, timeout=60)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    assert proc.returncode == 0, log.read_text(errors="replace")[-3000:]
    _wait(lambda: len(webhook.received) == len(webhook.keys))  # slow answers still running

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        entries = conn.execute("SELECT guid, count(*) FROM entries GROUP BY guid").fetchall()
        alerts = conn.execute("SELECT title, count(*) FROM alerts GROUP BY title").fetchall()
        hits = conn.execute("SELECT count(*), count(DISTINCT entry_id) FROM hits").fetchone()
        deliveries = conn.execute(
            "SELECT status, count(*) FROM deliveries GROUP BY status").fetchall()
    finally:
        conn.close()
    assert {guid for guid, _ in entries} == feeds.guids  # every item stored…
    assert all(count == 1 for _, count in entries)  # …once
    assert {title for title, _ in alerts} == expected  # every alert made…
    assert all(count == 1 for _, count in alerts)  # …once
    assert hits == (len(expected), len(expected))
    assert deliveries == [("sent", len(expected))]

    keys: dict[str, set[str | None]] = defaultdict(set)
    for key, raw in webhook.arrived:
        body = json.loads(raw)
        assert body["title"].startswith("[loudiyi] ")
        assert body["delivery_id"] == key  # the stable id, in the payload and the header
        keys[body["title"].removeprefix("[loudiyi] ")].add(key)
    assert set(keys) == expected  # every alert reached the receiver at least once
    assert all(len(ids) == 1 and None not in ids for ids in keys.values())  # one id each
    assert len({next(iter(ids)) for ids in keys.values()}) == len(expected)  # distinct ids
    repeats = len(webhook.received) - len(expected)
    resent = log.read_text(errors="replace").count("sending it again with the same delivery id")
    print(f"\ncrash test: {kills} kills in {killing:.1f}s, {feeds.count} items, "
          f"{len(expected)} alerts, {len(webhook.received)} POSTs ({repeats} repeats, "
          f"{resent} sends resent after a kill mid-send)")
