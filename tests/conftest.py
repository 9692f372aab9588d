"""Shared fixtures: a programmable HTTP server on 127.0.0.1, feed builders, configs.

Tests are hermetic: the only server any test talks to is the one started here.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# PostgreSQL fixtures (pg_server, pg_url): tests/pg_fixtures.py.
pytest_plugins = ["pg_fixtures"]

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Small limits so every fault is decided in about a second; parsing in-process.
FAST: dict[str, Any] = {
    "timeout": "2s",
    "connect_timeout": "1s",
    "read_timeout": "1s",
    "max_body": "64KiB",
    "parse_workers": 1,
}
RSS = {"Content-Type": "application/rss+xml"}


# CI (`.ci/run`) replays the same property-test examples every time, so a run never fails
# on a case no one has seen; local runs keep drawing new ones (how matcher bugs are found).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("MONITOR_TEST_PROFILE") == "ci":
    settings.load_profile("ci")


@dataclass
class Reply:
    """A canned response: status, headers and body (bytes)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[BaseHTTPRequestHandler], Reply | None]


class _BacklogServer(ThreadingHTTPServer):
    """socketserver listens with a backlog of 5: two polls opening dozens of connections
    at once overflowed it, and a dropped SYN is retried after a second, past the tests'
    one-second connect timeout (a healthy feed failed with ConnectTimeout now and then)."""

    request_queue_size = 128


class FeedServer:
    """Routes path -> Reply or handler; records every request's path and headers.

    A handler gets the live request handler and may write the response itself (for
    trickling or endless bodies) and return None, or return a Reply.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no delayed-ACK stall between headers and body

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    reply: Reply | None = Reply(404, b"not found")
                elif isinstance(route, Reply):
                    reply = route
                else:
                    reply = route(self)
                if reply is None:
                    return
                etag = reply.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag and reply.status == 200:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(reply.body)

        self.httpd = _BacklogServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A fresh FeedServer on 127.0.0.1 with an ephemeral port."""
    srv = FeedServer().start()
    try:
        yield srv
    finally:
        srv.stop()


def rss(
    items: list[dict[str, str]] | int,
    *,
    title: str = "Test feed",
    ttl: int | None = None,
    encoding: str = "utf-8",
) -> bytes:
    """An RSS 2.0 document; `items` is a count (generated items) or dicts with guid, title,
    link, description and optional pubDate."""
    if isinstance(items, int):
        items = [
            {
                "guid": f"urn:test:{i}",
                "title": f"Item {i}",
                "link": f"https://example.org/{i}",
                "description": f"<p>Body of item {i}.</p>",
            }
            for i in range(items)
        ]
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>', '<rss version="2.0"><channel>']
    parts.append(f"<title>{title}</title><link>https://example.org/</link>")
    if ttl is not None:
        parts.append(f"<ttl>{ttl}</ttl>")
    for item in items:
        parts.append("<item>")
        for key in ("guid", "title", "link", "pubDate", "author"):
            if key in item:
                parts.append(f"<{key}>{_escape(item[key])}</{key}>")
        if "description" in item:
            parts.append(f"<description>{_escape(item['description'])}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding, "xmlcharrefreplace")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def http_date(moment: datetime | None = None, *, offset: float = 0) -> str:
    """An HTTP date, now (or at `moment`) plus `offset` seconds."""
    moment = (moment or datetime.now(UTC)) + timedelta(seconds=offset)
    return format_datetime(moment, usegmt=True)


def write_config(
    path: Path, urls: list[str], *, state: str = "state", **settings: Any
) -> Path:
    """A monitor.toml with the given sources and [monitor] settings (strings quoted)."""
    lines = ["[monitor]", f'state = "{state}"']
    for key, value in settings.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    for url in urls:
        lines += ["", "[[source]]", f'url = "{url}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the console entry point in-process: exit code, stdout, stderr."""
    from monitor.cli import main

    monkeypatch.setattr(sys, "argv", ["monitor", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err
