"""Every feed of the shared corpus, served over HTTP on 127.0.0.1, polled in one run.

feedparser's own test corpus (~2,100 tiny synthetic feeds, well-formed and not) and ~115
saved feeds of real publishers. Each must be ingested without an unhandled exception and
give the entries feedparser itself finds (one per identity: the id, else the link, else the
content); where feedparser finds no feed at all, the source must be in state error with a
readable message. All files are polled in one in-process run with the default parse
workers (a process pool), as `monitor poll` does it.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import quote

import feedparser
import pytest
from conftest import CORPUS, FeedServer, Reply, write_config

from monitor.config import load_config
from monitor.models import PollResult
from monitor.pipeline import Poller
from monitor.schedule import utcnow
from monitor.storage.sqlite import SqliteStorage

if not CORPUS.is_dir():
    pytest.skip(f"the shared corpus is not at {CORPUS}", allow_module_level=True)

FEEDPARSER_DIRS = ("wellformed", "illformed", "encoding", "entities", "json")
SKIP_SUFFIXES = {".md", ".tsv"}
CONTENT_TYPES = {".json": "application/json"}
DEFAULT_TYPE = "application/xml"


def corpus_files() -> list[Path]:
    files: list[Path] = []
    for name in FEEDPARSER_DIRS:
        files += (CORPUS / "feedparser-tests" / name).rglob("*")
    files += (CORPUS / "real-feeds").rglob("*")
    return sorted(
        f for f in files
        if f.is_file() and f.suffix.lower() not in SKIP_SUFFIXES
        and not f.name.startswith("LICENSE")
    )


FILES = corpus_files()


def route(path: Path) -> str:
    return "/" + quote(path.relative_to(CORPUS).as_posix())


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), DEFAULT_TYPE)


def no_delay(reply: Reply) -> Any:
    """Serve the reply with Nagle's algorithm off. The test server writes headers and body
    in two sends, and on a kept-alive connection the second waits for the client's delayed
    ACK (~40 ms a request); 2,000 such waits would dominate this module's run time."""

    def handler(request: BaseHTTPRequestHandler) -> Reply:
        request.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reply

    return handler


@dataclass(frozen=True)
class Ingested:
    """What one poll of the whole corpus left, by source URL."""

    server: FeedServer
    results: dict[str, PollResult]
    sources: dict[str, dict[str, Any]]
    counts: dict[str, int]
    identities: dict[str, set[str]]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingested]:
    server = FeedServer()
    for path in FILES:
        server.routes[route(path)] = no_delay(
            Reply(200, path.read_bytes(), {"Content-Type": content_type(path)})
        )
    server.start()
    urls = [server.url(route(path)) for path in FILES]
    folder = tmp_path_factory.mktemp("corpus")
    cfg = write_config(
        folder / "monitor.toml", urls,
        timeout="60s", read_timeout="30s", concurrency=16, per_host=16,
    )
    config = load_config(cfg)
    assert config.settings.parse_workers == 0  # the default: one process per core
    store = SqliteStorage(config.state_dir)
    try:
        store.sync_sources(config.sources, utcnow())

        async def run() -> list[PollResult]:
            async with Poller(store, config) as poller:
                return await poller.poll(store.sources())

        results = asyncio.run(run())
        sources = {row["url"]: row for row in store.db.query("SELECT * FROM sources")}
        counts = {
            row["url"]: row["n"]
            for row in store.db.query(
                "SELECT s.url, count(e.id) AS n FROM sources s "
                "LEFT JOIN entries e ON e.source_id = s.id GROUP BY s.id"
            )
        }
        identities: dict[str, set[str]] = {}
        for row in store.db.query(
            "SELECT s.url, e.identity FROM entries e JOIN sources s ON s.id = e.source_id"
        ):
            identities.setdefault(row["url"], set()).add(row["identity"])
        yield Ingested(
            server=server,
            results={r.url: r for r in results},
            sources=sources,
            counts=counts,
            identities=identities,
        )
    finally:
        store.close()
        server.stop()


def expected_identities(body: bytes, url: str, ctype: str) -> tuple[bool, set[Any]]:
    """(feedparser found a feed, the distinct identities of its entries)."""
    parsed = feedparser.parse(
        body,
        response_headers={"content-type": ctype, "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    identities: set[Any] = set()
    for entry in parsed.entries:
        guid = str(entry.get("id") or "").strip()
        link = str(entry.get("link") or "").strip()
        content = tuple(c.get("value", "") for c in entry.get("content") or [])
        identities.add(
            guid or link or ("content", entry.get("title", ""), entry.get("summary", ""), content)
        )
    return bool(parsed.get("version") or parsed.entries), identities


def test_corpus_is_complete():
    by_dir = {name: 0 for name in (*FEEDPARSER_DIRS, "real-feeds")}
    for path in FILES:
        parts = path.relative_to(CORPUS).parts
        by_dir[parts[1] if parts[0] == "feedparser-tests" else parts[0]] += 1
    assert by_dir["wellformed"] > 1000
    assert by_dir["real-feeds"] > 100
    assert by_dir["json"] >= 1
    assert len(FILES) > 2000


def test_every_source_was_polled_once(ingested):
    assert len(ingested.results) == len(FILES)
    assert len(ingested.server.requests) == len(FILES)
    internal = [
        url for url, row in ingested.sources.items()
        if row["last_error"] and "internal error" in row["last_error"]
    ]
    assert internal == []
    assert all(row["state"] in ("ok", "error") for row in ingested.sources.values())


@pytest.mark.parametrize(
    "path", FILES, ids=[p.relative_to(CORPUS).as_posix() for p in FILES]
)
def test_corpus_file_is_ingested(ingested, path):
    url = ingested.server.url(route(path))
    row = ingested.sources[url]
    stored = ingested.counts[url]
    assert not (row["last_error"] or "").startswith("internal error"), row["last_error"]
    body = path.read_bytes()

    if path.suffix.lower() == ".json":
        items = json.loads(body)["items"]
        assert row["state"] == "ok", row["last_error"]
        assert stored == len({str(i.get("id") or i.get("url")) for i in items}) > 0
        return

    found, identities = expected_identities(body, url, content_type(path))
    if not found:
        assert row["state"] == "error"
        message = row["last_error"] or ""
        assert message.startswith("not a feed"), message
        assert "\n" not in message and len(message) < 500, message
        assert stored == 0
        return
    assert row["state"] == "ok", row["last_error"]
    assert row["last_error"] is None
    assert stored == len(identities), (
        f"stored {stored} entries, feedparser finds {len(identities)} distinct ones"
    )
    # Entries with an id or a link are stored under it.
    named = {i for i in identities if isinstance(i, str)}
    stored_named = {i for i in ingested.identities.get(url, set()) if not i.startswith("hash:")}
    assert stored_named == named
