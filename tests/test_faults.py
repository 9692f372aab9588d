"""Faults a feed server can throw at the poller, each recorded on its own source.

Every fault is polled in the same run as a healthy source, which must still succeed:
one bad feed never spoils a poll. Each test asserts what `monitor status` would show for
the faulty source: state, last HTTP status, a readable error, the error count, and a
next check pushed into the future by backoff.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FAST, RSS, FeedServer, Reply, http_date, rss, write_config

from monitor import PROJECT_URL
from monitor.cli import cli
from monitor.config import Config, load_config
from monitor.models import Outcome, PollResult, Source
from monitor.pipeline import Poller
from monitor.schedule import parse_iso, utcnow
from monitor.storage.sqlite import SqliteStorage

HTML = {"Content-Type": "text/html"}
HEALTHY = "/healthy.xml"


@dataclass
class Harness:
    """A config, its store, and in-process polls of its sources."""

    config: Config
    store: SqliteStorage

    def poll(self, sources: list[Source] | None = None) -> list[PollResult]:
        async def run() -> list[PollResult]:
            async with Poller(self.store, self.config) as poller:
                chosen = self.store.sources() if sources is None else sources
                return await poller.poll(chosen)

        return asyncio.run(run())

    def row(self, url: str) -> dict[str, Any]:
        rows = list(self.store.db.query("SELECT * FROM sources WHERE url = ?", [url]))
        assert rows, f"no source {url}"
        return rows[0]

    def entries(self, url: str) -> list[dict[str, Any]]:
        return list(
            self.store.db.query(
                "SELECT e.* FROM entries e JOIN sources s ON s.id = e.source_id "
                "WHERE s.url = ? ORDER BY e.id",
                [url],
            )
        )

    def result(self, results: list[PollResult], url: str) -> PollResult:
        return next(r for r in results if r.url == url)


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Any]:
    """make(urls, **settings) -> Harness; settings default to FAST."""
    stores: list[SqliteStorage] = []

    def build(urls: list[str], **settings: Any) -> Harness:
        cfg = write_config(tmp_path / "monitor.toml", urls, **{**FAST, **settings})
        config = load_config(cfg)
        store = SqliteStorage(config.state_dir)
        store.sync_sources(config.sources, utcnow())
        stores.append(store)
        return Harness(config, store)

    yield build
    for store in stores:
        store.close()


@pytest.fixture
def healthy(server: FeedServer) -> str:
    """A well-behaved feed with three items, polled alongside every fault."""
    server.routes[HEALTHY] = Reply(200, rss(3, title="Healthy"), RSS)
    return server.url(HEALTHY)


def now_s() -> datetime:
    """Now, truncated to the second as the store writes times."""
    return utcnow().replace(microsecond=0)


def assert_healthy(h: Harness, url: str, results: list[PollResult] | None = None) -> None:
    row = h.row(url)
    assert row["state"] == "ok", row["last_error"]
    assert row["last_status"] == 200
    assert row["last_error"] is None
    assert row["error_count"] == 0
    assert len(h.entries(url)) == 3
    if results is not None:
        assert h.result(results, url).outcome is Outcome.OK


def assert_failed(
    h: Harness,
    url: str,
    *,
    status: int | None,
    says: str | tuple[str, ...],
    before: datetime,
    errors: int = 1,
    min_delay: float = 30.0,
) -> dict[str, Any]:
    """The source is in state error with a readable message and a backed-off next check."""
    row = h.row(url)
    assert row["state"] == "error"
    assert row["last_status"] == status
    message = row["last_error"]
    assert message, "an error must be recorded"
    for word in (says,) if isinstance(says, str) else says:
        assert word.lower() in message.lower(), message
    assert "Traceback" not in message and "internal error" not in message, message
    assert len(message) < 500, message
    assert "\n" not in message, message
    assert row["error_count"] == errors
    assert parse_iso(row["next_check"]) >= before + timedelta(seconds=min_delay)
    assert h.entries(url) == []
    return row


def delay_of(row: dict[str, Any]) -> float:
    """Seconds from the last check to the next one, as stored."""
    return (parse_iso(row["next_check"]) - parse_iso(row["last_check"])).total_seconds()


def send_raw(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
) -> None:
    """Write a response with no Content-Length: the body ends when the connection closes."""
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Connection", "close")
    handler.end_headers()
    try:
        handler.wfile.write(body)
        handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        pass


# -- HTTP errors ----------------------------------------------------------------------


def test_500_is_an_error_with_backoff(server, healthy, make):
    server.routes["/broken.xml"] = Reply(500, b"oops", {"Content-Type": "text/plain"})
    url = server.url("/broken.xml")
    h = make([url, healthy])
    before = now_s()
    results = h.poll()
    assert h.result(results, url).outcome is Outcome.ERROR
    row = assert_failed(h, url, status=500, says="HTTP 500", before=before)
    # Default interval 30m: the first backoff is that interval ±20%.
    assert 1800 * 0.8 - 1 <= delay_of(row) <= 1800 * 1.2 + 1
    assert_healthy(h, healthy, results)


def test_404_is_an_error_with_backoff(server, healthy, make):
    url = server.url("/missing.xml")  # no route: the server answers 404
    h = make([url, healthy])
    before = now_s()
    h.poll()
    assert_failed(h, url, status=404, says=("404", "not found"), before=before)
    assert_healthy(h, healthy)
    # An error is retried later: it stays schedulable.
    due = h.store.due_sources(utcnow() + timedelta(days=2))
    assert url in {s.url for s in due}


def test_410_disables_source(server, healthy, make):
    server.routes["/gone.xml"] = Reply(410, b"gone")
    url = server.url("/gone.xml")
    h = make([url, healthy])
    h.poll()
    row = h.row(url)
    assert row["state"] == "disabled"
    assert row["last_status"] == 410
    assert "410" in row["last_error"]
    assert "disabled" in row["last_error"] and "sources enable" in row["last_error"]
    assert row["error_count"] == 1
    assert parse_iso(row["next_check"]) > utcnow()
    assert_healthy(h, healthy)
    # Later polls skip it, however far in the future, while the healthy one comes due.
    later = {s.url for s in h.store.due_sources(utcnow() + timedelta(days=30))}
    assert url not in later
    assert healthy in later
    assert h.store.next_due() is not None


def test_410_source_is_skipped_by_a_later_cli_poll(server, healthy, tmp_path):
    """After 410 the message says 'source disabled'; a plain `monitor poll` must not fetch
    it again until `monitor sources enable URL` (naming it on `poll URL` enables it)."""
    server.routes["/gone.xml"] = Reply(410, b"gone")
    url = server.url("/gone.xml")
    cfg = write_config(tmp_path / "monitor.toml", [url, healthy], **FAST)
    runner = CliRunner()
    first = runner.invoke(cli, ["--config", str(cfg), "poll", "--json"])
    assert first.exit_code == 3, first.output  # the 410 source failed: README "Exit status"
    assert server.hits("/gone.xml") == 1
    second = runner.invoke(cli, ["--config", str(cfg), "poll", "--json"])
    assert second.exit_code == 0, second.output
    assert server.hits(HEALTHY) == 2
    assert server.hits("/gone.xml") == 1, "a disabled source was fetched again"


def test_429_retry_after_seconds_delays_next_check(server, healthy, make):
    server.routes["/busy.xml"] = Reply(429, b"slow down", {"Retry-After": "120"})
    url = server.url("/busy.xml")
    # A one-minute interval backs off 48-72 s: only Retry-After can push it to 120 s.
    h = make([url, healthy], interval="1m")
    before = now_s()
    h.poll()
    row = assert_failed(h, url, status=429, says="429", before=before, min_delay=120)
    assert delay_of(row) <= 125
    assert_healthy(h, healthy)


def test_503_retry_after_http_date_delays_next_check(server, healthy, make):
    server.routes["/maint.xml"] = Reply(503, b"maintenance", {"Retry-After": http_date(offset=900)})
    url = server.url("/maint.xml")
    h = make([url, healthy], interval="1m")
    before = now_s()
    h.poll()
    row = assert_failed(h, url, status=503, says="503", before=before, min_delay=890)
    assert delay_of(row) <= 905
    assert_healthy(h, healthy)


def test_retry_after_is_bounded_by_backoff_cap(server, healthy, make):
    server.routes["/busy.xml"] = Reply(429, b"", {"Retry-After": str(30 * 86400)})
    url = server.url("/busy.xml")
    # (no timeout is tested here: FAST's one-second timeouts failed it once in a full run
    # on a loaded machine, the 429 recorded as no answer at all)
    h = make([url, healthy], interval="1m", backoff_cap="1h", connect_timeout="10s",
             read_timeout="15s", timeout="30s")
    before = now_s()
    h.poll()
    row = assert_failed(h, url, status=429, says="429", before=before, min_delay=3600)
    assert delay_of(row) <= 3601
    assert_healthy(h, healthy)


# -- slow servers ---------------------------------------------------------------------


def test_server_that_never_answers_times_out(server, healthy, make):
    def silent(handler: BaseHTTPRequestHandler) -> Reply:
        server.stopping.wait(10)  # longer than any timeout; ends when the server stops
        return Reply(200, rss(1), RSS)

    server.routes["/silent.xml"] = silent
    url = server.url("/silent.xml")
    h = make([url, healthy], read_timeout="1s", timeout="2s")
    before = now_s()
    h.poll()  # had the 1 s read timeout not applied, the answer (after 10 s) would be a feed
    assert_failed(h, url, status=None, says="timed out", before=before)
    assert_healthy(h, healthy)


def test_server_that_trickles_bytes_is_cut_off_by_total_timeout(server, healthy, make):
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            while not server.stopping.wait(0.1):  # each byte well inside read_timeout
                handler.wfile.write(b" ")
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    server.routes["/trickle.xml"] = trickle
    url = server.url("/trickle.xml")
    h = make([url, healthy], read_timeout="1s", timeout="1500ms")
    before = now_s()
    h.poll()
    row = h.row(url)
    assert row["last_status"] in (None, 200)
    # The total timeout cut it off (each byte came well within read_timeout).
    assert_failed(h, url, status=row["last_status"], says="timed out after 1.5s", before=before)
    assert_healthy(h, healthy)


def test_connection_refused_is_an_error(healthy, make):
    url = "http://127.0.0.1:1/feed.xml"
    h = make([url, healthy])
    before = now_s()
    h.poll()
    assert_failed(h, url, status=None, says="connect", before=before)
    assert_healthy(h, healthy)


# -- size caps ------------------------------------------------------------------------


def test_body_over_cap_with_content_length_is_refused(server, healthy, make):
    server.routes["/big.xml"] = Reply(200, b"<rss>" + b" " * (100 * 1024) + b"</rss>", RSS)
    url = server.url("/big.xml")
    h = make([url, healthy], max_body="64KiB")
    before = now_s()
    h.poll()
    assert_failed(h, url, status=200, says=("cap", "max_body"), before=before)
    assert_healthy(h, healthy)


def test_body_over_cap_without_content_length_is_cut_off(server, healthy, make):
    body = b'<?xml version="1.0"?><rss version="2.0"><channel>' + b" " * (200 * 1024)
    server.routes["/stream.xml"] = lambda handler: send_raw(handler, 200, RSS, body)
    url = server.url("/stream.xml")
    h = make([url, healthy], max_body="64KiB")
    before = now_s()
    h.poll()
    # BUG? the 200 the server sent is lost (recorded as None) when the streamed body
    # goes over the cap, while the Content-Length path records it.
    assert_failed(h, url, status=200, says=("cap", "max_body"), before=before)
    assert_healthy(h, healthy)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """50 MiB of zeros, gzipped to about 50 KB."""
    return gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)


def test_gzip_bomb_stops_at_the_cap(server, healthy, make, gzip_bomb):
    assert len(gzip_bomb) < 200 * 1024
    server.routes["/bomb.xml"] = Reply(
        200, gzip_bomb, {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
    )
    url = server.url("/bomb.xml")
    h = make([url, healthy], max_body="1MiB")
    before = now_s()
    tracemalloc.start()
    try:
        h.poll()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes while fetching a gzip bomb"
    # BUG? the 200 is lost here too (see the streamed over-cap test).
    assert_failed(h, url, status=200, says=("cap", "1 MiB"), before=before)
    assert_healthy(h, healthy)


def test_gzip_body_within_cap_is_decoded(server, healthy, make):
    server.routes["/gz.xml"] = Reply(
        200, gzip.compress(rss(3)), {"Content-Type": "application/rss+xml",
                                     "Content-Encoding": "gzip"}
    )
    url = server.url("/gz.xml")
    h = make([url, healthy])
    h.poll()
    assert h.row(url)["state"] == "ok"
    assert len(h.entries(url)) == 3
    assert_healthy(h, healthy)


# -- redirects ------------------------------------------------------------------------


def test_redirect_loop_is_an_error(server, healthy, make):
    server.routes["/a"] = Reply(302, b"", {"Location": "/b"})
    server.routes["/b"] = Reply(302, b"", {"Location": "/a"})
    url = server.url("/a")
    h = make([url, healthy], max_redirects=4)
    before = now_s()
    h.poll()
    assert_failed(h, url, status=None, says="redirect", before=before)
    assert server.hits("/a") + server.hits("/b") <= 6
    assert_healthy(h, healthy)


def _status_json(cfg: Path) -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["--config", str(cfg), "status", "--json"])
    assert result.exit_code == 0, result.output
    return {s["url"]: s for s in json.loads(result.output)["sources"]}


@pytest.mark.parametrize(
    ("code", "permanent"), [(301, True), (308, True), (302, False), (307, False)]
)
def test_permanent_redirect_updates_fetch_url(server, healthy, tmp_path, code, permanent):
    server.routes["/old.xml"] = Reply(code, b"", {"Location": "/new.xml"})
    server.routes["/new.xml"] = Reply(200, rss(2), RSS)
    old, new = server.url("/old.xml"), server.url("/new.xml")
    cfg = write_config(tmp_path / "monitor.toml", [old, healthy], **FAST)
    runner = CliRunner()
    first = runner.invoke(cli, ["--config", str(cfg), "poll", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["ok"] == 2
    status = _status_json(cfg)
    assert status[old]["state"] == "ok"
    assert status[old]["entries"] == 2
    assert status[old]["fetch_url"] == (new if permanent else old)
    assert status[healthy]["state"] == "ok" and status[healthy]["entries"] == 3

    second = runner.invoke(cli, ["--config", str(cfg), "poll", "--json"])
    assert second.exit_code == 0, second.output
    assert server.hits("/old.xml") == (1 if permanent else 2)
    assert server.hits("/new.xml") == 2
    # The source keeps its configured URL as its name, and no entry is duplicated.
    status = _status_json(cfg)
    assert set(status) == {old, healthy}
    assert status[old]["entries"] == 2


# -- bodies that are not feeds --------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/xml"])
def test_html_page_is_reported_as_html(server, healthy, make, content_type):
    page = (
        b"<!DOCTYPE html>\n<html><head><title>Blog</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        b"<body><h1>Welcome</h1><p>No feed here.</p></body></html>"
    )
    server.routes["/page"] = Reply(200, page, {"Content-Type": content_type})
    url = server.url("/page")
    h = make([url, healthy])
    before = now_s()
    h.poll()
    assert_failed(h, url, status=200, says=("not a feed", "HTML page"), before=before)
    assert_healthy(h, healthy)


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "])
def test_empty_body_is_reported_as_empty(server, healthy, make, body):
    server.routes["/empty.xml"] = Reply(200, body, RSS)
    url = server.url("/empty.xml")
    h = make([url, healthy])
    before = now_s()
    h.poll()
    assert_failed(h, url, status=200, says=("not a feed", "empty"), before=before)
    assert_healthy(h, healthy)


def test_json_that_is_not_a_feed_is_an_error(server, healthy, make):
    server.routes["/api"] = Reply(200, b'{"error": "x"}', {"Content-Type": "application/json"})
    url = server.url("/api")
    h = make([url, healthy])
    before = now_s()
    h.poll()
    assert_failed(h, url, status=200, says=("not a feed", "JSON"), before=before)
    assert_healthy(h, healthy)


def test_plain_text_is_not_a_feed(server, healthy, make):
    server.routes["/text"] = Reply(200, b"hello, world\n", {"Content-Type": "text/plain"})
    url = server.url("/text")
    h = make([url, healthy])
    before = now_s()
    h.poll()
    assert_failed(h, url, status=200, says="not a feed", before=before)
    assert_healthy(h, healthy)


# -- feeds that are broken but readable -----------------------------------------------

ITEMS = [
    {"guid": "urn:c:1", "title": "Café crème", "description": "Naïve façade"},
    {"guid": "urn:c:2", "title": "Über", "description": "Grüße"},
]


def test_latin1_bytes_declared_utf8_keeps_entries_with_warning(server, healthy, make):
    body = rss(ITEMS, encoding="latin-1").replace(b'encoding="latin-1"', b'encoding="utf-8"')
    server.routes["/latin.xml"] = Reply(
        200, body, {"Content-Type": "application/rss+xml; charset=utf-8"}
    )
    url = server.url("/latin.xml")
    h = make([url, healthy])
    h.poll()
    row = h.row(url)
    assert row["state"] == "ok"
    assert row["last_error"] is None
    assert row["warning"], "a charset mismatch must leave a warning"
    assert "utf-8" in row["warning"].lower()
    titles = [e["title"] for e in h.entries(url)]
    assert titles == ["Café crème", "Über"]
    assert_healthy(h, healthy)


def test_utf8_bytes_declared_latin1_keeps_entries(server, healthy, make):
    body = rss(ITEMS).replace(b'encoding="utf-8"', b'encoding="iso-8859-1"')
    server.routes["/utf.xml"] = Reply(
        200, body, {"Content-Type": "application/rss+xml; charset=iso-8859-1"}
    )
    url = server.url("/utf.xml")
    h = make([url, healthy])
    h.poll()
    row = h.row(url)
    assert row["state"] == "ok"
    assert row["last_error"] is None
    entries = h.entries(url)
    assert [e["guid"] for e in entries] == ["urn:c:1", "urn:c:2"]
    assert all(e["title"] for e in entries)
    assert_healthy(h, healthy)


def test_bozo_feed_with_entries_is_kept_with_warning(server, healthy, make):
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Tom & Jerry</title>'
        b"<item><guid>urn:b:1</guid><title>A & B</title><description>x</description></item>"
        b"<item><guid>urn:b:2</guid><title>C</title><description>y</description></item>"
        b"</channel></rss>"
    )
    server.routes["/bozo.xml"] = Reply(200, body, RSS)
    url = server.url("/bozo.xml")
    h = make([url, healthy])
    results = h.poll()
    assert h.result(results, url).outcome is Outcome.OK
    assert len(h.entries(url)) == 2
    status = {r.source.url: r for r in h.store.status()}
    assert status[url].source.state.value == "ok"
    assert status[url].warning and "well-formed" in status[url].warning
    assert status[url].source.last_error is None
    assert_healthy(h, healthy)


def _billion_laughs(levels: int = 10) -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE rss [", '<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        lines.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    top = f"&lol{levels - 1};"
    lines.append("]>")
    lines.append(
        f'<rss version="2.0"><channel><title>{top}</title>'
        f"<item><guid>urn:lol:1</guid><title>{top}</title><description>{top}</description>"
        "</item></channel></rss>"
    )
    return "\n".join(lines).encode()


def test_billion_laughs_is_not_expanded(server, healthy, make):
    server.routes["/lol.xml"] = Reply(200, _billion_laughs(), RSS)
    url = server.url("/lol.xml")
    # (generous timeouts: the parse runs in-process beside the healthy feed's fetch, and
    # under a loaded machine FAST's two seconds ran out on that fetch)
    h = make([url, healthy], max_body="1MiB", timeout="30s", connect_timeout="10s",
             read_timeout="15s")
    h.poll()  # pytest-timeout ends a run that expands the entities without bound
    assert h.row(url)["state"] in ("ok", "error")
    for table in ("sources", "entries", "fetches"):
        for row in h.store.db.query(f"SELECT * FROM {table}"):
            for key, value in row.items():
                if isinstance(value, str):
                    assert len(value) < 10_000, f"{table}.{key} holds {len(value)} characters"
    assert_healthy(h, healthy)


def test_external_entity_is_not_read(server, healthy, make, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a", encoding="utf-8")
    body = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<rss version="2.0"><channel><title>t</title><item><guid>urn:x:1</guid>'
        "<title>a &xxe; b</title><description>&xxe;</description></item></channel></rss>"
    ).encode()
    server.routes["/xxe.xml"] = Reply(200, body, RSS)
    url = server.url("/xxe.xml")
    h = make([url, healthy])
    h.poll()
    for row in h.store.db.query("SELECT * FROM entries"):
        assert not any("TOPSECRET" in str(v) for v in row.values())
    assert "TOPSECRET" not in json.dumps(h.row(url))
    assert_healthy(h, healthy)


# -- schedule: backoff, recovery, freshness -------------------------------------------


def test_backoff_grows_with_each_error_and_is_capped(server, healthy, make):
    server.routes["/down.xml"] = Reply(503, b"down")
    url = server.url("/down.xml")
    cap = 240.0
    h = make([url, healthy], interval="1m", backoff_cap="4m")
    delays = []
    for attempt in range(1, 6):
        before = now_s()
        h.poll()
        row = assert_failed(h, url, status=503, says="503", before=before, errors=attempt,
                            min_delay=40)
        delays.append(delay_of(row))
    # 60 s, 120 s, then the 240 s cap, each ±20% jitter.
    assert 47 <= delays[0] <= 73
    assert 95 <= delays[1] <= 145
    assert delays[0] < delays[1] < delays[2]
    for delay in delays[2:]:
        assert cap * 0.8 - 1 <= delay <= cap + 1  # jitter never goes past the cap
    assert server.hits("/down.xml") == 5
    assert_healthy(h, healthy)


def test_recovery_resets_error_state(server, healthy, make):
    server.routes["/flaky.xml"] = Reply(500, b"oops")
    url = server.url("/flaky.xml")
    h = make([url, healthy])
    h.poll()
    h.poll()
    assert h.row(url)["error_count"] == 2
    server.routes["/flaky.xml"] = Reply(200, rss(2), RSS)
    before = now_s()
    results = h.poll()
    assert h.result(results, url).outcome is Outcome.OK
    row = h.row(url)
    assert row["state"] == "ok"
    assert row["error_count"] == 0
    assert row["last_error"] is None
    assert row["last_status"] == 200
    assert row["last_success"] == row["last_check"]
    # Back to the normal interval (30 min), no jitter on success.
    assert parse_iso(row["next_check"]) >= before + timedelta(seconds=1800)
    assert len(h.entries(url)) == 2
    assert_healthy(h, healthy)


@pytest.mark.parametrize(
    ("cache_control", "ttl", "cap", "expected"),
    [
        ("max-age=3600", None, None, 3600),  # longer than the interval: honoured
        ("public, max-age=7200", None, "1h", 3600),  # but only up to backoff_cap
        ("max-age=60", None, None, 600),  # shorter: the interval wins
        ("no-cache, max-age=7200", None, None, 600),  # no-cache: ignored
        (None, 90, None, 5400),  # <ttl> is in minutes
        (None, 90, "1h", 3600),
        ("max-age=1200", 60, None, 3600),  # the longer of the two
    ],
)
def test_freshness_pushes_next_check_later(
    server, healthy, make, cache_control, ttl, cap, expected
):
    headers = dict(RSS)
    if cache_control:
        headers["Cache-Control"] = cache_control
    server.routes["/fresh.xml"] = Reply(200, rss(2, ttl=ttl), headers)
    url = server.url("/fresh.xml")
    # (no timeout is tested here: FAST's one-second timeouts failed it three times on a
    # loaded machine, the feed recorded as an error, once "timed out (ConnectTimeout)")
    settings: dict[str, Any] = {"interval": "10m", "connect_timeout": "10s",
                                "read_timeout": "15s", "timeout": "30s"}
    if cap:
        settings["backoff_cap"] = cap
    h = make([url, healthy], **settings)
    h.poll()
    row = h.row(url)
    assert row["state"] == "ok", row["last_error"]
    assert abs(delay_of(row) - expected) <= 1
    assert_healthy(h, healthy)


# -- politeness -----------------------------------------------------------------------


def test_user_agent_names_monitor_and_its_url(server, healthy, make):
    h = make([healthy])
    h.poll()
    (path, headers), = server.requests
    assert path == HEALTHY
    agent = headers["user-agent"]
    assert agent.startswith("monitor/")
    assert PROJECT_URL in agent
    assert "gzip" in headers["accept-encoding"]
    assert "application/rss+xml" in headers["accept"]


def test_user_agent_can_be_configured(server, healthy, make):
    h = make([healthy], user_agent="my-bot/1.0 (+https://example.org/bot)")
    h.poll()
    assert server.requests[0][1]["user-agent"] == "my-bot/1.0 (+https://example.org/bot)"


def test_many_faults_in_one_run_leave_healthy_sources_alone(server, make):
    """All the faults at once, through the real CLI in a subprocess."""
    server.routes["/ok1.xml"] = Reply(200, rss(3), RSS)
    server.routes["/ok2.xml"] = Reply(200, rss(5, title="Two"), RSS)
    server.routes["/e500"] = Reply(500, b"")
    server.routes["/e410"] = Reply(410, b"")
    server.routes["/html"] = Reply(200, b"<html><body>hi</body></html>", HTML)
    server.routes["/loop"] = Reply(301, b"", {"Location": "/loop"})
    urls = [server.url(p) for p in ("/ok1.xml", "/e500", "/e410", "/html", "/loop", "/ok2.xml")]
    urls.append("http://127.0.0.1:1/refused")
    h = make(urls)
    cfg = str(h.config.path)
    state = str(h.config.state_dir)
    run = [sys.executable, "-m", "monitor", "--config", cfg, "--state", state]
    polled = subprocess.run(
        [*run, "poll", "--json"], capture_output=True, text=True, timeout=30, check=False
    )
    assert polled.returncode == 3, polled.stderr  # some sources failed
    summary = json.loads(polled.stdout)
    assert summary["sources"] == 7
    assert summary["ok"] == 2
    assert summary["failed"] == 5
    assert summary["new_entries"] == 8
    shown = subprocess.run(
        [*run, "status", "--json"], capture_output=True, text=True, timeout=30, check=False
    )
    assert shown.returncode == 0, shown.stderr
    status = {s["url"]: s for s in json.loads(shown.stdout)["sources"]}
    assert status[server.url("/ok1.xml")]["entries"] == 3
    assert status[server.url("/ok2.xml")]["entries"] == 5
    assert status[server.url("/e410")]["state"] == "disabled"
    for path in ("/e500", "/html", "/loop"):
        assert status[server.url(path)]["state"] == "error"
        assert status[server.url(path)]["last_error"]
    assert status["http://127.0.0.1:1/refused"]["state"] == "error"
