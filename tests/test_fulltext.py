"""Full text: with `full_text = true` a feed's new entries get their linked article's main
text, so a rule on a word found only in the article body hits; the fetches stay within the
limits (size cap, a per-poll cap on articles), and a failed article keeps the feed's text
with a warning. Bulk polls give full text too."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import FeedServer, Reply, rss

from monitor.cli import cli
from monitor.config import load_config
from monitor.pipeline import Poller
from monitor.schedule import utcnow
from monitor.sources.fulltext import MAX_ARTICLES, minimal_html
from monitor.storage.sqlite import DB_NAME, SqliteStorage

RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
RULES = """\
[[rule]]
id = "loudiyi"
query = "Loudiyi"
"""


def article(number: int, word: str = "Loudiyi") -> bytes:
    """An article page: navigation, an aside and a footer around a body that holds `word`."""
    paragraphs = "".join(
        f"<p>Paragraph {i} of story {number}: the defence ministry said talks on armoured "
        "vehicles continued this week, with officials from both countries meeting.</p>"
        for i in range(4)
    )
    return (
        f"<!doctype html><html><head><title>Story {number}</title></head><body>"
        '<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>'
        f"<main><article><h1>Story {number}</h1>{paragraphs}"
        f"<p>The delegation was led by {word}, who signed the agreement.</p></article></main>"
        "<aside>Most read: weather tomorrow</aside>"
        "<footer><p>Subscribe to our newsletter. Copyright Example Media.</p></footer>"
        "</body></html>"
    ).encode()


def items(server: FeedServer, count: int, path: str = "/a/") -> list[dict[str, str]]:
    return [
        {
            "guid": f"urn:story:{n}",
            "title": f"Story {n}",
            "link": server.url(f"{path}{n}"),
            "description": f"Talks continued (story {n}).",
        }
        for n in range(count)
    ]


class Env:
    """Sources served by the test server (name -> full_text), rules, a state dir."""

    def __init__(self, tmp_path: Path, server: FeedServer, sources: dict[str, bool]) -> None:
        self.server = server
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "watch.toml").write_text(RULES, encoding="utf-8")
        self.state = tmp_path / "state"
        lines = ["[monitor]", 'state = "state"', "parse_workers = 1", 'max_body = "64KiB"',
                 'timeout = "5s"']
        self.urls = {}
        for name, full_text in sources.items():
            self.urls[name] = server.url(f"/{name}.xml")
            lines += ["", "[[source]]", f'url = "{self.urls[name]}"']
            if full_text:
                lines.append("full_text = true")
        self.config = tmp_path / "monitor.toml"
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def serve(self, name: str, entries: list[dict[str, str]]) -> None:
        self.server.routes[f"/{name}.xml"] = Reply(200, rss(entries), RSS)

    def ok(self, *args: str) -> Result:
        result = CliRunner().invoke(
            cli, ["--config", str(self.config), "--state", str(self.state), *args]
        )
        assert result.exit_code == 0, (result.output, result.exception)
        return result

    def poll(self) -> dict[str, Any]:
        return json.loads(self.ok("poll", "--json").stdout)

    def warnings(self) -> dict[str, str | None]:
        rows = json.loads(self.ok("status", "--json").stdout)["sources"]
        return {row["url"]: row["warning"] for row in rows}

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.state / DB_NAME)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def hits(self) -> list[tuple[str, str]]:
        return self.query(
            "SELECT s.url, e.identity FROM hits h JOIN entries e ON e.id = h.entry_id "
            "JOIN sources s ON s.id = e.source_id ORDER BY h.id"
        )

    def content(self, url: str, identity: str) -> tuple[str, str, str]:
        return self.query(
            "SELECT e.summary_text, e.content_text, e.content_html FROM entries e "
            "JOIN sources s ON s.id = e.source_id WHERE s.url = ? AND e.identity = ?",
            url, identity,
        )[0]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MONITOR_CONFIG", "MONITOR_STATE", "MONITOR_RULES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_a_word_only_in_the_article_hits_only_with_full_text(
    tmp_path: Path, server: FeedServer
) -> None:
    env = Env(tmp_path, server, {"plain": False, "full": True})
    stories = items(server, 2)
    env.serve("plain", stories)
    env.serve("full", stories)
    for n in range(2):
        server.routes[f"/a/{n}"] = Reply(200, article(n), HTML)

    counts = env.poll()
    assert counts["new_entries"] == 4
    assert env.hits() == [(env.urls["full"], "urn:story:0"), (env.urls["full"], "urn:story:1")]
    assert [server.hits(f"/a/{n}") for n in range(2)] == [1, 1]  # the plain feed fetched none
    summary, text, html = env.content(env.urls["full"], "urn:story:0")
    assert summary == "Talks continued (story 0)."  # the feed's summary is kept
    assert "The delegation was led by Loudiyi" in text
    assert "Subscribe" not in text and "Most read" not in text and "Home" not in text
    assert html.startswith("<p>") and "Loudiyi" in html
    assert "Loudiyi" not in env.content(env.urls["plain"], "urn:story:0")[1]
    assert env.warnings() == {env.urls["plain"]: None, env.urls["full"]: None}

    # The next poll of the same feed: the entries are not "changed", nothing refetched.
    counts = env.poll()
    assert (counts["new_entries"], counts["updated_entries"]) == (0, 0)
    assert [server.hits(f"/a/{n}") for n in range(2)] == [1, 1]

    # A changed item gets its article again (a rewritten story).
    stories[1] = {**stories[1], "description": "Talks ended (story 1)."}
    env.serve("full", stories)
    server.routes["/a/1"] = Reply(200, article(1, "Loudiyi and Tata"), HTML)
    counts = env.poll()
    assert counts["updated_entries"] == 1
    assert [server.hits(f"/a/{n}") for n in range(2)] == [1, 2]
    assert "Loudiyi and Tata" in env.content(env.urls["full"], "urn:story:1")[1]


def test_failed_and_oversized_articles_keep_the_summary_with_a_warning(
    tmp_path: Path, server: FeedServer
) -> None:
    env = Env(tmp_path, server, {"full": True})
    env.serve("full", items(server, 3))
    server.routes["/a/0"] = Reply(200, article(0), HTML)
    server.routes["/a/1"] = Reply(404, b"not found")
    huge = article(2).replace(b"</article>", b"<p>" + b"Loudiyi " * 10_000 + b"</p></article>")
    assert len(huge) > 64 * 1024
    server.routes["/a/2"] = Reply(200, huge, HTML)

    counts = env.poll()
    assert counts["new_entries"] == 3 and counts["failed"] == 0
    assert env.hits() == [(env.urls["full"], "urn:story:0")]
    for n in (1, 2):
        summary, text, _ = env.content(env.urls["full"], f"urn:story:{n}")
        assert text == summary == f"Talks continued (story {n})."
    warning = env.warnings()[env.urls["full"]]
    assert warning is not None
    assert warning.startswith("full text: 2 of 3 articles failed: ")
    assert f"{server.url('/a/1')}: HTTP 404 Not Found" in warning
    assert f"{server.url('/a/2')}: body of " in warning and "cap (max_body" in warning


def test_article_fetches_per_poll_are_capped(tmp_path: Path, server: FeedServer) -> None:
    env = Env(tmp_path, server, {"full": True})
    count = MAX_ARTICLES + 5
    env.serve("full", items(server, count))
    for n in range(count):
        server.routes[f"/a/{n}"] = Reply(200, article(n), HTML)
    assert env.poll()["new_entries"] == count
    fetched = sum(server.hits(f"/a/{n}") for n in range(count))
    assert fetched == MAX_ARTICLES
    assert len(env.hits()) == MAX_ARTICLES  # the first ones, in feed order
    assert env.warnings()[env.urls["full"]] is None


def test_bulk_polls_give_full_text(tmp_path: Path, server: FeedServer) -> None:
    env = Env(tmp_path, server, {"plain": False, "full": True})
    env.serve("plain", items(server, 1))
    env.serve("full", items(server, 1))
    server.routes["/a/0"] = Reply(200, article(0), HTML)
    config = load_config(env.config)
    store = SqliteStorage(env.state)
    try:
        store.sync_sources(config.sources, utcnow())
        results = Poller(store, config).poll_in_processes(store.sources())
        assert sorted((r.url, r.new_entries) for r in results) == sorted(
            [(env.urls["plain"], 1), (env.urls["full"], 1)]
        )
    finally:
        store.close()
    assert "Loudiyi" in env.content(env.urls["full"], "urn:story:0")[1]
    assert "Loudiyi" not in env.content(env.urls["plain"], "urn:story:0")[1]
    assert server.hits("/a/0") == 1


def test_minimal_html_escapes_the_text() -> None:
    assert minimal_html("a <b>\n\nc & d") == "<p>a &lt;b&gt;</p><p>c &amp; d</p>"


def test_a_hostile_feed_never_makes_us_read_a_local_file(
    tmp_path: Path, server: FeedServer
) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>Loudiyi private notes</p></body></html>", "utf-8")
    env = Env(tmp_path, server, {"full": True})
    stories = items(server, 2)
    stories[0]["link"] = secret.as_uri()
    env.serve("full", stories)
    # An http article that redirects to the local file.
    server.routes["/a/1"] = Reply(302, b"", {"Location": secret.as_uri()})
    assert env.poll()["new_entries"] == 2
    assert env.hits() == []
    for n in range(2):
        assert "private" not in env.content(env.urls["full"], f"urn:story:{n}")[1]
    assert server.hits("/a/1") == 1


def test_a_deeply_nested_article_is_read_without_the_slow_extractor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    from monitor.sources import pages
    from monitor.sources.fulltext import article_text

    calls: list[object] = []
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(pages, "MAX_NESTED_TEXT", 1_000_000)
    opened = "".join(f'<div><a href="/a/{n}">Link {n}</a>' for n in range(250))
    text = "The delegation was led by Loudiyi, who signed the agreement. " * 100
    body = f"<html><body>{opened}<p>{text}</p>{'</div>' * 250}</body></html>".encode()
    assert "led by Loudiyi" in article_text(body, "http://127.0.0.1:9/a/1")
    assert calls == []
    article_text(article(1), "http://127.0.0.1:9/a/1")
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("host", "inside"),
    [
        ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.1.1", True), ("172.16.0.9", True),
        ("169.254.169.254", True), ("100.64.0.1", True), ("0.0.0.0", True), ("::1", True),
        ("[::1]", True), ("fe80::1", True), ("fc00::5", True), ("::ffff:127.0.0.1", True),
        ("::ffff:10.0.0.1", True), ("224.0.0.1", True), ("localhost", True), (None, True),
        ("93.184.216.34", False), ("8.8.8.8", False), ("2606:4700::1111", False),
        ("::ffff:93.184.216.34", False),
    ],
)
def test_which_hosts_are_inside_the_private_network(host: str | None, inside: bool) -> None:
    import asyncio

    from monitor.sources.private_network import is_private_host

    assert asyncio.run(is_private_host(host)) is inside


@pytest.mark.parametrize(
    ("feed", "private"),
    [
        ("https://93.184.216.34/feed", False),  # a public feed: its links only to the public
        ("http://10.0.0.5/feed", True),  # a feed inside may link inside
        ("inbox/feed.xml", True),  # so may a local file the user named
    ],
)
def test_a_public_feeds_articles_may_reach_only_the_public_internet(
    feed: str, private: bool
) -> None:
    import asyncio

    from monitor.models import FetchResult
    from monitor.sources.feeds import parse_feed
    from monitor.sources.fulltext import add_full_text

    asked: list[tuple[str, bool]] = []

    class Recorder:
        def answered_inside(self, url: str) -> bool | None:
            return None  # not fetched by this fetcher: the feed's host is looked up

        async def fetch_url(self, url: str, *, private: bool = False) -> FetchResult:
            asked.append((url, private))
            return FetchResult(error="not fetched: a test")

    body = rss([{"guid": "1", "title": "t", "link": "http://10.0.0.1/secret",
                 "description": "d"}])
    parsed = parse_feed(body, {"content-type": "application/rss+xml"}, feed)
    result = asyncio.run(add_full_text(Recorder(), parsed, {}, source_url=feed))  # type: ignore[arg-type]
    assert asked == [("http://10.0.0.1/secret", private)]
    assert result.entries[0].content_text == parsed.entries[0].content_text
    assert result.warning and "not fetched: a test" in result.warning
