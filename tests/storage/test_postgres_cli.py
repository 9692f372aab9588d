"""The commands a user runs, on PostgreSQL: poll a local feed, search it, match rules,
list the alerts and the sources' status, with `--database postgresql://…`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FeedServer, Reply, rss, run_main, write_config

RULES = """
[[rule]]
id = "jf17"
query = '"JF-17" OR Loudiyi'
severity = "high"
"""


def test_poll_search_alerts_and_status_on_postgresql(
    tmp_path: Path, pg_url: str, server: FeedServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.routes["/feed"] = Reply(200, rss([
        {"guid": "1", "title": "Pakistan delivers JF-17 jets", "link": "https://n.example/1",
         "description": "The JF‑17 Thunder arrives."},
        {"guid": "2", "title": "الجيش المغربي يستقبل لوديي", "link": "https://n.example/2",
         "description": "Loudíyi visita la base."},
        {"guid": "3", "title": "Harbour weather", "link": "https://n.example/3",
         "description": "Calm seas."},
    ]), {"Content-Type": "application/rss+xml"})
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "watch.toml").write_text(RULES, encoding="utf-8")
    config = write_config(tmp_path / "monitor.toml", [server.url("/feed")],
                          rules=str(tmp_path / "rules"))
    monkeypatch.setenv("MONITOR_DATABASE", pg_url)

    def ok(*args: str) -> str:
        code, out, err = run_main(monkeypatch, capsys, "--config", str(config), *args)
        assert code == 0, err
        return out

    ok("poll")
    titles = [e["title"] for e in json.loads(ok("search", "--json", "jf17"))["entries"]]
    assert titles == ["Pakistan delivers JF-17 jets"]
    assert [e["title"] for e in json.loads(ok("search", "--json", "لوديي"))["entries"]] == [
        "الجيش المغربي يستقبل لوديي"]
    alerts = json.loads(ok("alerts", "--json"))["alerts"]
    assert sorted(a["title"] for a in alerts) == [
        "Pakistan delivers JF-17 jets", "الجيش المغربي يستقبل لوديي"]
    status = ok("status", "--json")
    assert server.url("/feed") in status
    assert not (tmp_path / "state" / "monitor.db").exists()  # nothing went to SQLite
