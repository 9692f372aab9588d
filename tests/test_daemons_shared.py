"""Two daemons (separate processes) sharing one PostgreSQL: 300 feeds on ten loopback hosts
are each polled once per due time, per_host holds for both together, alerts are made and
pushed once; a daemon SIGKILLed mid-poll loses its sources to the other within its
claims' lease, and still nothing is lost or done twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import rss
from hosts import Answer, HostServer, serving
from test_delivery import Webhook

from monitor.heartbeat import gone_here, lease_for, warnings
from monitor.schedule import iso
from monitor.storage import DaemonRecord, open_storage

HOSTS = [f"127.0.0.{n}" for n in range(2, 12)]  # ten "hosts", all on the loopback network
FEEDS_PER_HOST = 30
PER_HOST = 2
# Fetch and parse limits far above what a loopback answer and a tiny feed need: under a
# loaded machine (CI beside other work) 3 s let one poll fail, so its alert never came
TICK, TIMEOUT, PARSE_TIMEOUT = 0.3, 10.0, 10.0
LEASE = lease_for(TIMEOUT, PARSE_TIMEOUT, TICK)


def _wait(what: str, predicate: Callable[[], bool], timeout: float,
          state: Callable[[], object] | None = None) -> None:
    """Wait for a condition, up to a deadline; fail naming it (and what it saw)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    seen = f" (saw {state()})" if state else ""
    raise AssertionError(f"not reached within {timeout:g} s: {what}{seen}")


class Feeds:
    """Every feed's answer for the current round, and how many requests each host served
    at once (the most seen)."""

    def __init__(self) -> None:
        self.round = 1
        self.delay = 0.3  # long enough for both daemons to be polling in round 1
        self._lock = threading.Lock()
        self._busy: Counter[str] = Counter()
        self.most: Counter[str] = Counter()
        self._started: dict[object, float] = {}  # requests being answered: when they came

    def answered_all_before(self, moment: float) -> bool:
        """Every request that arrived before `moment` (time.monotonic) has been answered."""
        with self._lock:
            return all(start >= moment for start in self._started.values())

    def route(self, host: str, number: int) -> Callable[[], Answer]:
        def answer() -> Answer:
            me = object()
            with self._lock:
                self._busy[host] += 1
                self.most[host] = max(self.most[host], self._busy[host])
                self._started[me] = time.monotonic()
            try:
                time.sleep(self.delay)
                return 200, {"Content-Type": "application/rss+xml"}, self.body(number)
            finally:
                with self._lock:
                    self._busy[host] -= 1
                    del self._started[me]

        return answer

    def body(self, number: int) -> bytes:
        items = []
        for done in range(1, self.round + 1):
            # Every tenth feed has an item the rule matches: two words, so no two fold.
            title = f"{'Loudiyi' if number % 10 == 0 else 'Item'} {_word(number, done)}"
            items.append({"guid": f"{number}-{done}", "title": title,
                          "link": f"https://news.example/{number}/{done}"})
        return rss(items)


def matching(rounds: int) -> set[str]:
    """The titles of the alerts the rule makes after `rounds` rounds."""
    count = len(HOSTS) * FEEDS_PER_HOST
    return {f"Loudiyi {_word(n, r)}" for n in range(0, count, 10) for r in range(1, rounds + 1)}


def _word(number: int, done: int) -> str:
    """A word of letters only, one per feed and round (digits would split it in three)."""
    return "".join(chr(ord("a") + int(digit)) for digit in f"{number:03d}{done}")


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.stop()


def _setup(tmp_path: Path, urls: list[str], hook: Webhook) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text(
        '[[rule]]\nid = "loudiyi"\nquery = "Loudiyi"\ndeliver = "immediate"\n', encoding="utf-8"
    )
    lines = [
        "[monitor]", 'rules = "rules"', 'interval = "1h"', f'tick = "{TICK}s"',
        f'timeout = "{TIMEOUT:g}s"', f'parse_timeout = "{PARSE_TIMEOUT:g}s"',
        f"per_host = {PER_HOST}", "parse_workers = 1",
        "", "[digest]", 'daily = "00:00"', 'weekly = "mon 00:00"',
        "", "[[channel]]", 'name = "hook"', f'url = "{hook.url()}"', "digests = false",
        'timeout = "2s"',
    ]
    for url in urls:
        lines += ["", "[[source]]", f'url = "{url}"']
    cfg = tmp_path / "monitor.toml"
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cfg


def _spawn(cfg: Path, database: str, state: Path) -> subprocess.Popen[bytes]:
    state.mkdir()
    log = (state / "daemon.log").open("wb")  # 300 polls' log lines would fill a pipe
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "--state", str(state),
         "--database", database, "run"],
        stdout=subprocess.DEVNULL, stderr=log,
    )


