"""Atom feeds of alerts: valid Atom (feedparser, no bozo), one entry per alert, ids that
stay the same across renders and new sources, hostile feed HTML made harmless, dismissed
alerts left out, files written by `monitor poll` and by the daemon's tick."""

from __future__ import annotations

import asyncio
import json
from contextlib import closing
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest
from click.testing import CliRunner
from conftest import FeedServer, Reply, rss, write_config

from monitor.alerts import Rules, mark_alerts
from monitor.cli import cli
from monitor.config import load_config
from monitor.daemon import Daemon
from monitor.delivery.atom import (
    EPOCH,
    AtomFeeds,
    entry_id,
    feed_names,
    render_atom,
    write_atom_feeds,
)
from monitor.pipeline import Poller
from monitor.rulebook.files import load_rulebook
from monitor.schedule import parse_iso, utcnow
from monitor.storage.sqlite import DB_NAME, SqliteStorage

FEED_TYPE = {"Content-Type": "application/rss+xml"}
RULES = """\
[[rule]]
id = "jf17"
name = "JF-17 deals"
query = '"JF-17" OR Loudiyi'
severity = "high"

[[rule]]
id = "harbour"
query = "harbour NEAR/3 strike"

[[rule]]
id = "quiet"
query = "Cheratte"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def item(guid: str, title: str, body: str = "", link: str | None = None) -> dict[str, str]:
    return {"guid": f"urn:test:{guid}", "title": title,
            "link": link or f"https://news.example/{guid}", "description": f"<p>{body}</p>"}


class Env:
    """Two local feeds, a rules folder, a state dir; the CLI run against them."""

    def __init__(self, tmp_path: Path, server: FeedServer) -> None:
        self.server = server
        self.rules = tmp_path / "rules"
        self.rules.mkdir()
        (self.rules / "watch.toml").write_text(RULES, encoding="utf-8")
        self.state = tmp_path / "state"
        self.atom = self.state / "atom"
        urls = [server.url("/a.xml"), server.url("/b.xml")]
        for name in ("a", "b"):
            self.serve(name, [])
        self.config = write_config(tmp_path / "monitor.toml", urls, parse_workers=1)

    def serve(self, feed: str, items: list[dict[str, str]]) -> None:
        self.server.routes[f"/{feed}.xml"] = Reply(200, rss(items, title=f"Feed {feed}"),
                                                   FEED_TYPE)

    def poll(self) -> dict[str, int]:
        result = CliRunner().invoke(cli, ["--config", str(self.config), "--state",
                                          str(self.state), "poll", "--rules",
                                          str(self.rules), "--json"])
        assert result.exit_code == 0, (result.output, result.exception)
        return json.loads(result.stdout)

    def store(self) -> SqliteStorage:
        return SqliteStorage(self.state)

    def feed(self, name: str) -> Any:
        parsed = feedparser.parse((self.atom / f"{name}.xml").read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        return parsed


@pytest.fixture
def env(tmp_path: Path, server: FeedServer) -> Env:
    return Env(tmp_path, server)


def _parse(data: bytes) -> Any:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _ids(data: bytes) -> list[str]:
    return [e.id for e in _parse(data).entries]


def test_poll_writes_valid_feeds_with_one_entry_per_alert(env: Env) -> None:
    env.serve("a", [
        item("1", "Morocco orders JF-17 jets", "Talks on the **JF-17** Thunder."),
        item("2", "Harbour strike ends", "The harbour workers' strike ended."),
        item("3", "Weather", "Sunny."),
    ])
    assert env.poll()["new_alerts"] == 2
    assert sorted(p.name for p in env.atom.glob("*.xml")) == [
        "all.xml", "harbour.xml", "jf17.xml", "quiet.xml"]

    everything = env.feed("all")
    assert everything.feed.title == "monitor: all alerts"
    assert len(everything.entries) == 2
    jf17 = env.feed("jf17")
    assert jf17.feed.title == "monitor: JF-17 deals"
    assert jf17.feed.id == "tag:monitor,2026:feed/rule/jf17"
    [entry] = jf17.entries
    assert entry.title == "Morocco orders JF-17 jets"
    assert entry.link == "https://news.example/1"
    assert entry.id == entry_id("jf17", "news.example/1")
    with closing(env.store()) as store:
        first_seen = store.db.execute(
            "SELECT first_seen FROM alerts WHERE rule_id = 'jf17'").fetchone()[0]
    seen = parse_iso(first_seen).utctimetuple()
    assert entry.updated_parsed == entry.published_parsed == jf17.feed.updated_parsed == seen
    assert {t.term for t in entry.tags} == {"jf17", "high"}
    html = entry.content[0].value
    assert "<b>JF-17</b>" in html  # the snippet's mark and the matched term
    assert "Matched: <b>JF-17</b>" in html
    assert "JF-17 deals (jf17)" in html
    assert 'href="https://news.example/1"' in html and "Feed a" in html

    quiet = env.feed("quiet")  # a rule with no alerts yet still has a feed to subscribe to
    assert quiet.entries == []
    assert quiet.feed.updated_parsed == EPOCH.utctimetuple()



def test_ids_stay_when_a_source_joins_and_a_new_alert_adds_one(env: Env) -> None:
    env.serve("a", [item("1", "Loudiyi visits Islamabad", "Loudiyi met officials.")])
    env.poll()
    with closing(env.store()) as store:
        first = render_atom(store, "jf17")
        assert render_atom(store, "jf17") == first  # same bytes on a second render
    before = _parse(first).entries
    assert len(before) == 1

    # Feed b carries the same story (same link, tracking parameter added): one more source.
    env.serve("b", [item("9", "Loudiyi visits Islamabad", "Loudiyi met officials.",
                         link="https://news.example/1?utm_source=rss")])
    env.poll()
    after = env.feed("jf17").entries
    assert [e.id for e in after] == [e.id for e in before]
    assert after[0].updated == before[0].updated  # not re-shown by readers
    assert "Feed a" in after[0].content[0].value and "Feed b" in after[0].content[0].value

    env.serve("a", [item("1", "Loudiyi visits Islamabad", "Loudiyi met officials."),
                    item("2", "JF-17 block III", "A new JF-17 batch.")])
    env.poll()
    ids = [e.id for e in env.feed("jf17").entries]
    assert len(ids) == 2 and ids[1] == before[0].id  # newest first, old id kept
    assert set(ids) - {before[0].id} == {entry_id("jf17", "news.example/2")}
    assert [e.id for e in env.feed("all").entries] == ids


def test_ids_survive_a_rebuilt_database(env: Env) -> None:
    env.serve("a", [item("1", "JF-17 news", "JF-17.")])
    env.poll()
    ids = [e.id for e in env.feed("jf17").entries]
    (env.state / DB_NAME).unlink()
    env.poll()
    assert [e.id for e in env.feed("jf17").entries] == ids


def test_hostile_feed_html_does_not_survive(env: Env) -> None:
    hostile = '<script>alert(1)</script> JF-17 <img src=x onerror="alert(2)">'
    env.serve("a", [
        {"guid": "urn:test:h", "title": hostile, "link": "javascript:alert(3)",
         "description": f"<p>{hostile} <a href='javascript:alert(4)'>x</a></p>"},
    ])
    env.poll()
    # The feed parser already cleaned what was stored; make the stored text hostile too,
    # as a future source kind might store it, to check the Atom writer on its own.
    with closing(env.store()) as store:
        store.db.conn.execute("UPDATE alerts SET title = ?, snippet = ?",
                              (hostile, f"**{hostile}**"))
        store.db.conn.execute("UPDATE entries SET title = ?, link = 'javascript:alert(5)'",
                              (hostile,))
        store.db.conn.execute("UPDATE sources SET title = ?", (hostile,))
        raw = render_atom(store, "jf17")
    [entry] = _parse(raw).entries
    assert entry.get("links", []) == []  # javascript: is not an http(s) link
    assert entry.title == hostile  # a text title: readers show it, never run it
    # Read the raw (not feedparser-sanitised) content, as a careless reader would show it.
    from lxml import etree

    ns = {"a": "http://www.w3.org/2005/Atom"}
    [content] = etree.fromstring(raw).findall("a:entry/a:content", ns)
    assert content.get("type") == "html"
    fragment = lxml.html.fragment_fromstring(content.text, create_parent="div")
    assert fragment.findall(".//script") == [] and fragment.findall(".//img") == []
    for element in fragment.iter():
        assert not [a for a in element.attrib if a.lower().startswith("on")]
        assert "javascript" not in element.get("href", "")
    assert "alert(1)" in fragment.text_content()  # shown as text, not run


def test_dismissed_alerts_are_left_out(env: Env) -> None:
    env.serve("a", [item("1", "JF-17 one", "JF-17."), item("2", "JF-17 two", "JF-17.")])
    env.poll()
    with closing(env.store()) as store:
        [newest, oldest] = [row[0] for row in store.db.execute(
            "SELECT id FROM alerts ORDER BY id DESC")]
        feeds = AtomFeeds(env.state)
        assert feeds.refresh(store) != []  # first refresh writes everything
        assert feeds.refresh(store) == []  # nothing changed: nothing written
        mark_alerts(store, [oldest], "dismissed")
        written = feeds.refresh(store)
        assert sorted(p.name for p in written) == ["all.xml", "jf17.xml"]
        assert len(_parse(render_atom(store, "jf17")).entries) == 1
        mark_alerts(store, [oldest], "read")
        assert feeds.refresh(store) != []
    assert len(env.feed("jf17").entries) == 2


def test_names_paths_self_link_and_limit(env: Env, tmp_path: Path) -> None:
    env.serve("a", [item(str(i), f"JF-17 {word}", "JF-17.")
                    for i, word in enumerate(["order", "engine", "radar", "pilots", "base"])])
    env.poll()
    book = load_rulebook(env.rules)
    with closing(env.store()) as store:
        assert feed_names(store) == ["all", "jf17"]
        assert feed_names(store, book) == ["all", "harbour", "jf17", "quiet"]
        data = render_atom(store, "jf17", rulebook=book, limit=3,
                           base_url="http://127.0.0.1:8080/atom/jf17.xml")
        parsed = _parse(data)
        assert len(parsed.entries) == 3
        assert {"rel": "self", "href": "http://127.0.0.1:8080/atom/jf17.xml",
                "type": "application/atom+xml"} in parsed.feed.links
        # A rule id that could escape the folder (never valid in a rule file) gets no file.
        store.db.conn.execute(
            "INSERT INTO alerts (rule_id, story, title, title_key, link, severity, snippet, "
            "first_seen, last_seen) VALUES ('../evil', 's', 't', 't', NULL, 'low', 'x', "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
        assert "../evil" not in feed_names(store)
        (env.atom / "gone.xml").write_bytes(b"<feed/>")  # a removed rule's old feed
        paths = write_atom_feeds(store, env.state, rulebook=book)
    assert sorted(p.name for p in paths) == ["all.xml", "harbour.xml", "jf17.xml", "quiet.xml"]
    assert sorted(p.name for p in env.atom.glob("*.xml")) == sorted(p.name for p in paths)
    assert not (env.state / "evil.xml").exists() and not (tmp_path / "evil.xml").exists()


def test_daemon_tick_writes_feeds(env: Env) -> None:
    env.serve("a", [item("1", "JF-17 order", "JF-17.")])
    config = load_config(str(env.config), str(env.state))

    async def run() -> None:
        daemon = Daemon(config, str(env.config), str(env.state), Rules(env.rules))
        daemon.store = SqliteStorage(config.state_dir)
        daemon.store.sync_sources(config.sources, utcnow())
        try:
            async with Poller(daemon.store, config, rules=daemon.rules) as poller:
                daemon.poller = poller
                await daemon.tick()  # once at start: empty feeds, polls begin
                assert env.feed("jf17").entries == []
                await asyncio.gather(*daemon._inflight.values())
                await daemon.tick()  # the polls made an alert: the feeds follow
        finally:
            daemon.store.close()

    asyncio.run(run())
    assert [e.title for e in env.feed("jf17").entries] == ["JF-17 order"]
    assert [e.title for e in env.feed("all").entries] == ["JF-17 order"]
    assert env.feed("harbour").entries == []


def test_a_link_xml_cannot_carry_leaves_the_feeds_valid(env: Env) -> None:
    # JSON Feed strings may hold any character; a control character in a link must not
    # stop every feed from being written (nor, in the daemon, every tick after it).
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "url": "https://news.example/a\u0001b", "title": "JF-17 deal",
         "content_text": "JF-17 \ufffe"},
        {"id": "2", "url": "https://news.example/2", "title": "JF-17 radar",
         "content_text": "JF-17"},
    ]})
    env.server.routes["/a.xml"] = Reply(200, body.encode(),
                                        {"Content-Type": "application/feed+json"})
    assert env.poll()["new_alerts"] == 2
    entries = {e.title: e for e in env.feed("jf17").entries}
    assert entries["JF-17 radar"].link == "https://news.example/2"
    assert not [link for link in entries["JF-17 deal"].get("links", [])
                if "news.example/a" in link.href]  # that link is left out, not the alert
    assert len(env.feed("all").entries) == 2


def test_a_feed_that_cannot_be_rendered_does_not_stop_the_tick(
    env: Env, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import monitor.delivery.atom as atom

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(atom, "render_atom", broken)
    with closing(env.store()) as store:
        assert AtomFeeds(env.state).refresh(store) == []
    assert "Atom feeds not written" in caplog.text


def test_stars_in_the_feed_text_are_text_and_only_the_term_is_bold(env: Env) -> None:
    """The snippet's marks are spans, not `**` in the text: a summary's own stars stay as
    they are, and the bold goes on the matched term only."""
    env.serve("a", [item("1", "Morocco orders jets", "**Update** the JF-17 ** order **now**")])
    env.poll()
    [entry] = env.feed("jf17").entries
    first = entry.content[0].value.split("</p>")[0]
    assert first == "<p>**Update** the <b>JF-17</b> ** order **now**"
