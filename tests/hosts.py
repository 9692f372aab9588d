"""Servers on other loopback addresses (127.0.0.2, 127.0.0.3, …): several "hosts" for the
fetcher's per-host limits and for the private-network rule, without leaving 127.0.0.0/8."""

from __future__ import annotations

import contextlib
import errno
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

# path -> (status, headers, body); a callable is asked each time (it may block).
Answer = tuple[int, dict[str, str], bytes]
Route = Answer | Callable[[], Answer]


class HostServer:
    """An HTTP/1.1 server on one loopback address; records each request's path and counts
    the connections it accepted."""

    def __init__(
        self, host: str, routes: dict[str, Route] | None = None, port: int = 0
    ) -> None:
        assert host.startswith("127."), "tests never leave the loopback network"
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[str] = []
        self.connections = 0
        counting = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:  # one handler per accepted connection
                with counting:
                    server.connections += 1
                super().setup()

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append(self.path)
                route = server.routes.get(self.path, (404, {}, b"not found"))
                status, headers, body = route() if callable(route) else route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        try:
            self.httpd = ThreadingHTTPServer((host, port), _Handler)
        except OSError as exc:  # macOS has only 127.0.0.1 unless told otherwise
            if host == "127.0.0.1" or exc.errno != errno.EADDRNOTAVAIL:
                raise
            pytest.skip(f"cannot listen on {host} ({exc.strerror}); this test needs the "
                        "whole 127.0.0.0/8 on the loopback interface, as Linux has it")
        self.httpd.daemon_threads = True
        self.host, self.port = host, self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> int:
        return self.requests.count(path)


@contextmanager
def serving(*servers: HostServer) -> Iterator[tuple[HostServer, ...]]:
    """Run the servers for the length of a with block."""
    for server in servers:
        server.thread.start()
    try:
        yield servers
    finally:
        for server in servers:
            server.httpd.shutdown()
            server.httpd.server_close()
