"""Delivery for real: an SMTP server and a JSON webhook on 127.0.0.1 receive digests and
alerts; failures are retried, nothing is sent twice, also across a restart; the digest
schedule is right across DST changes."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from monitor.alerts import Rules, match_pending
from monitor.config import Config, DigestSchedule, SourceSpec, load_config
from monitor.delivery import Deliverer, outbox
from monitor.delivery.due import build_due, latest_daily, latest_weekly, scheduled
from monitor.digest import build_digest, save_digest
from monitor.schedule import backoff_delay, iso
from monitor.storage.sqlite import SqliteStorage

RULES = """\
[[rule]]
id = "tata"
query = "Tata"
deliver = "immediate"

[[rule]]
id = "jf17"
query = "JF-17"
deliver = "daily"
severity = "high"

[[rule]]
id = "taxila"
query = "Taxila"
deliver = "weekly"
"""


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait in the event loop (sends run in threads meanwhile) until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached before the deadline"
        await asyncio.sleep(0.02)


class Webhook:
    """A JSON webhook on 127.0.0.1: answers each POST with the next status (then 200)."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.delay = 0.0  # seconds before answering, for a slow service
        self.gate = threading.Event()  # cleared: requests arrive but are not answered
        self.gate.set()
        self.received: list[tuple[str, dict[str, Any], int]] = []
        self.keys: list[str | None] = []  # the Idempotency-Key header of each request
        self.arrived: list[tuple[str | None, bytes]] = []  # (key, body) as each arrives
        hook = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = hook.statuses.pop(0) if hook.statuses else 200
                key = self.headers.get("Idempotency-Key")
                hook.keys.append(key)
                hook.arrived.append((key, body))
                hook.gate.wait(timeout=60)
                time.sleep(hook.delay)
                hook.received.append((self.path, json.loads(body), status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def delivered(self) -> list[dict[str, Any]]:
        """Bodies the server accepted (2xx)."""
        return [body for _, body, status in self.received if status < 300]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.stop()


class Mailbox:
    """Messages an aiosmtpd server on 127.0.0.1 received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # aiosmtpd needs a fixed port; take a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def mail_url(port: int) -> str:
    return f"mailto://127.0.0.1:{port}?from=monitor@localhost&to=analyst@localhost&mode=insecure"


def make_config(tmp_path: Path, channels: list[dict[str, Any]], digest: str = "") -> Config:
    """A config with channels and a [digest] table, and the rules file."""
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "watch.toml").write_text(RULES, encoding="utf-8")
    digest = digest or "daily = false\nweekly = false"
    lines = ["[monitor]", 'state = "state"', "", "[digest]", digest]
    for channel in channels:
        lines += ["", "[[channel]]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in channel.items()]
    path = tmp_path / "monitor.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(path)


def rules_for(config: Config) -> Rules:
    rules = Rules(config.rules_dir)
    assert rules.refresh()
    return rules


_counter = iter(range(1, 10_000))


def add_entry(
    store: SqliteStorage, title: str, at: datetime, *, summary: str = "", link: str = "",
    no_link: bool = False,
) -> None:
    """SqliteStorage one entry of a local source, waiting to be matched, first seen at `at`."""
    store.sync_sources([SourceSpec(url="http://127.0.0.1:9/feed", title="Test wire")], at)
    source_id = store.db.execute("SELECT id FROM sources").fetchone()[0]
    n = next(_counter)
    with store._transaction() as conn:
        conn.execute(
            "INSERT INTO entries (source_id, identity, link, title, summary_text, content_hash, "
            "first_seen, match_pending) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            (source_id, f"id{n}", None if no_link else link or f"http://127.0.0.1:9/story/{n}",
             title, summary, f"h{n}",
             iso(at)),
        )


def tick(deliverer: Deliverer, config: Config, rules: Rules, now: datetime) -> list[Any]:
    """One daemon tick's delivery work, waiting for its sends to finish."""

    async def run() -> list[Any]:
        deliverer.tick(config, rules.book, now)
        return await deliverer.wait(timeout=30)

    return asyncio.run(run())


def status_of(store: SqliteStorage) -> list[tuple[str, str, int]]:
    return store.db.execute(
        "SELECT channel, status, attempts FROM deliveries ORDER BY id"
    ).fetchall()


# -- scheduled digests by email ------------------------------------------------------------


def test_daily_digest_email_arrives_once_even_after_a_restart(
    tmp_path: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    config = make_config(
        tmp_path,
        [{"name": "mail", "url": mail_url(port), "immediate": False}],
        'daily = "07:00"\nweekly = false\ntimezone = "Europe/Paris"',
    )
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, start)  # the channel is seen; no digest is due with alerts
    add_entry(store, "JF-17 deal <script>alert(1)</script> signed", start + timedelta(hours=1))
    add_entry(store, "Tata opens a WhAP plant", start + timedelta(hours=2))
    add_entry(store, "Taxila news (a weekly rule)", start + timedelta(hours=3))
    match_pending(store, rules, start + timedelta(hours=3))
    # 07:30 in Paris on 30 November: the 07:00 digest (06:00 UTC) is due.
    now = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    tick(deliverer, config, rules, now)
    assert len(box.messages) == 1
    message = box.messages[0]
    assert message["Subject"] == "monitor daily digest: 2 alerts (2026-11-30)"
    html = message.get_body(("html",)).get_content()
    assert "JF-17 deal" in html and "Tata opens a WhAP plant" in html
    assert "Taxila" not in html  # a weekly rule's alert waits for the weekly digest
    assert "<script" not in html.lower()
    assert list((config.state_dir / "digests").glob("daily-*.html"))
    assert list((config.state_dir / "digests").glob("daily-*.md"))
    # Later ticks and a restart on the same state dir send nothing again.
    tick(deliverer, config, rules, now + timedelta(minutes=5))
    store.close()
    store = SqliteStorage(config.state_dir)
    again = Deliverer(store)
    assert again.recover(now) == []
    tick(again, config, rules, now + timedelta(hours=1))
    assert len(box.messages) == 1
    assert status_of(store) == [("mail", "sent", 1)]
    store.close()


def test_a_daemon_down_at_digest_time_sends_that_digest_once_and_no_older_one(
    tmp_path: Path,
) -> None:
    config = make_config(tmp_path, [], 'daily = "07:00"\nweekly = "mon 08:00"\ntimezone = "UTC"')
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    # A digest went out on Thursday 26 Nov; the daemon was off until Saturday 09:00.
    last = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    save_digest(store, build_digest(store, start=last - timedelta(days=1), end=last,
                                    kind="daily"), config.state_dir, last)
    add_entry(store, "JF-17 on Friday", datetime(2026, 11, 27, 10, 0, tzinfo=UTC))
    match_pending(store, rules, datetime(2026, 11, 27, 10, 0, tzinfo=UTC))
    now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    built = build_due(store, config.digest, rules.book, config.state_dir, now)
    assert [(b.kind, b.total) for b in built] == [("daily", 1), ("weekly", 0)]
    rows = store.db.execute(
        "SELECT kind, period_start, period_end FROM digests ORDER BY id"
    ).fetchall()
    assert rows[1] == ("daily", "2026-11-26T07:00:00Z", "2026-11-28T07:00:00Z")
    assert rows[2] == ("weekly", "2026-11-16T08:00:00Z", "2026-11-23T08:00:00Z")
    assert build_due(store, config.digest, rules.book, config.state_dir, now) == []
    store.close()


# -- immediate alerts by webhook -------------------------------------------------------------


def test_immediate_alert_reaches_the_webhook_once_after_a_failure(
    tmp_path: Path, webhook: Webhook
) -> None:
    config = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "digests": False}])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    t0 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    # Alerts from before the channel was first seen are the backlog: never pushed.
    add_entry(store, "Tata backlog story", t0 - timedelta(hours=1))
    match_pending(store, rules, t0 - timedelta(hours=1))
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, t0)
    assert webhook.received == []

    t1 = t0 + timedelta(minutes=10)
    add_entry(store, "Tata & Loudiyi sign <b>WhAP</b> deal", t1, summary="Tata builds WhAP 8x8")
    add_entry(store, "JF-17 story for the daily digest only", t1)
    match_pending(store, rules, t1)
    webhook.statuses = [500]
    outcomes = tick(deliverer, config, rules, t1)
    assert [o.error is not None for o in outcomes] == [True]
    assert "500" in outcomes[0].error
    row = store.db.execute("SELECT status, attempts, next_attempt, last_error FROM deliveries")
    status, attempts, next_attempt, last_error = row.fetchone()
    assert (status, attempts) == ("pending", 1) and "500" in last_error
    retry_at = datetime.fromisoformat(next_attempt)
    assert t1 + timedelta(seconds=40) <= retry_at <= t1 + timedelta(seconds=80)

    tick(deliverer, config, rules, t1 + timedelta(seconds=20))  # backing off: not yet
    assert len(webhook.received) == 1
    tick(deliverer, config, rules, t1 + timedelta(minutes=2))
    assert len(webhook.received) == 2
    [body] = webhook.delivered()
    assert webhook.received[1][0] == "/hook"
    assert body["title"] == "[tata] Tata & Loudiyi sign <b>WhAP</b> deal"
    assert "Tata" in body["message"] and "**" not in body["message"]  # plain text
    assert "Sources: Test wire" in body["message"]
    assert "http://127.0.0.1:9/story/" in body["message"]
    assert status_of(store) == [("hook", "sent", 2)]

    # Nothing more, also after a restart on the same state dir.
    tick(deliverer, config, rules, t1 + timedelta(hours=2))
    store.close()
    store = SqliteStorage(config.state_dir)
    tick(Deliverer(store), config, rules, t1 + timedelta(hours=3))
    assert len(webhook.delivered()) == 1
    store.close()


