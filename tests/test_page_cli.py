"""`monitor sources add` for pages, folders and discovered feeds, `sources preview` and
`sources list`, against a local server."""

from __future__ import annotations

import json
import socket
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import RSS, FeedServer, Reply, rss
from test_discover import BLOG
from test_pages import HTML, RELEASES, press_page

from monitor.cli import cli
from monitor.errors import SourceError


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.delenv("MONITOR_STATE", raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "monitor.toml"
    path.write_text('[monitor]\nstate = "state"\nparse_workers = 1\ntimeout = "2s"\n',
                    encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    # A wide terminal, so the preview's table keeps each title and link on one line.
    return CliRunner().invoke(cli, list(args), catch_exceptions=True, env={"COLUMNS": "250"})


def ok(*args: str) -> Result:
    result = invoke(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def sources(cfg: Path) -> list[dict[str, object]]:
    return tomllib.loads(cfg.read_text(encoding="utf-8")).get("source", [])


def test_add_a_page_with_selectors_and_list_it(cfg: Path, server: FeedServer) -> None:
    server.routes["/press/"] = Reply(200, press_page(RELEASES), HTML)
    url = server.url("/press/")
    result = ok("sources", "add", url, "--items", "li.release", "--title", "h3",
                "--date", ".release-date", "--name", "Ministry press", "--tag", "ma")
    assert "as a page source" in result.output
    assert server.hits("/press/") == 1  # fetched once: an HTTP error would be refused
    assert sources(cfg) == [{
        "url": url, "title": "Ministry press", "tags": ["ma"], "kind": "page",
        "select": {"items": "li.release", "title": "h3", "date": ".release-date"},
    }]
    line = ok("sources", "list").output.strip()
    assert line.startswith(url)
    assert "page, items: li.release, title: h3, date: .release-date" in line
    assert "Ministry press" in line
    listed = json.loads(ok("sources", "list", "--json").output)["sources"][0]
    assert listed["kind"] == "page"
    assert listed["options"] == {"items": "li.release", "title": "h3", "date": ".release-date"}
    polled = json.loads(ok("poll", "--json").output)
    assert polled["new_entries"] == 3


def test_add_page_without_selectors_and_flags_for_folders_and_full_text(
    cfg: Path, tmp_path: Path
) -> None:
    ok("sources", "add", "https://news.example/list", "--page", "--full-text")
    (tmp_path / "inbox").mkdir()
    ok("sources", "add", "inbox", "--dir")
    missing = ok("sources", "add", "later", "--dir")
    assert "folder" in missing.stderr and "does not exist yet" in missing.stderr
    assert sources(cfg) == [
        {"url": "https://news.example/list", "kind": "page", "full_text": True},
        {"url": "inbox", "kind": "dir"},
        {"url": "later", "kind": "dir"},
    ]
    assert "page; full text" in ok("sources", "list").output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--link", "a"), "add --items CSS"),
        (("--items", "li["), "--items 'li[' is not a valid CSS selector"),
        (("--page", "--dir"), "choose one"),
        (("--items", "li", "--discover"), "--discover"),
        (("--title", "A", "--name", "B"), "give only --name"),
    ],
)
def test_add_mistakes_are_one_line_errors(cfg: Path, args: tuple[str, ...], says: str) -> None:
    before = cfg.read_text(encoding="utf-8")
    result = invoke("sources", "add", "https://news.example/", *args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SourceError) and says in str(result.exception)
    assert cfg.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("url", ["http://[bad/news", "http://127.0.0.1:99999/news"])
def test_a_malformed_url_is_a_one_line_error(cfg: Path, url: str) -> None:
    for command in (("sources", "add", url, "--page"), ("sources", "preview", url)):
        result = invoke(*command)
        assert result.exit_code == 1
        assert isinstance(result.exception, SourceError)
        assert f"{url} is not a valid URL" in str(result.exception)


def test_dir_rejects_a_file_and_a_url(cfg: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = invoke("sources", "add", "notes.txt", "--dir")
    assert result.exit_code == 1 and "not a folder" in str(result.exception)
    result = invoke("sources", "add", "https://news.example/", "--dir")
    assert result.exit_code == 1 and "local folder" in str(result.exception)
    result = invoke("sources", "add", str(tmp_path))
    assert result.exit_code == 1 and "--dir`" in str(result.exception)


def test_a_page_that_links_feeds_is_not_added_as_a_feed(cfg: Path, server: FeedServer) -> None:
    server.routes["/blog/"] = Reply(200, BLOG, HTML)
    url = server.url("/blog/")
    result = invoke("sources", "add", url)
    assert result.exit_code == 1
    assert server.url("/blog/feed/") in result.output  # every feed found is listed
    assert server.url("/blog/comments/feed/") in result.output
    message = str(result.exception)
    assert "--discover" in message and "--page" in message
    assert sources(cfg) == []

    result = ok("sources", "add", url, "--discover", "--name", "Blog")
    assert sources(cfg) == [{"url": server.url("/blog/feed/"), "title": "Blog"}]


def test_a_page_without_feeds_says_to_use_page(cfg: Path, server: FeedServer) -> None:
    server.routes["/press/"] = Reply(200, press_page(RELEASES), HTML)
    result = invoke("sources", "add", server.url("/press/"))
    assert result.exit_code == 1 and "add --page" in str(result.exception)
    assert sources(cfg) == []


def test_a_feed_is_added_as_before_and_an_unreachable_url_with_a_note(
    cfg: Path, server: FeedServer
) -> None:
    server.routes["/feed.xml"] = Reply(200, rss(2), RSS)
    ok("sources", "add", server.url("/feed.xml"), "--title", "My feed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/feed"
    result = ok("sources", "add", closed)
    assert "cannot fetch" in result.stderr and "adding it anyway" in result.stderr
    assert sources(cfg) == [
        {"url": server.url("/feed.xml"), "title": "My feed"}, {"url": closed},
    ]


def test_preview_shows_entries_and_how_to_add(cfg: Path, server: FeedServer) -> None:
    server.routes["/press/"] = Reply(200, press_page(RELEASES), HTML)
    url = server.url("/press/")
    out = ok("sources", "preview", url, "--items", "li.release", "--title", "h3 a").output
    assert RELEASES[0][1] in out and server.url("/press/2026/11/28/whap-production.html") in out
    assert "3 entries" in out
    assert f"monitor sources add {url} --page --items li.release --title 'h3 a'" in out
    data = json.loads(ok("sources", "preview", url, "--json").output)
    assert data["url"] == url and data["kind"] == "page" and data["warning"] is None
    assert [e["title"] for e in data["entries"]] == [title for _, title, _ in RELEASES]
    assert data["entries"][0]["published"] == "2026-11-30T00:00:00Z"
    assert "Press office" in data["entries"][0]["summary"]
    assert not (cfg.parent / "state").exists()  # a preview stores nothing

    data = json.loads(ok("sources", "preview", url, "--items", "li.news", "--json").output)
    assert data["entries"] == [] and "li.news" in data["warning"]


def test_preview_of_a_feed_and_of_a_page_that_links_one(cfg: Path, server: FeedServer) -> None:
    server.routes["/feed.xml"] = Reply(200, rss(2), RSS)
    server.routes["/blog/"] = Reply(200, BLOG, HTML)
    data = json.loads(ok("sources", "preview", server.url("/feed.xml"), "--json").output)
    assert data["kind"] == "feed" and [e["title"] for e in data["entries"]] == ["Item 0", "Item 1"]
    out = ok("sources", "preview", server.url("/blog/")).output
    assert f"this page links a feed: {server.url('/blog/feed/')}" in out
    result = invoke("sources", "preview", server.url("/missing"))
    assert result.exit_code == 1 and "HTTP 404" in str(result.exception)


def test_adding_a_page_that_answers_an_error_needs_force(cfg: Path, server: FeedServer) -> None:
    server.routes["/gone/"] = Reply(404, b"no", HTML)
    url = server.url("/gone/")
    refused = invoke("sources", "add", url, "--page")
    assert refused.exit_code == 1 and "--force" in str(refused.exception)
    assert not cfg.exists() or url not in cfg.read_text(encoding="utf-8")
    assert "as a page source" in ok("sources", "add", url, "--page", "--force").output