class Database:
    """Reads of the shared database, as the test checks them."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.rows(sql, params)[0][0]

    def fetches(self) -> dict[int, list[tuple[str, str]]]:
        """Per source, its fetch-log rows (when, which daemon), oldest first."""
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for source_id, at, daemon in self.rows(
            "SELECT source_id, at, daemon_id FROM fetches ORDER BY id"
        ):
            found[source_id].append((at, daemon))
        return found

    def daemons(self) -> list[str]:
        return [row[0] for row in self.rows("SELECT id FROM daemons ORDER BY id")]


def _log_tail(tmp_path: Path, lines: int = 15) -> dict[str, list[str]]:
    """The last lines each daemon logged: why one of them polled nothing, if it did not."""
    return {log.parent.name: log.read_text(errors="replace").splitlines()[-lines:]
            for log in sorted(tmp_path.glob("state-*/daemon.log"))}


def _status(cfg: Path, database: str, tmp_path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(cfg), "--state",
         str(tmp_path / "status-state"), "--database", database, "status", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _sent_once(hook: Webhook, titles: set[str]) -> None:
    """Each alert reached the webhook, once: a repeat is only ever the same delivery id
    (a send cut off by the kill, sent again), never a second delivery."""
    keys: dict[str, set[str | None]] = defaultdict(set)
    for (_, body, _), key in zip(hook.received, hook.keys, strict=False):
        keys[body["title"].removeprefix("[loudiyi] ")].add(key)
    assert set(keys) == titles
    assert all(len(found) == 1 for found in keys.values()), keys


@pytest.mark.timeout(300)
def test_two_daemons_share_the_sources_and_one_takes_over_when_the_other_dies(
    tmp_path: Path, pg_url: str, webhook: Webhook, procs: list[subprocess.Popen[bytes]]
) -> None:
    feeds = Feeds()
    servers = [HostServer(host) for host in HOSTS]
    urls = []
    for server in servers:
        for _ in range(FEEDS_PER_HOST):
            number = len(urls)
            server.routes[f"/feed{number}.xml"] = feeds.route(server.host, number)
            urls.append(server.url(f"/feed{number}.xml"))
    cfg = _setup(tmp_path, urls, webhook)
    open_storage(pg_url, tmp_path).close()  # the schema, so the test can read it at once
    db = Database(pg_url)
    total = len(urls)
    # The sources listed (any command syncs them) and not due before both daemons run: a
    # daemon that starts seconds later on a busy machine would find them all polled.
    _status(cfg, pg_url, tmp_path)
    db.conn.execute("UPDATE sources SET next_check = %s",
                    (iso(datetime.now(UTC) + timedelta(days=1)),))
    with serving(*servers):
        first = _spawn(cfg, pg_url, tmp_path / "state-a")
        second = _spawn(cfg, pg_url, tmp_path / "state-b")
        procs += [first, second]

        # Round 1: every source polled once, by one daemon or the other.
        _wait("both daemons beat", lambda: _table(db, "daemons") == 2, 60)
        db.conn.execute("UPDATE sources SET next_check = %s", (iso(datetime.now(UTC)),))
        victim = _daemon_of(db, first.pid)
        survivor = _daemon_of(db, second.pid)
        _wait("every source polled", lambda: len(db.fetches()) == total, 120)
        round_one = db.fetches()
        assert all(len(rows) == 1 for rows in round_one.values())
        by_daemon = Counter(rows[0][1] for rows in round_one.values())
        # Both shared the round: started together, in step, one had polled nearly all (its
        # ticks came just before the other's), and in round 2 the other sometimes nothing.
        assert min(by_daemon[victim], by_daemon[survivor]) >= total // 10, (
            by_daemon, _log_tail(tmp_path))
        _wait("the round's alerts pushed", lambda: len(webhook.received) == len(matching(1)), 120,
              lambda: f"{len(webhook.received)} pushed of {len(matching(1))}; alerts stored: "
                      f"{db.one('SELECT count(*) FROM alerts')}; failed polls: "
                      f"{db.rows('SELECT url, error FROM fetches WHERE error IS NOT NULL')}")
        assert db.one("SELECT count(*) FROM alerts") == len(matching(1))
        assert db.rows("SELECT kind, count(*) FROM digests GROUP BY kind ORDER BY kind") == [
            ("daily", 1), ("weekly", 1)]  # built by whichever daemon got there first

        status = _status(cfg, pg_url, tmp_path)
        assert sorted(d["id"] for d in status["daemons"]) == sorted(db.daemons())
        assert {d["rules_fingerprint"] for d in status["daemons"]} != {None}
        assert len({d["rules_fingerprint"] for d in status["daemons"]}) == 1
        assert status["daemon_warnings"] == []

        # Round 2: every source due again, slower answers; the first daemon is killed
        # while it holds sources mid-poll.
        feeds.round, feeds.delay = 2, 0.5
        due = datetime.now(UTC)
        db.conn.execute("UPDATE sources SET next_check = %s", (iso(due),))
        holders: list[str] = []

        def claimed() -> bool:
            holders[:] = [str(r[0]) for r in db.rows(
                "SELECT DISTINCT claimed_by FROM sources WHERE claimed_by IS NOT NULL")]
            return bool(holders)

        _wait("a daemon polling", claimed, 60,
              lambda: (Counter(rows[-1][1] for rows in db.fetches().values() if len(rows) > 1),
                       _log_tail(tmp_path)))
        # The one holding sources is the one killed: one daemon's tick may claim every
        # due source before the other's comes round (a CI run saw the second take all 300).
        if victim not in holders:
            first, second, victim, survivor = second, first, survivor, victim
        # Frozen first, so what it holds is read before the survivor, seeing its pid gone,
        # takes the sources over; then killed.
        first.send_signal(signal.SIGSTOP)
        stranded = dict(db.rows(
            "SELECT id, claimed_until FROM sources WHERE claimed_by = %s", (victim,)))
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed_at = time.monotonic()
        # Both daemons alive until here: per_host held for both together.
        assert max(feeds.most.values()) <= PER_HOST, feeds.most
        # The server still answers the killed daemon's last requests (to nobody) for a
        # moment while the survivor takes its sources over: count afresh once those ended.
        _wait("the killed daemon's requests answered",
              lambda: feeds.answered_all_before(killed_at), 30)
        with feeds._lock:
            feeds.most = Counter(feeds._busy)
        assert stranded, "the killed daemon held no claim: nothing was tested"

        deadline = LEASE.total_seconds() + 60
        _wait("every source polled again", lambda: sum(
            len(rows) for rows in db.fetches().values()) == 2 * total, deadline)
        round_two = db.fetches()
        assert all(len(rows) == 2 for rows in round_two.values())  # once per due time
        assert all(rows[1][0] >= iso(due) for rows in round_two.values())
        for source_id, until in stranded.items():
            at, daemon = round_two[source_id][1]
            # On one host the survivor sees the pid gone and takes them at once; on
            # another machine it would wait out the lease: either way within it.
            late = datetime.fromisoformat(at) - datetime.fromisoformat(until)
            assert daemon == survivor and late <= timedelta(seconds=30), (source_id, at, until)
        assert max(feeds.most.values(), default=0) <= PER_HOST, feeds.most  # the survivor

        titles = matching(2)
        _wait("every alert pushed", lambda: db.one(
            "SELECT count(*) FROM deliveries WHERE status = 'sent'") == len(titles), 60)
        assert db.rows("SELECT count(*), count(DISTINCT story) FROM alerts") == [
            (len(titles), len(titles))]
        _sent_once(webhook, titles)

        def victim_stopped() -> bool:
            found = _status(cfg, pg_url, tmp_path)
            status.update(found)
            return [d["id"] for d in found["daemons"] if d["stopped"]] == [victim]

        _wait("status shows the killed daemon stopped (only it)", victim_stopped, 60)
        assert any("has not beaten" in line for line in status["daemon_warnings"])
        assert [d["polls_last_hour"] > 0 for d in status["daemons"]] == [True, True]

        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    assert db.daemons() == [victim]  # a clean stop leaves no record (and no claim)
    assert db.one("SELECT count(*) FROM sources WHERE claimed_by = %s", (survivor,)) == 0


def _daemon_of(db: Database, pid: int) -> str:
    return str(db.one("SELECT id FROM daemons WHERE pid = %s", (pid,)))


def _table(db: Database, name: str) -> int:
    return int(db.one(f"SELECT count(*) FROM {name}"))


def test_status_warns_on_different_rules_and_a_daemon_not_beating() -> None:
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    beat = iso(now - timedelta(seconds=2))
    one = DaemonRecord("a:1:x", "a", 1, beat, beat, "fp1")
    other = DaemonRecord("b:2:y", "b", 2, beat, beat, "fp2")
    assert warnings([one, other], now, tick=5.0) == [
        "daemons run with different rules (a pid 1: fp1, b pid 2: fp2); give each the same "
        "rules folder"]
    old = iso(now - timedelta(seconds=16))
    quiet = DaemonRecord("b:2:y", "b", 2, old, old, "fp2")
    found = warnings([one, quiet], now, tick=5.0)
    assert len(found) == 1 and found[0].startswith("daemon b pid 2 has not beaten since")
    assert warnings([one], now, tick=5.0) == []


def test_a_daemon_gone_from_this_host_is_known_at_once(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    beat = iso(datetime.now(UTC))
    gone = DaemonRecord("h:1:x", "h", int(done.stdout), beat, beat, "fp")
    assert gone_here(gone, "h")
    assert not gone_here(gone, "another-host")  # elsewhere: only missed beats tell
    assert not gone_here(DaemonRecord("h:2:y", "h", os.getpid(), beat, beat, "fp"), "h")