def test_a_failing_channel_keeps_retrying_with_capped_backoff_and_others_still_get_theirs(
    tmp_path: Path, webhook: Webhook
) -> None:
    config = make_config(tmp_path, [
        {"name": "dead", "url": "json://127.0.0.1:1/nothing-listens", "digests": False},
        {"name": "hook", "url": webhook.url(), "digests": False},
    ])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    for _ in range(10):
        tick(deliverer, config, rules, now)
        row = store.db.execute(
            "SELECT next_attempt FROM deliveries WHERE channel = 'dead'"
        ).fetchone()
        now = datetime.fromisoformat(row[0])
    dead = store.db.execute(
        "SELECT status, attempts, last_error FROM deliveries WHERE channel = 'dead'"
    ).fetchone()
    assert dead[0] == "pending" and dead[1] == 10 and "127.0.0.1" in dead[2]
    gaps = [backoff_delay(n, outbox.RETRY_FIRST, outbox.RETRY_CAP, random.Random(n))
            for n in (1, 8, 30)]
    assert gaps[0] < 80 and gaps[1] == gaps[2] == outbox.RETRY_CAP
    assert len(webhook.delivered()) == 1
    assert ("hook", "sent", 1) in status_of(store)
    store.close()


def test_a_slow_channel_does_not_hold_up_the_tick(tmp_path: Path, webhook: Webhook) -> None:
    config = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "digests": False}])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    webhook.gate.clear()  # the request arrives; no answer until the gate opens

    async def run() -> tuple[int, list[Any]]:
        deliverer.tick(config, rules.book, now)  # returns with the send still in flight
        answered = len(webhook.received)
        await until(lambda: len(webhook.keys) == 1)  # the send has reached the webhook
        webhook.gate.set()
        return answered, await deliverer.wait(timeout=30)

    answered, outcomes = asyncio.run(run())
    assert answered == 0  # the daemon's tick went on (polling) before any answer came
    assert [o.error for o in outcomes] == [None]
    assert len(webhook.delivered()) == 1
    store.close()


