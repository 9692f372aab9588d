"""HTTPS: certificates are always verified, and the CA bundle is loaded on the first HTTPS
request (redirects included), not before every poll. A local TLS server on 127.0.0.1 with
a certificate made by the test stands in for the world."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import certifi
import pytest
from conftest import RSS, FeedServer, Reply, rss

from monitor.config import Settings
from monitor.models import Source, SourceState
from monitor.sources import fetch
from monitor.sources.fetch import Fetcher

pytestmark = pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl tool")


def _source(url: str) -> Source:
    return Source(
        id=1, url=url, fetch_url=None, title=None, tags=(), interval=None,
        state=SourceState.NEVER, last_status=None, last_error=None, error_count=0,
        last_check=None, next_check=None, etag=None, last_modified=None,
    )


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (cert, key)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[FeedServer]:
    srv = FeedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    srv.httpd.socket = context.wrap_socket(srv.httpd.socket, server_side=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def fresh_tls(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A new TLS context for the test, and again after it (the real one is cached)."""
    fetch.tls_context.cache_clear()
    fetch._load_ca_bundle.cache_clear()
    yield
    fetch.tls_context.cache_clear()
    fetch._load_ca_bundle.cache_clear()


def _get(url: str) -> fetch.FetchResult:
    async def run() -> fetch.FetchResult:
        async with Fetcher(Settings(timeout=10.0), Path(".")) as fetcher:
            return await fetcher.fetch(_source(url))

    return asyncio.run(run())


def https(server: FeedServer, path: str) -> str:
    return server.url(path).replace("http://", "https://")


def test_a_certificate_no_ca_vouches_for_is_refused(tls_server: FeedServer, fresh_tls: None):
    tls_server.routes["/feed.xml"] = Reply(200, rss(2), RSS)
    result = _get(https(tls_server, "/feed.xml"))
    assert result.error is not None
    assert "certificate" in result.error.lower()
    assert tls_server.hits("/feed.xml") == 0


def test_the_ca_bundle_is_loaded_on_the_first_https_request_only(
    tls_server: FeedServer, server: FeedServer, fresh_tls: None, certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test's own certificate plays the CA bundle, so the handshake can succeed.
    monkeypatch.setattr(certifi, "where", lambda: str(certificate[0]))
    server.routes["/plain.xml"] = Reply(200, rss(1), RSS)
    assert _get(server.url("/plain.xml")).status == 200
    assert fetch.tls_context().cert_store_stats()["x509_ca"] == 0  # plain HTTP: not loaded

    tls_server.routes["/feed.xml"] = Reply(200, rss(2), RSS)
    # An http URL that redirects to https loads it before the redirected request starts.
    server.routes["/moved.xml"] = Reply(301, b"", {"Location": https(tls_server, "/feed.xml")})
    result = _get(server.url("/moved.xml"))
    assert result.error is None, result.error
    assert result.status == 200 and b"<rss" in result.body
    assert fetch.tls_context().cert_store_stats()["x509_ca"] == 1
