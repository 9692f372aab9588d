"""Hits and alerts: canonical URLs, matching new and changed entries as they are polled,
folding one story seen in several feeds into one alert, matching exactly once, catching
up after broken rules are fixed, and `monitor alerts` with its filters and `mark`."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import FeedServer, Reply, rss, write_config

from monitor.alerts import Rules, canonical_url, match_pending
from monitor.cli import cli
from monitor.config import load_config
from monitor.pipeline import Poller
from monitor.schedule import iso, utcnow
from monitor.storage.sqlite import DB_NAME, SqliteStorage

FEED_TYPE = {"Content-Type": "application/rss+xml"}
RULES = """\
# Watch rules for the JF-17 story.
[[rule]]
id = "jf17"
query = '"JF-17" OR Loudiyi'
severity = "high"

[[rule]]
id = "harbour"
query = "harbour NEAR/3 strike"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


class Env:
    """A config with feeds served by the test server, a rules folder and a state dir."""

    def __init__(self, tmp_path: Path, server: FeedServer, feeds: list[str]) -> None:
        self.server = server
        self.rules = tmp_path / "rules"
        self.rules.mkdir(exist_ok=True)
        self.rule_file = self.rules / "watch.toml"
        self.rule_file.write_text(RULES, encoding="utf-8")
        self.state = tmp_path / "state"
        self.urls = {name: server.url(f"/{name}.xml") for name in feeds}
        for name in feeds:
            self.serve(name, [])
        self.config = write_config(tmp_path / "monitor.toml", list(self.urls.values()),
                                   parse_workers=1)

    def serve(self, feed: str, items: list[dict[str, str]]) -> None:
        self.server.routes[f"/{feed}.xml"] = Reply(200, rss(items, title=feed), FEED_TYPE)

    def invoke(self, *args: str) -> Result:
        return CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), *args]
        )

    def ok(self, *args: str) -> Result:
        result = self.invoke(*args)
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    def poll(self) -> dict[str, Any]:
        return json.loads(self.ok("poll", "--json").stdout)

    def alerts(self, *args: str) -> list[dict[str, Any]]:
        return json.loads(self.ok("alerts", "--json", *args).stdout)["alerts"]

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.state / DB_NAME)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def hits(self) -> list[tuple[str, str]]:
        """(rule id, entry guid) of every stored hit."""
        rows = self.query(
            "SELECT h.rule_id, e.guid FROM hits h JOIN entries e ON e.id = h.entry_id"
        )
        return sorted((rule, guid.removeprefix("urn:test:")) for rule, guid in rows)

    def pending(self) -> int:
        return self.query("SELECT count(*) FROM entries WHERE match_pending = 1")[0][0]


def item(guid: str, title: str, body: str = "", link: str | None = None) -> dict[str, str]:
    return {
        "guid": f"urn:test:{guid}", "title": title, "link": link or f"https://news.example/{guid}",
        "description": f"<p>{body}</p>" if body else "<p>Nothing to see.</p>",
    }


@pytest.fixture
def env(tmp_path: Path, server: FeedServer) -> Env:
    return Env(tmp_path, server, ["a", "b"])


