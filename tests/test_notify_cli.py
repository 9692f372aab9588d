"""`monitor notify` as a user runs it: test messages reach a local webhook, mistakes get
one line, and `notify list` / `notify retry` show and resend deliveries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_main
from test_delivery import Webhook, add_entry, make_config, rules_for, tick

from monitor.alerts import match_pending
from monitor.delivery import Deliverer, outbox
from monitor.storage.sqlite import SqliteStorage


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test in its own folder, with no MONITOR_* variables from outside."""
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.delenv("MONITOR_STATE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.stop()


def test_notify_test_reaches_the_channel(
    tmp_path: Path, webhook: Webhook, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_config(tmp_path, [
        {"name": "hook", "url": webhook.url("/a")},
        {"name": "other", "url": webhook.url("/b")},
    ])
    code, out, err = run_main(monkeypatch, capsys, "notify", "test", "hook")
    assert (code, out, err) == (0, "sent a test message to hook\n", "")
    [(path, body, status)] = webhook.received
    assert path == "/a" and status == 200
    assert body["title"] == "monitor test message" and "the channel works" in body["message"]
    code, out, _ = run_main(monkeypatch, capsys, "notify", "test")
    assert code == 0 and out.splitlines() == [
        "sent a test message to hook", "sent a test message to other",
    ]
    assert [p for p, _, _ in webhook.received] == ["/a", "/a", "/b"]


def test_notify_test_failures_are_one_line(
    tmp_path: Path, webhook: Webhook, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_config(tmp_path, [
        {"name": "hook", "url": webhook.url()},
        {"name": "typo", "url": "nosuchservice://127.0.0.1/x"},
    ])
    webhook.statuses = [500]
    code, out, err = run_main(monkeypatch, capsys, "notify", "test", "hook")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("monitor: error: channel hook: not sent:")
    assert "500" in err and "Traceback" not in err

    code, _, err = run_main(monkeypatch, capsys, "notify", "test", "typo")
    assert code == 1 and err.count("\n") == 1 and "bad Apprise URL" in err

    code, _, err = run_main(monkeypatch, capsys, "notify", "test", "nope")
    assert code == 1
    assert err == "monitor: error: no channel named 'nope'; configured channels: hook, typo\n"

    make_config(tmp_path, [])
    code, _, err = run_main(monkeypatch, capsys, "notify", "test")
    assert code == 1 and err.count("\n") == 1 and "add a [[channel]]" in err


def test_notify_list_and_retry(
    tmp_path: Path, webhook: Webhook, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = make_config(tmp_path, [{"name": "hook", "url": webhook.url(), "digests": False}])
    rules = rules_for(config)
    store = SqliteStorage(config.state_dir)
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliverer = Deliverer(store)
    tick(deliverer, config, rules, now)
    add_entry(store, "Tata one", now)
    add_entry(store, "Tata two", now)
    match_pending(store, rules, now)
    webhook.statuses = [500]
    tick(deliverer, config, rules, now)  # the first fails, so the channel waits a tick
    tick(deliverer, config, rules, now)  # the second goes out
    [first] = outbox.due(store, now + timedelta(hours=1))
    assert first.attempts == 1
    assert outbox.claim(store, first.id)  # then a send cut off by a crash
    store.close()
    store = SqliteStorage(config.state_dir)
    Deliverer(store).recover(now)
    store.close()

    code, out, _ = run_main(monkeypatch, capsys, "notify", "list")
    assert code == 0
    lines = out.splitlines()
    assert "sent" in lines[0] and "alert [tata] Tata two" in lines[0]
    assert "interrupted" in lines[1] and "alert [tata] Tata one" in lines[1]
    assert "may or may not have arrived" in lines[2]
    assert "all deliveries: 1 sent, 1 interrupted" in out
    assert "monitor notify retry" in out

    code, out, _ = run_main(
        monkeypatch, capsys, "notify", "list", "--json", "--status", "interrupted"
    )
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["id"] == first.id and row["status"] == "interrupted" and row["attempts"] == 1

    code, out, _ = run_main(monkeypatch, capsys, "notify", "retry", str(first.id))
    assert code == 0 and f"delivery {first.id} to hook queued" in out
    assert "no daemon is running: `monitor run` sends it" in out
    from monitor.daemon import daemon_running, state_lock

    with state_lock(config.state_dir):  # as a running daemon holds it
        assert daemon_running(config.state_dir)
    assert not daemon_running(config.state_dir)
    code, _, err = run_main(monkeypatch, capsys, "notify", "retry", "999")
    assert code == 1 and "no delivery 999" in err
    store = SqliteStorage(config.state_dir)
    tick(Deliverer(store), config, rules, datetime.now(UTC))  # retry queues it for "now"
    assert sorted(body["title"] for body in webhook.delivered()) == [
        "[tata] Tata one", "[tata] Tata two",
    ]
    assert outbox.counts(store) == {"sent": 2}
    store.close()