def test_a_send_cut_off_by_a_crash_is_held_when_the_channel_says_so(
    tmp_path: Path, webhook: Webhook
) -> None:
    config = make_config(tmp_path, [
        {"name": "hook", "url": webhook.url(), "digests": False, "resend_interrupted": False},
    ])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    tick(Deliverer(store), config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    outbox.remember_channels(store, config.channels, now)
    outbox.enqueue_immediate(store, config.channels, rules.book, now)
    [row] = outbox.due(store, now)
    assert outbox.claim(store, row.id)  # then the process dies before Apprise returns
    store.close()

    store = SqliteStorage(config.state_dir)
    deliverer = Deliverer(store)
    [interrupted] = deliverer.recover(now, config.channels)
    assert interrupted.id == row.id
    tick(deliverer, config, rules, now + timedelta(minutes=5))
    assert webhook.received == []
    assert status_of(store) == [("hook", "interrupted", 0)]
    outbox.retry(store, row.id, now + timedelta(minutes=6))
    tick(deliverer, config, rules, now + timedelta(minutes=6))
    assert len(webhook.delivered()) == 1
    assert status_of(store) == [("hook", "sent", 1)]
    store.close()


def test_a_send_cut_off_by_a_kill_is_resent_with_the_same_delivery_id(
    tmp_path: Path, webhook: Webhook
) -> None:
    config = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "digests": False}])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    tick(Deliverer(store), config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    outbox.enqueue_immediate(store, config.channels, rules.book, now)
    [row] = outbox.due(store, now)
    message = outbox.message_for(store, row)
    assert outbox.claim(store, row.id)
    assert outbox.send(config.channels[0], message) is None  # it arrived, then the kill
    store.close()

    store = SqliteStorage(config.state_dir)
    deliverer = Deliverer(store)
    [interrupted] = deliverer.recover(now, config.channels)
    assert interrupted.id == row.id
    tick(deliverer, config, rules, now + timedelta(minutes=1))
    assert status_of(store) == [("hook", "sent", 1)]
    first, again = webhook.delivered()
    assert first["delivery_id"] == again["delivery_id"] == message.key
    assert webhook.keys == [message.key, message.key]  # the receiver can drop the repeat
    assert first["message"] == again["message"]
    store.close()


def test_a_slow_receiver_gets_the_channel_time_limit_and_each_alert_once(
    tmp_path: Path, webhook: Webhook
) -> None:
    # Apprise's own read timeout is 4 s: a receiver answering after 5 s used to count as
    # failed although the POST had arrived, and was sent it again at every retry.
    config = make_config(tmp_path, [
        {"name": "hook", "url": webhook.url(), "digests": False, "timeout": "8s"},
    ])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    webhook.delay = 5.0
    [outcome] = tick(deliverer, config, rules, now)
    assert outcome.error is None
    assert status_of(store) == [("hook", "sent", 1)]
    tick(deliverer, config, rules, now + timedelta(hours=2))
    assert len(webhook.received) == 1
    store.close()


def test_a_send_unanswered_within_the_limit_is_unconfirmed_not_retried(
    tmp_path: Path, webhook: Webhook
) -> None:
    config = make_config(tmp_path, [
        {"name": "hook", "url": webhook.url(), "digests": False, "timeout": "1s"},
    ])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    webhook.gate.clear()  # the POST arrives; its answer waits past the channel's 1 s
    [outcome] = tick(deliverer, config, rules, now)
    assert outcome.unanswered and "no answer within 1s" in (outcome.error or "")
    assert status_of(store) == [("hook", "unconfirmed", 1)]
    for hours in (1, 2, 3):  # not retried blindly
        assert tick(deliverer, config, rules, now + timedelta(hours=hours)) == []
    webhook.gate.set()  # the slow answer lands after the client gave up
    deadline = time.monotonic() + 10
    while len(webhook.received) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(webhook.received) == 1
    assert outbox.counts(store) == {"unconfirmed": 1}
    # The user decides: it goes again, with the same delivery id.
    webhook.delay = 0.0
    [row] = outbox.list_deliveries(store)
    outbox.retry(store, row.id, now + timedelta(hours=4))
    tick(deliverer, config, rules, now + timedelta(hours=4))
    assert status_of(store) == [("hook", "sent", 2)]
    assert len(set(webhook.keys)) == 1 and len(webhook.keys) == 2
    store.close()


def test_delivery_ids_survive_a_rebuilt_database(tmp_path: Path, webhook: Webhook) -> None:
    ids = []
    for attempt in ("first", "rebuilt"):
        base = tmp_path / attempt
        base.mkdir()
        config = make_config(base, [{"name": "hook", "url": webhook.url(), "digests": False}])
        rules = rules_for(config)
        store = SqliteStorage(config.state_dir)
        now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
        tick(Deliverer(store), config, rules, now)
        if attempt == "rebuilt":
            add_entry(store, "Unrelated Tata item", now)  # other row ids this time
        add_entry(store, "Tata news", now, link="http://127.0.0.1:9/story/same")
        add_entry(store, "Tata wire item without a link", now, no_link=True)
        match_pending(store, rules, now)
        before = len(webhook.delivered())
        tick(Deliverer(store), config, rules, now)
        store.close()
        ids.append([body["delivery_id"] for body in webhook.delivered()[before:]])
    assert len(ids[0]) == 2 and len(ids[1]) == 3
    assert set(ids[0]) < set(ids[1])  # the same stories: the same ids, whatever the row ids


def test_send_digest_sends_once_per_channel(tmp_path: Path, webhook: Webhook) -> None:
    config = make_config(tmp_path, [
        {"name": "hook", "url": webhook.url("/digests")},
        {"name": "alerts-only", "url": webhook.url("/alerts"), "digests": False},
    ])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    add_entry(store, "JF-17 story", now - timedelta(hours=1))
    match_pending(store, rules, now - timedelta(hours=1))
    digest = build_digest(store, start=now - timedelta(days=1), end=now, rulebook=rules.book)
    digest_id = save_digest(store, digest, config.state_dir, now)
    webhook.statuses = [503]
    first = outbox.send_digest(store, config, digest_id, now)
    assert first[0][0] == "hook" and first[0][1] is False and "503" in (first[0][2] or "")
    assert outbox.send_digest(store, config, digest_id, now) == [("hook", True, None)]
    assert outbox.send_digest(store, config, digest_id, now) == [("hook", True, None)]
    assert [path for path, _, status in webhook.received if status == 200] == ["/digests"]
    [body] = webhook.delivered()
    assert body["title"] == "monitor manual digest: 1 alert (2026-11-30)"
    assert "JF-17 story" in body["message"]
    store.close()


# -- the schedule ---------------------------------------------------------------------------


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_daily_time_follows_the_wall_clock_across_dst() -> None:
    paris = "Europe/Paris"  # CET (UTC+1) until 29 March 2026 02:00, then CEST (UTC+2)
    assert latest_daily("07:00", paris, utc(2026, 3, 28, 6, 0)) == utc(2026, 3, 28, 6, 0)
    assert latest_daily("07:00", paris, utc(2026, 3, 28, 5, 59)) == utc(2026, 3, 27, 6, 0)
    assert latest_daily("07:00", paris, utc(2026, 3, 29, 5, 30)) == utc(2026, 3, 29, 5, 0)
    assert latest_daily("07:00", paris, utc(2026, 3, 29, 4, 59)) == utc(2026, 3, 28, 6, 0)
    # 02:30 does not exist on 29 March: it falls an hour later (03:30 CEST, 01:30 UTC).
    assert latest_daily("02:30", paris, utc(2026, 3, 29, 3, 0)) == utc(2026, 3, 29, 1, 30)
    # 02:30 happens twice on 25 October: the first one counts, once.
    assert latest_daily("02:30", paris, utc(2026, 10, 25, 0, 30)) == utc(2026, 10, 25, 0, 30)
    assert latest_daily("02:30", paris, utc(2026, 10, 25, 1, 45)) == utc(2026, 10, 25, 0, 30)
    assert latest_daily("07:00", paris, utc(2026, 10, 25, 6, 0)) == utc(2026, 10, 25, 6, 0)
    assert latest_daily("23:30", "Asia/Kolkata", utc(2026, 11, 30, 17, 0)) == utc(
        2026, 11, 29, 18, 0
    )


def test_weekly_time_is_the_latest_such_weekday() -> None:
    zone = "Europe/Paris"
    monday_7 = utc(2026, 11, 30, 6, 0)  # Monday 30 Nov 2026, 07:00 in Paris
    assert latest_weekly("mon 07:00", zone, monday_7) == monday_7
    assert latest_weekly("mon 07:00", zone, monday_7 - timedelta(seconds=1)) == utc(
        2026, 11, 23, 6, 0
    )
    assert latest_weekly("sun 22:00", zone, monday_7) == utc(2026, 11, 29, 21, 0)
    assert latest_weekly("wed 07:00", zone, monday_7) == utc(2026, 11, 25, 6, 0)
    # Across the spring change: the Sunday before is CET, the Sunday after CEST.
    assert latest_weekly("sun 07:00", zone, utc(2026, 4, 1, 12, 0)) == utc(2026, 3, 29, 5, 0)
    assert latest_weekly("sun 07:00", zone, utc(2026, 3, 29, 4, 0)) == utc(2026, 3, 22, 6, 0)


def test_scheduled_lists_only_the_configured_kinds() -> None:
    now = utc(2026, 11, 30, 12, 0)
    both = scheduled(DigestSchedule("07:00", "mon 07:00", "UTC"), now)
    assert [(d.kind, d.end) for d in both] == [
        ("daily", utc(2026, 11, 30, 7, 0)), ("weekly", utc(2026, 11, 30, 7, 0)),
    ]
    assert scheduled(DigestSchedule(None, None, "UTC"), now) == []


# -- found in review ----------------------------------------------------------------------


def test_a_digest_that_cannot_be_saved_does_not_stop_immediate_alerts(
    tmp_path: Path, webhook: Webhook
) -> None:
    config = make_config(tmp_path, [{"name": "hook", "url": webhook.url()}],
                         'daily = "07:00"\nweekly = false')
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    (config.state_dir / "digests").write_text("not a folder")  # saving any digest fails
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, now)
    add_entry(store, "Tata news", now)
    match_pending(store, rules, now)
    tick(deliverer, config, rules, now)
    assert [body["title"] for body in webhook.delivered()] == ["[tata] Tata news"]
    store.close()


