"""A real daemon killed while a webhook is still answering: at the next start the alert
is sent again with the same delivery id, so it is never lost and the receiver can drop
the repeat."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FeedServer, Reply, rss, write_config
from test_daemon import _query, _spawn, _wait
from test_delivery import Webhook


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.stop()


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_kill_during_a_send_resends_it_with_the_same_delivery_id(
    tmp_path: Path, server: FeedServer, webhook: Webhook, procs: list
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "watch.toml").write_text(
        '[[rule]]\nid = "loudiyi"\nquery = "Loudiyi"\ndeliver = "immediate"\n'
    )
    server.routes["/feed.xml"] = Reply(body=rss(
        [{"guid": "a", "title": "Loudiyi meets envoy", "link": "https://e.org/a"}]
    ))
    cfg = write_config(tmp_path / "monitor.toml", [server.url("/feed.xml")], tick="0.2s",
                       parse_workers=1, interval="1h")
    with cfg.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[digest]\ndaily = false\nweekly = false\n\n[[channel]]\nname = "hook"\n'
                     f'url = "{webhook.url()}"\ndigests = false\ntimeout = "20s"\n')
    db = tmp_path / "state" / "monitor.db"
    webhook.delay = 5.0  # the request arrives; the answer does not come before the kill
    first = _spawn(cfg)
    procs.append(first)
    _wait(lambda: len(webhook.keys) == 1)
    assert _query(db, "SELECT status FROM deliveries") == [("sending",)]
    first.kill()
    first.wait()

    webhook.delay = 0.0
    second = _spawn(cfg)
    procs.append(second)
    _wait(lambda: _query(db, "SELECT status FROM deliveries") == [("sent",)])
    second.send_signal(signal.SIGTERM)
    _, err = second.communicate(timeout=20)
    assert second.returncode == 0
    assert len(webhook.keys) == 2 and webhook.keys[0] == webhook.keys[1] is not None
    _wait(lambda: len(webhook.received) == 2)  # the first answer, at last
    bodies = [body for _, body, _ in webhook.received]
    assert bodies[0]["delivery_id"] == bodies[1]["delivery_id"] == webhook.keys[0]
    assert "sending it again with the same delivery id" in err