# -- canonical URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/story", "example.org/story"),
        ("http://example.org/story", "example.org/story"),
        ("https://www.example.org/story", "example.org/story"),
        ("https://WWW.Example.ORG/story", "example.org/story"),
        ("https://example.org/story/", "example.org/story"),
        ("https://example.org/story#comments", "example.org/story"),
        ("https://example.org/story?utm_source=rss&utm_medium=feed", "example.org/story"),
        ("https://example.org/story?fbclid=abc", "example.org/story"),
        ("https://example.org/story?gclid=abc&mc_cid=1&ref=twitter", "example.org/story"),
        ("https://example.org/story?id=7&utm_campaign=x", "example.org/story?id=7"),
        ("https://example.org/story?b=2&a=1", "example.org/story?a=1&b=2"),
        ("https://example.org/story/?z=1&utm_term=x&a=2#top", "example.org/story?a=2&z=1"),
        ("https://example.org/", "example.org"),
        ("https://example.org:8080/x", "example.org:8080/x"),
        ("https://example.org/news/7;jsessionid=A1B2?id=7", "example.org/news/7?id=7"),
        ("https://example.org/news.php?id=7&PHPSESSID=abc&sid=9", "example.org/news.php?id=7"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_is_the_same_for_one_story_shared_with_tracking() -> None:
    plain = canonical_url("https://news.example/2024/jf17-deal")
    assert canonical_url("http://www.news.example/2024/jf17-deal/?utm_source=a#x") == plain
    assert canonical_url("https://news.example/2024/jf17-deal?fbclid=zz&utm_medium=b") == plain


def test_canonical_url_keeps_what_identifies_the_page() -> None:
    assert canonical_url("https://example.org/s?id=1") != canonical_url("https://example.org/s?id=2")
    assert canonical_url("https://example.org/a") != canonical_url("https://example.org/b")
    assert canonical_url("https://a.example/s") != canonical_url("https://b.example/s")


@pytest.mark.parametrize("url", [None, "", "not a url", "/relative/path"])
def test_canonical_url_of_nothing_usable_is_none(url: str | None) -> None:
    assert canonical_url(url) is None


# -- matching as entries are polled -------------------------------------------------------


def test_a_new_matching_entry_creates_a_hit_and_an_alert(env: Env) -> None:
    env.serve("a", [
        item("1", "Air force news", "Pakistan delivers more JF-17 Thunder jets to Nigeria."),
        item("2", "Weather", "Sunny all week."),
    ])
    counts = env.poll()
    assert counts["new_entries"] == 2
    assert counts["new_alerts"] == 1
    assert env.hits() == [("jf17", "1")]
    (alert,) = env.alerts()
    assert set(alert) == {"id", "rule", "rules", "severity", "status", "starred", "title",
                          "link", "sources", "first_seen", "snippet", "marks"}
    assert alert["rule"] == "jf17"
    assert alert["rules"] == ["jf17"]
    assert alert["severity"] == "high"
    assert alert["status"] == "new"
    assert alert["title"] == "Air force news"
    assert alert["link"] == "https://news.example/1"
    assert alert["sources"] == [env.urls["a"]]
    assert [alert["snippet"][a:b] for a, b in alert["marks"]] == ["JF-17"]
    assert "**" not in alert["snippet"]
    assert datetime.fromisoformat(alert["first_seen"].replace("Z", "+00:00")) <= datetime.now(UTC)
    assert env.pending() == 0


def test_a_hit_records_its_terms_and_snippet(env: Env) -> None:
    env.serve("a", [item("1", "Loudiyi in Islamabad", "The minister Loudiyi met officials.")])
    env.poll()
    ((terms, snippet, marks),) = env.query("SELECT terms, snippet, marks FROM hits")
    found = json.loads(terms)
    assert {t["term"] for t in found} == {"Loudiyi"}
    assert {t["field"] for t in found} >= {"title"}
    assert all(t["text"] == "Loudiyi" for t in found)
    assert [snippet[a:b] for a, b in json.loads(marks)] == ["Loudiyi"]


def test_the_text_listing_shows_the_alert(env: Env) -> None:
    env.serve("a", [item("1", "JF-17 order", "More JF-17 jets.")])
    env.poll()
    out = env.ok("alerts").stdout
    assert "(high)" in out and "rules: jf17" in out and "JF-17 order" in out and "[new]" in out
    assert all(len(line) <= 80 for line in out.splitlines())  # a pipe gets 80 columns


def test_an_entry_matching_two_rules_is_one_story_with_both_rules(env: Env) -> None:
    env.serve("a", [item("1", "Loudiyi visits", "A harbour workers strike greeted Loudiyi.")])
    assert env.poll()["new_alerts"] == 1
    assert env.hits() == [("harbour", "1"), ("jf17", "1")]
    (story,) = env.alerts()
    assert story["rules"] == ["jf17", "harbour"]  # highest severity first
    assert story["rule"] == "jf17"
    assert story["severity"] == "high"
    assert story["starred"] is False
    assert [a["id"] for a in env.alerts("--rule", "harbour")] == [story["id"]]
    assert [a["id"] for a in env.alerts("--rule", "jf17")] == [story["id"]]


def test_one_story_in_two_feeds_with_tracking_links_is_one_alert(env: Env) -> None:
    env.serve("a", [item("a1", "Nigeria buys JF-17", "Deal for JF-17 jets.",
                         link="https://news.example/jf17-deal?utm_source=feed-a")])
    env.serve("b", [item("b1", "JF-17 deal signed with Nigeria", "The JF-17 deal is done.",
                         link="https://www.news.example/jf17-deal/?utm_source=b&fbclid=1")])
    counts = env.poll()
    assert counts["new_entries"] == 2
    assert counts["new_alerts"] == 1
    assert len(env.hits()) == 2
    (alert,) = env.alerts()
    assert sorted(alert["sources"]) == sorted(env.urls.values())


def test_one_story_with_different_links_but_near_identical_titles_is_one_alert(
    env: Env,
) -> None:
    env.serve("a", [item("a1", "Pakistan delivers JF-17 Thunder jets to Nigeria",
                         "JF-17 news.", link="https://first.example/story/1")])
    env.serve("b", [item("b1", "Pakistan delivers JF-17 Thunder jets to Nigeria.",
                         "JF-17 news.", link="https://second.example/2024/other-slug")])
    assert env.poll()["new_alerts"] == 1
    (alert,) = env.alerts()
    assert sorted(alert["sources"]) == sorted(env.urls.values())


def test_a_different_story_is_a_second_alert(env: Env) -> None:
    env.serve("a", [item("a1", "Nigeria buys JF-17 jets", "JF-17 deal.",
                         link="https://news.example/jf17-deal")])
    env.poll()
    env.serve("b", [item("b1", "Azerbaijan considers JF-17 Block III upgrade",
                         "JF-17 upgrade.", link="https://news.example/jf17-upgrade")])
    assert env.poll()["new_alerts"] == 1
    alerts = env.alerts()
    assert len(alerts) == 2
    assert [a["sources"] for a in alerts] == [[env.urls["b"]], [env.urls["a"]]]  # newest first


def test_the_same_story_for_two_rules_in_two_feeds_is_one_row(env: Env) -> None:
    env.serve("a", [item("a1", "Loudiyi and the harbour strike", "JF-17 too",
                         link="https://news.example/s")])
    env.serve("b", [item("b1", "Harbour strike", "Loudiyi: the harbour strike goes on",
                         link="https://news.example/s?utm_source=b")])
    env.poll()
    (story,) = env.alerts()
    assert story["rules"] == ["jf17", "harbour"]
    assert sorted(story["sources"]) == sorted(env.urls.values())


def test_a_changed_entry_that_now_matches_gets_a_hit_but_only_once(env: Env) -> None:
    env.serve("a", [item("1", "Defence budget", "Numbers for the year.")])
    assert env.poll()["new_alerts"] == 0
    assert env.hits() == []

    env.serve("a", [item("1", "Defence budget", "Numbers for the year, and a JF-17 order.")])
    counts = env.poll()
    assert counts["updated_entries"] == 1
    assert counts["new_alerts"] == 1
    assert env.hits() == [("jf17", "1")]

    env.serve("a", [item("1", "Defence budget", "Numbers, a JF-17 order, and Loudiyi.")])
    counts = env.poll()
    assert counts["updated_entries"] == 1
    assert counts["new_alerts"] == 0
    assert env.hits() == [("jf17", "1")]
    assert len(env.alerts()) == 1
    assert env.pending() == 0


def test_entries_are_matched_once(env: Env) -> None:
    env.serve("a", [item("1", "JF-17", "JF-17 jets."), item("2", "Other", "Nothing.")])
    assert env.poll()["new_alerts"] == 1
    for _ in range(2):
        counts = env.poll()
        assert (counts["new_entries"], counts["updated_entries"], counts["new_alerts"]) == (0, 0, 0)
    assert env.hits() == [("jf17", "1")]
    assert len(env.alerts()) == 1
    assert env.query("SELECT count(*) FROM alerts")[0][0] == 1


def test_a_poll_that_brings_nothing_new_compiles_no_rules(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The matcher is built when an entry is there to match: a poll of unchanged feeds
    (a cron job's usual run) only loads and checks the rule files."""
    import monitor.alerts

    compiled: list[int] = []
    compile_rules = monitor.alerts.compile_rules

    def counting(rules: Any) -> Any:
        compiled.append(1)
        return compile_rules(rules)

    monkeypatch.setattr(monitor.alerts, "compile_rules", counting)
    env.serve("a", [item("1", "JF-17", "JF-17 jets.")])
    assert env.poll()["new_alerts"] == 1
    assert compiled == [1]
    assert env.poll()["new_entries"] == 0
    assert compiled == [1]  # the second poll had nothing to match


def test_a_disabled_rule_does_not_match(env: Env) -> None:
    env.ok("rules", "disable", "jf17")
    env.serve("a", [item("1", "JF-17", "JF-17 jets.")])
    assert env.poll()["new_alerts"] == 0
    assert env.hits() == []


def test_entries_stored_while_rules_are_broken_wait_and_match_once_fixed(env: Env) -> None:
    env.rule_file.write_text(RULES.replace('"harbour NEAR/3 strike"', '"harbour AND ("'))
    env.serve("a", [item("1", "JF-17", "JF-17 jets.")])
    result = env.ok("poll", "--json")
    assert json.loads(result.stdout)["new_entries"] == 1
    assert "rules check" in result.stderr
    assert env.hits() == []
    assert env.pending() == 1

    env.serve("a", [item("1", "JF-17", "JF-17 jets."), item("2", "Loudiyi", "Loudiyi speaks.")])
    env.poll()  # still broken: nothing is matched, everything waits
    assert env.hits() == []
    assert env.pending() == 2

    env.rule_file.write_text(RULES, encoding="utf-8")
    env.serve("a", [item("1", "JF-17", "JF-17 jets."), item("2", "Loudiyi", "Loudiyi speaks."),
                    item("3", "JF-17 again", "More JF-17 news.")])
    env.poll()
    assert env.hits() == [("jf17", "1"), ("jf17", "2"), ("jf17", "3")]
    assert env.pending() == 0


def test_pending_entries_are_matched_by_the_next_poll_after_the_fix_even_if_the_feed_is_unchanged(
    env: Env,
) -> None:
    """The fix alone must be enough: a quiet feed (nothing new) still gets its waiting
    entries matched by `monitor poll`, not only by the daemon's tick."""
    env.rule_file.write_text("[[rule]]\nid = \n", encoding="utf-8")
    env.serve("a", [item("1", "JF-17", "JF-17 jets.")])
    env.poll()
    assert env.pending() == 1

    env.rule_file.write_text(RULES, encoding="utf-8")
    counts = env.poll()  # the feed has not changed
    assert env.hits() == [("jf17", "1")]
    assert counts["new_alerts"] == 1
    assert env.pending() == 0


def test_match_pending_catches_up_on_every_source_once_rules_are_in_force(env: Env) -> None:
    """What the daemon's tick does: match whatever is waiting, all sources at once."""
    env.rule_file.write_text("[[rule]]\nid = \n", encoding="utf-8")
    env.serve("a", [item("1", "JF-17", "JF-17 jets.")])
    env.serve("b", [item("2", "Loudiyi", "Loudiyi speaks.", link="https://other.example/x")])
    env.poll()
    assert env.pending() == 2

    rules = Rules(env.rules)
    rules.refresh()
    store = SqliteStorage(env.state)
    try:
        assert match_pending(store, rules, utcnow()) == (0, 0)  # still broken: nothing done
        assert env.pending() == 2
        env.rule_file.write_text(RULES, encoding="utf-8")
        os.utime(env.rule_file, ns=(0, env.rule_file.stat().st_mtime_ns + 10**9))
        assert rules.refresh() is True
        assert match_pending(store, rules, utcnow()) == (2, 2)
        assert match_pending(store, rules, utcnow()) == (0, 0)
    finally:
        store.close()
    assert env.hits() == [("jf17", "1"), ("jf17", "2")]
    assert env.pending() == 0


def test_polling_in_process_with_a_rules_object(env: Env) -> None:
    env.serve("a", [item("1", "Loudiyi", "Loudiyi and JF-17.")])
    env.serve("b", [item("2", "Weather", "Rain.")])
    config = load_config(str(env.config), str(env.state))
    rules = Rules(env.rules)
    assert rules.refresh()

    async def go() -> list[Any]:
        store = SqliteStorage(config.state_dir)
        try:
            store.sync_sources(config.sources, utcnow())
            async with Poller(store, config, rules=rules) as poller:
                return await poller.poll(store.sources())
        finally:
            store.close()

    results = asyncio.run(go())
    by_url = {r.url: r for r in results}
    assert (by_url[env.urls["a"]].hits, by_url[env.urls["a"]].new_alerts) == (1, 1)
    assert (by_url[env.urls["b"]].hits, by_url[env.urls["b"]].new_alerts) == (0, 0)
    assert env.hits() == [("jf17", "1")]


def test_while_a_file_is_broken_the_last_good_rules_keep_matching(env: Env) -> None:
    """The daemon's case: one Rules object across polls; a broken edit must not stop alerts."""
    config = load_config(str(env.config), str(env.state))
    rules = Rules(env.rules)
    assert rules.refresh()

    async def poll_once() -> None:
        rules.refresh()
        store = SqliteStorage(config.state_dir)
        try:
            store.sync_sources(config.sources, utcnow())
            async with Poller(store, config, rules=rules) as poller:
                await poller.poll(store.sources())
        finally:
            store.close()

    env.serve("a", [item("1", "JF-17", "JF-17 jets.")])
    asyncio.run(poll_once())
    assert env.hits() == [("jf17", "1")]

    env.rule_file.write_text(RULES + '\n[[rule]]\nid = "new"\nquery = "Weather AND ("\n')
    os.utime(env.rule_file, ns=(0, env.rule_file.stat().st_mtime_ns + 10**9))
    env.serve("a", [item("1", "JF-17", "JF-17 jets."), item("2", "Loudiyi", "Loudiyi again."),
                    item("3", "Weather", "Weather report.")])
    asyncio.run(poll_once())
    assert rules.error is not None
    assert env.hits() == [("jf17", "1"), ("jf17", "2")]
    assert env.pending() == 0


def test_entries_without_a_web_link_are_separate_stories(env: Env) -> None:
    """No canonical URL (feedparser falls back to the urn: guid): each entry is its own story."""
    env.serve("a", [{"guid": "urn:test:1", "title": "JF-17 one", "description": "JF-17"},
                    {"guid": "urn:test:2", "title": "Loudiyi two", "description": "Loudiyi"}])
    assert env.poll()["new_alerts"] == 2
    assert sorted(a["title"] for a in env.alerts()) == ["JF-17 one", "Loudiyi two"]


# -- monitor alerts: filters and marks ------------------------------------------------------


@pytest.fixture
def three_alerts(env: Env) -> Env:
    """Alerts 1 and 2 for jf17 (alert 1 backdated 30 days) and 3 for harbour."""
    env.serve("a", [item("1", "Old JF-17 story", "JF-17.")])
    env.poll()
    env.serve("a", [item("1", "Old JF-17 story", "JF-17."),
                    item("2", "New Loudiyi story", "Loudiyi.")])
    env.poll()
    env.serve("b", [item("3", "Dockers", "The harbour strike.")])
    env.poll()
    old = iso(utcnow() - timedelta(days=30))
    conn = sqlite3.connect(env.state / DB_NAME)
    with conn:
        conn.execute("UPDATE alerts SET first_seen = ?, last_seen = ? WHERE id = 1", (old, old))
    conn.close()
    assert sorted(a["id"] for a in env.alerts()) == [1, 2, 3]
    return env


def test_alerts_are_listed_newest_first(three_alerts: Env) -> None:
    assert [a["id"] for a in three_alerts.alerts()] == [3, 2, 1]


def test_alerts_filter_by_rule(three_alerts: Env) -> None:
    assert sorted(a["id"] for a in three_alerts.alerts("--rule", "jf17")) == [1, 2]
    assert [a["id"] for a in three_alerts.alerts("--rule", "harbour")] == [3]
    assert three_alerts.alerts("--rule", "nothing") == []


def test_alerts_filter_by_since(three_alerts: Env) -> None:
    assert sorted(a["id"] for a in three_alerts.alerts("--since", "7d")) == [2, 3]
    assert sorted(a["id"] for a in three_alerts.alerts("--since", "60d")) == [1, 2, 3]
    assert [a["id"] for a in three_alerts.alerts("--since", "7d", "--rule", "jf17")] == [2]


def test_alerts_limit(three_alerts: Env) -> None:
    assert [a["id"] for a in three_alerts.alerts("--limit", "2")] == [3, 2]


def test_alerts_mark_and_filter_by_status(three_alerts: Env) -> None:
    env = three_alerts
    assert "marked 2 alert(s) read" in env.ok("alerts", "mark", "1", "3", "read").stdout
    assert sorted(a["id"] for a in env.alerts("--status", "read")) == [1, 3]
    assert [a["id"] for a in env.alerts("--status", "new")] == [2]
    env.ok("alerts", "mark", "2", "starred")
    env.ok("alerts", "mark", "1", "starred")
    env.ok("alerts", "mark", "3", "dismissed")
    # starring leaves new and read as they were; dismissed leaves the default view
    assert {a["id"]: (a["status"], a["starred"]) for a in env.alerts()} == {
        1: ("read", True), 2: ("new", True)}
    assert [a["id"] for a in env.alerts("--status", "dismissed")] == [3]
    assert sorted(a["id"] for a in env.alerts("--status", "starred")) == [1, 2]
    assert sorted(a["id"] for a in env.alerts("--status", "all")) == [1, 2, 3]
    env.ok("alerts", "mark", "1", "unstarred")
    env.ok("alerts", "mark", "1", "2", "3", "new")
    assert {(a["status"], a["starred"]) for a in env.alerts()} == {("new", False), ("new", True)}


def test_alerts_mark_an_unknown_id_is_an_error_and_changes_nothing(three_alerts: Env) -> None:
    result = three_alerts.invoke("alerts", "mark", "1", "99", "read")
    assert result.exit_code == 1
    assert "no alert 99" in str(result.exception)
    assert {a["status"] for a in three_alerts.alerts()} == {"new"}


def test_alerts_mark_an_unknown_status_is_an_error(three_alerts: Env) -> None:
    result = three_alerts.invoke("alerts", "mark", "1", "archived")
    assert result.exit_code == 1
    assert "archived" in str(result.exception)
    assert "new, read, starred, unstarred, dismissed" in str(result.exception)
    assert {a["status"] for a in three_alerts.alerts()} == {"new"}


def test_alerts_status_filter_rejects_an_unknown_status(three_alerts: Env) -> None:
    result = three_alerts.invoke("alerts", "--status", "archived")
    assert result.exit_code == 2
    assert "archived" in result.output


def run_module(env: Env, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(env.config), "--state",
         str(env.state), *args],
        env=environ, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "99", "read"), "no alert 99; `monitor alerts` lists their ids"),
        (("1", "archived"),
         "status 'archived': use one of new, read, starred, unstarred, dismissed"),
    ],
)
def test_alerts_mark_errors_are_one_line_with_exit_1(
    three_alerts: Env, args: tuple[str, ...], message: str
) -> None:
    proc = run_module(three_alerts, "alerts", "mark", *args)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [f"monitor: error: {message}"], proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(("one", "read"), "alert ids are numbers"), (("read",), "give alert ids then a status")],
)
def test_alerts_mark_needs_numeric_ids_then_a_status(
    three_alerts: Env, args: tuple[str, ...], message: str
) -> None:
    result = three_alerts.invoke("alerts", "mark", *args)
    assert result.exit_code == 1
    assert message in str(result.exception)
    assert {a["status"] for a in three_alerts.alerts()} == {"new"}


def test_no_alerts_yet(env: Env) -> None:
    fresh = env.invoke("alerts")  # nothing polled: said so, and no database made for it
    assert fresh.exit_code == 1 and "nothing stored yet" in str(fresh.exception)
    assert not env.state.exists()
    env.poll()
    assert env.ok("alerts").stdout.strip() == "no alerts"
    assert env.alerts() == []


def test_a_link_that_is_not_a_url_still_makes_an_alert(tmp_path: Path, server: FeedServer) -> None:
    # JSON Feed hands links over as they are; "http://[x/" cannot even be split into parts.
    env = Env(tmp_path, server, ["json"])
    item = {"id": "1", "title": "Loudiyi in Rawalpindi", "url": "http://[x/",
            "content_text": "The JF-17 line."}
    server.routes["/json.xml"] = Reply(
        200, json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "j",
                         "items": [item]}).encode(),
        {"Content-Type": "application/feed+json"},
    )
    summary = env.poll()
    assert (summary["new_entries"], summary["new_alerts"]) == (1, 1)
    assert env.pending() == 0
    assert canonical_url("http://[x/") is None