def test_a_slow_channel_does_not_hold_up_the_others(tmp_path: Path) -> None:
    slow, fast = Webhook(), Webhook()
    try:
        config = make_config(tmp_path, [
            {"name": "slow", "url": slow.url(), "digests": False},
            {"name": "fast", "url": fast.url(), "digests": False},
        ])
        rules = rules_for(config)
        store = SqliteStorage(config.state_dir)
        now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
        deliverer = Deliverer(store)
        tick(deliverer, config, rules, now)
        slow.gate.clear()  # slow receives but does not answer until the gate opens

        async def run() -> None:
            add_entry(store, "Tata first", now)
            match_pending(store, rules, now)
            deliverer.tick(config, rules.book, now)
            await until(lambda: len(fast.delivered()) == 1 and len(slow.keys) == 1)
            add_entry(store, "Tata second", now)
            match_pending(store, rules, now)


            def ticked_until_fast_has_both() -> bool:  # the daemon ticks on meanwhile
                deliverer.tick(config, rules.book, now)
                return len(fast.delivered()) == 2

            await until(ticked_until_fast_has_both)
            assert slow.received == []  # slow still has not answered its first
            slow.gate.set()
            await deliverer.wait(timeout=30)

        asyncio.run(run())
        slow.delay = 0.0
        tick(deliverer, config, rules, now)
        assert len(slow.delivered()) == 2 and len(fast.delivered()) == 2
        store.close()
    finally:
        slow.stop()
        fast.stop()


