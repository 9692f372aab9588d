"""Conditional requests, entry identity across polls, local files and search.

A second poll of an unchanged feed costs a 304 and stores nothing; an entry seen again is
not stored again; a changed entry is updated in place and flagged.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FAST, RSS, FeedServer, Reply, http_date, rss, write_config

from monitor.cli import cli
from monitor.config import load_config
from monitor.storage.sqlite import SqliteStorage

LAST_MODIFIED = http_date(offset=-3600)


class Monitor:
    """The CLI, in process, on one config."""

    def __init__(self, cfg: Path) -> None:
        self.cfg = cfg
        self.runner = CliRunner()

    def run(self, *args: str) -> str:
        result = self.runner.invoke(cli, ["--config", str(self.cfg), *args])
        assert result.exit_code == 0, (result.output, result.exception)
        return result.output

    def poll(self, *urls: str) -> dict[str, int]:
        result = self.runner.invoke(cli, ["--config", str(self.cfg), "poll", "--json", *urls])
        summary: dict[str, int] = json.loads(result.output)
        assert result.exit_code == (3 if summary["failed"] else 0)  # README "Exit status"
        return summary

    def status(self) -> dict[str, dict[str, Any]]:
        return {s["url"]: s for s in json.loads(self.run("status", "--json"))["sources"]}

    def search(self, query: str) -> list[dict[str, Any]]:
        return json.loads(self.run("search", query, "--json"))["entries"]

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        store = SqliteStorage(load_config(self.cfg).state_dir)
        try:
            return list(store.db.query(sql, params or []))
        finally:
            store.close()

    def source(self, url: str) -> dict[str, Any]:
        rows = self.query("SELECT * FROM sources WHERE url = ?", [url])
        assert rows, url
        return rows[0]

    def entries(self, url: str) -> list[dict[str, Any]]:
        return self.query(
            "SELECT e.* FROM entries e JOIN sources s ON s.id = e.source_id WHERE s.url = ? "
            "ORDER BY e.id",
            [url],
        )


@pytest.fixture
def monitor(tmp_path: Path) -> Iterator[Any]:
    """monitor(urls, **settings) -> Monitor with a config in tmp_path."""

    def build(urls: list[str], **settings: Any) -> Monitor:
        return Monitor(write_config(tmp_path / "monitor.toml", urls, **{**FAST, **settings}))

    yield build


COUNTS = ("sources", "ok", "not_modified", "failed", "new_entries", "updated_entries")


def counts(summary: dict[str, int]) -> dict[str, int]:
    """The poll counts of `poll --json` (it may report more, e.g. alerts)."""
    return {key: summary[key] for key in COUNTS}


def sequence(server: FeedServer, path: str, replies: list[Reply]) -> None:
    """Serve the replies in turn, then keep repeating the last one."""
    queue = list(replies)

    def handler(_: Any) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    server.routes[path] = handler


def requests_to(server: FeedServer, path: str) -> list[dict[str, str]]:
    return [headers for p, headers in server.requests if p == path]


# -- validators -----------------------------------------------------------------------


def test_validators_are_stored_only_from_2xx(server, monitor):
    sequence(server, "/feed.xml", [
        Reply(500, b"", {"ETag": '"err"', "Last-Modified": http_date(offset=-60)}),
        Reply(200, rss(2), {**RSS, "ETag": '"v1"', "Last-Modified": LAST_MODIFIED}),
        Reply(503, b"", {"ETag": '"err2"', "Last-Modified": http_date(offset=-10)}),
        Reply(404, b"", {"ETag": '"err3"'}),
    ])
    url = server.url("/feed.xml")
    m = monitor([url])

    m.poll()
    row = m.source(url)
    assert row["state"] == "error"
    assert row["etag"] is None and row["last_modified"] is None
    m.poll()
    row = m.source(url)
    assert row["state"] == "ok"
    assert row["etag"] == '"v1"'
    assert row["last_modified"] == LAST_MODIFIED
    for _ in range(2):
        m.poll()
        row = m.source(url)
        assert row["state"] == "error"
        assert row["etag"] == '"v1"'
        assert row["last_modified"] == LAST_MODIFIED

    sent = requests_to(server, "/feed.xml")
    assert "if-none-match" not in sent[0] and "if-modified-since" not in sent[0]
    assert "if-none-match" not in sent[1]
    for headers in sent[2:]:
        assert headers["if-none-match"] == '"v1"'
        assert headers["if-modified-since"] == LAST_MODIFIED


def test_second_poll_is_conditional_and_304_stores_nothing(server, monitor):
    server.routes["/feed.xml"] = Reply(
        200, rss(3), {**RSS, "ETag": '"abc"', "Last-Modified": LAST_MODIFIED}
    )
    url = server.url("/feed.xml")
    m = monitor([url])
    first = m.poll()
    assert first["ok"] == 1 and first["new_entries"] == 3
    before = m.entries(url)

    second = m.poll()
    assert counts(second) == {
        "sources": 1, "ok": 0, "not_modified": 1, "failed": 0,
        "new_entries": 0, "updated_entries": 0,
    }
    sent = requests_to(server, "/feed.xml")
    assert len(sent) == 2
    assert sent[1]["if-none-match"] == '"abc"'
    assert sent[1]["if-modified-since"] == LAST_MODIFIED
    assert m.entries(url) == before
    row = m.source(url)
    assert row["state"] == "ok"
    assert row["last_status"] == 304
    assert row["error_count"] == 0
    assert row["etag"] == '"abc"'  # a 304 keeps the validators
    assert row["last_success"] == row["last_check"]
    log = m.query("SELECT outcome, status FROM fetches ORDER BY id")
    assert [(r["outcome"], r["status"]) for r in log] == [("ok", 200), ("not_modified", 304)]


def test_if_modified_since_alone_gets_304(server, monitor):
    def handler(request: Any) -> Reply:
        if request.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return Reply(304, b"")
        return Reply(200, rss(2), {**RSS, "Last-Modified": LAST_MODIFIED})

    server.routes["/lm.xml"] = handler
    url = server.url("/lm.xml")
    m = monitor([url])
    assert m.poll()["new_entries"] == 2
    summary = m.poll()
    assert summary["not_modified"] == 1 and summary["new_entries"] == 0
    sent = requests_to(server, "/lm.xml")
    assert "if-none-match" not in sent[1]
    assert len(m.entries(url)) == 2
    assert m.status()[url]["state"] == "ok"


def test_a_feed_that_changes_its_validators_is_fetched_in_full(server, monitor):
    sequence(server, "/feed.xml", [
        Reply(200, rss(2), {**RSS, "ETag": '"v1"'}),
        Reply(200, rss(3), {**RSS, "ETag": '"v2"'}),
    ])
    url = server.url("/feed.xml")
    m = monitor([url])
    m.poll()
    summary = m.poll()
    assert summary["ok"] == 1 and summary["new_entries"] == 1
    assert m.source(url)["etag"] == '"v2"'
    assert requests_to(server, "/feed.xml")[1]["if-none-match"] == '"v1"'


# -- entry identity -------------------------------------------------------------------


def item(key: str, description: str, title: str | None = None) -> dict[str, str]:
    """An RSS item whose guid is urn:test:KEY (absolute, so feedparser leaves it alone)."""
    return {
        "guid": f"urn:test:{key}",
        "title": title or f"Title {key}",
        "link": f"https://example.org/{key}",
        "description": description,
    }


def key(entry: dict[str, Any]) -> str:
    return entry["guid"].removeprefix("urn:test:")


def test_changed_entry_is_updated_not_duplicated(server, monitor):
    sequence(server, "/feed.xml", [
        Reply(200, rss([item("g1", "<p>first draft</p>"), item("g2", "stays")]), RSS),
        Reply(200, rss([item("g1", "<p>corrected text</p>"), item("g2", "stays")]), RSS),
    ])
    url = server.url("/feed.xml")
    m = monitor([url])
    assert m.poll()["new_entries"] == 2
    ids = {key(e): e["id"] for e in m.entries(url)}

    summary = m.poll()
    assert summary["new_entries"] == 0
    assert summary["updated_entries"] == 1
    entries = {key(e): e for e in m.entries(url)}
    assert len(entries) == 2
    assert {g: e["id"] for g, e in entries.items()} == ids
    assert entries["g1"]["changed"] == 1
    assert entries["g1"]["summary_text"] == "corrected text"
    assert entries["g1"]["last_changed"] is not None
    assert entries["g2"]["changed"] == 0
    assert entries["g2"]["last_changed"] is None


def test_entry_seen_again_is_not_stored_again(server, monitor):
    items = [item("g1", "one"), item("g2", "two")]
    sequence(server, "/feed.xml", [
        Reply(200, rss(items), RSS),
        Reply(200, rss(items), RSS),
        Reply(200, rss([item("g3", "three"), *items]), RSS),
        Reply(200, rss([item("g3", "three")]), RSS),  # old items dropped from the feed
    ])
    url = server.url("/feed.xml")
    m = monitor([url])
    assert m.poll()["new_entries"] == 2
    first = m.entries(url)

    summary = m.poll()
    assert summary["ok"] == 1
    assert summary["new_entries"] == 0 and summary["updated_entries"] == 0
    assert m.entries(url) == first

    assert m.poll()["new_entries"] == 1
    assert m.poll()["new_entries"] == 0
    entries = m.entries(url)
    assert [key(e) for e in entries] == ["g1", "g2", "g3"]  # kept after leaving the feed
    assert all(e["changed"] == 0 for e in entries)


def test_feed_with_duplicate_guids_stores_one(server, monitor):
    body = rss([item("dup", "first copy"), item("dup", "second copy"), item("other", "x")])
    server.routes["/dups.xml"] = Reply(200, body, RSS)
    url = server.url("/dups.xml")
    m = monitor([url])
    assert m.poll()["new_entries"] == 2
    entries = m.entries(url)
    assert sorted(key(e) for e in entries) == ["dup", "other"]
    assert next(e for e in entries if key(e) == "dup")["summary_text"] == "first copy"
    # Polling the same feed again neither adds nor flags anything.
    summary = m.poll()
    assert summary["new_entries"] == 0 and summary["updated_entries"] == 0


@pytest.mark.parametrize("code", [301, 302])
def test_relative_guids_keep_their_identity_when_the_feed_moves(server, monitor, code):
    """Plain guids such as <guid>12345</guid> are common. feedparser resolves them (as
    isPermaLink URLs) against the URL the body came from, so the identity must not depend
    on where the feed is served from today, or every entry comes back as new."""
    body = rss([{"guid": "12345", "title": "Kept", "description": "same"}])
    sequence(server, "/old/feed.xml", [
        Reply(200, body, RSS),
        Reply(code, b"", {"Location": "/new/feed.xml"}),
    ])
    server.routes["/new/feed.xml"] = Reply(200, body, RSS)
    url = server.url("/old/feed.xml")
    m = monitor([url])
    assert m.poll()["new_entries"] == 1
    summary = m.poll()
    assert summary["ok"] == 1
    assert server.hits("/new/feed.xml") == 1
    assert summary["new_entries"] == 0, "the same item was stored twice after a redirect"
    assert len(m.entries(url)) == 1


def test_entries_without_guid_are_identified_by_link_then_content(server, monitor):
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>A</title><link>https://example.org/a</link></item>"
        b"<item><title>A again</title><link>https://example.org/a</link></item>"
        b"<item><title>No link</title><description>same</description></item>"
        b"<item><title>No link</title><description>same</description></item>"
        b"<item><title>No link</title><description>different</description></item>"
        b"</channel></rss>"
    )
    server.routes["/noguid.xml"] = Reply(200, body, RSS)
    url = server.url("/noguid.xml")
    m = monitor([url])
    assert m.poll()["new_entries"] == 3
    assert m.poll()["new_entries"] == 0
    identities = [e["identity"] for e in m.entries(url)]
    assert identities[0] == "https://example.org/a"
    assert all(i.startswith("hash:") for i in identities[1:])


# -- local files ----------------------------------------------------------------------


def test_local_file_sources_are_read_and_unchanged_files_are_not_modified(tmp_path, monitor):
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "plain.xml").write_bytes(rss(2, title="Plain"))
    (feeds / "url.xml").write_bytes(rss(3, title="URL"))
    absolute = tmp_path / "abs.xml"
    absolute.write_bytes(rss(1, title="Absolute"))
    sources = ["feeds/plain.xml", "file:feeds/url.xml", absolute.as_uri()]
    m = monitor([*sources, "feeds/missing.xml"])

    first = m.poll()
    assert counts(first) == {
        "sources": 4, "ok": 3, "not_modified": 0, "failed": 1,
        "new_entries": 6, "updated_entries": 0,
    }
    status = m.status()
    assert [status[s]["entries"] for s in sources] == [2, 3, 1]
    assert all(status[s]["state"] == "ok" for s in sources)
    assert status["feeds/missing.xml"]["state"] == "error"
    assert "file not found" in status["feeds/missing.xml"]["last_error"]
    assert str(feeds / "missing.xml") in status["feeds/missing.xml"]["last_error"]

    second = m.poll()
    assert second["not_modified"] == 3 and second["new_entries"] == 0

    # A changed file is read again (new size and mtime), and only its new entries count.
    changed = feeds / "plain.xml"
    stat = changed.stat()
    changed.write_bytes(rss(4, title="Plain"))
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    third = m.poll()
    assert third["ok"] == 1 and third["not_modified"] == 2 and third["new_entries"] == 2
    assert m.status()["feeds/plain.xml"]["entries"] == 4


def test_local_file_is_found_relative_to_the_config_not_the_cwd(tmp_path, monkeypatch):
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "local.xml").write_bytes(rss(2))
    cfg = write_config(folder / "monitor.toml", ["local.xml"], **FAST)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    m = Monitor(cfg)
    assert m.poll()["new_entries"] == 2
    assert not (elsewhere / "state").exists()
    assert (folder / "state").is_dir()


# -- search ---------------------------------------------------------------------------


def test_search_finds_a_polled_entry(server, monitor):
    sequence(server, "/feed.xml", [
        Reply(200, rss([
            item("s1", "<p>The <b>zanzibar</b> report</p>", title="Island news"),
            item("s2", "nothing to see", title="Other"),
        ]), RSS),
        Reply(200, rss([
            item("s1", "<p>Now about quokkas</p>", title="Island news"),
            item("s2", "nothing to see", title="Other"),
        ]), RSS),
    ])
    url = server.url("/feed.xml")
    m = monitor([url])
    m.poll()
    # Indexing is lazy: nothing is in the full-text index until a search asks.
    assert m.query("SELECT * FROM meta WHERE key = 'fts_indexed_upto'") == []

    hits = m.search("zanzibar")
    assert [h["title"] for h in hits] == ["Island news"]
    assert hits[0]["link"] == "https://example.org/s1"
    assert m.search("nomatchword") == []
    assert "Island news" in m.run("search", "zanzibar")

    # An entry that changes after being indexed is re-indexed: old words gone, new found.
    assert m.poll()["updated_entries"] == 1
    assert m.search("zanzibar") == []
    assert [h["title"] for h in m.search("quokkas")] == ["Island news"]


def test_search_finds_odd_words_and_refuses_unparseable_queries(server, monitor):
    server.routes["/feed.xml"] = Reply(
        200, rss([item("q1", "C++ and AT&T news", title="Odd \"query\" words")]), RSS
    )
    m = monitor([server.url("/feed.xml")])
    m.poll()
    assert len(m.search('"query"')) == 1
    assert len(m.search("AT&T")) == 1
    with pytest.raises(AssertionError, match="column 1: unclosed quote"):
        m.search('"query')  # the rules' language: an error at its column, not a guess