def test_turning_immediate_on_does_not_flood_the_channel_with_old_alerts(
    tmp_path: Path, webhook: Webhook
) -> None:
    off = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "immediate": False}])
    rules = rules_for(off)
    store = SqliteStorage(off.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, off, rules, now)
    for n in range(3):
        add_entry(store, f"Tata story {n}", now)
    match_pending(store, rules, now)
    tick(deliverer, off, rules, now)
    assert webhook.received == []

    on = make_config(tmp_path, [{"name": "hook", "url": webhook.url()}])
    later = now + timedelta(hours=1)
    tick(deliverer, on, rules, later)
    assert webhook.received == []  # the alerts from while it was off are not pushed now
    add_entry(store, "Tata story after", later)
    match_pending(store, rules, later)
    tick(deliverer, on, rules, later)
    assert [body["title"] for body in webhook.delivered()] == ["[tata] Tata story after"]
    store.close()


def test_turning_digests_on_sends_only_the_digests_from_then_on(
    tmp_path: Path, webhook: Webhook
) -> None:
    daily = 'daily = "07:00"\nweekly = false'
    off = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "digests": False,
                                  "immediate": False}], daily)
    rules = rules_for(off)
    store = SqliteStorage(off.state_dir)
    day = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, off, rules, day)
    titles = ["JF-17 deal signed in Rabat", "Karachi shipyard shows a JF-17 simulator",
              "Parliament debates the JF-17 budget"]
    for n, title in enumerate(titles):  # three daily digests with an alert each, while off
        add_entry(store, title, day + timedelta(days=n))
        match_pending(store, rules, day + timedelta(days=n))
        tick(deliverer, off, rules, day + timedelta(days=n + 1))
    assert webhook.received == []

    on = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "immediate": False}],
                     daily)
    add_entry(store, "Air show opens with JF-17 Thunder", day + timedelta(days=3))
    match_pending(store, rules, day + timedelta(days=3))
    for restart in (False, True):  # also after a restart, which looks for missed digests
        if restart:
            deliverer = Deliverer(store)
        tick(deliverer, on, rules, day + timedelta(days=4))
        [body] = webhook.delivered()
        assert "Air show" in body["message"] and "Parliament" not in body["message"]
    store.close()
