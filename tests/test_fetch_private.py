"""The private-network rule at the HTTP layer: a feed on the public internet cannot make us
request the private network, by a link, a redirect, a name that resolves inside, or a name
that resolves elsewhere when checked and inside when connected; a feed the user put inside
the private network works as before.

Nothing leaves 127.0.0.0/8: the tests play "the internet" on 127.0.0.2 and up, and keep
127.0.0.1 (and every other address) as the private network."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import rss
from hosts import HostServer, serving
from test_fetch_hosts import source

from monitor.config import Settings
from monitor.models import FetchResult, ParsedFeed
from monitor.sources import private_network
from monitor.sources.feeds import parse_feed
from monitor.sources.fetch import Fetcher
from monitor.sources.fulltext import add_full_text

RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
SECRET = b"<html><body><p>internal admin page: Loudiyi private notes</p></body></html>"
ARTICLE = (
    b"<html><body><main><article><h1>Talks</h1><p>The delegation was led by Loudiyi, who "
    b"signed the agreement on armoured vehicles after a week of talks in Rabat.</p>"
    b"</article></main></body></html>"
)
SETTINGS = Settings(timeout=10.0, read_timeout=5.0, connect_timeout=5.0)


def play_internet(address: str) -> bool:
    """127.0.0.2 and up play the public internet; 127.0.0.1 and the rest are private."""
    return address == "127.0.0.1" or not address.startswith("127.0.0.")


@pytest.fixture(autouse=True)
def fake_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(private_network, "is_private_address", play_internet)


@pytest.fixture
def inside() -> Iterator[HostServer]:
    """A service inside the private network, which must never be asked."""
    server = HostServer("127.0.0.1", {"/secret": (200, HTML, SECRET)})
    with serving(server):
        yield server


def fetch(url: str) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(SETTINGS, Path(".")) as fetcher:
            return await fetcher.fetch(source(url))

    return asyncio.run(run())


@pytest.mark.parametrize("by", ["address", "name"])
def test_a_public_feed_cannot_redirect_into_the_private_network(
    inside: HostServer, by: str
) -> None:
    target = inside.url("/secret")
    if by == "name":
        target = target.replace("127.0.0.1", "localhost")
    public = HostServer("127.0.0.2", {"/feed": (302, {"Location": target}, b"")})
    with serving(public):
        result = fetch(public.url("/feed"))
    assert result.error is not None and "private network" in result.error, result.error
    assert result.body == b""
    assert public.hits("/feed") == 1 and inside.requests == []


def test_a_redirect_through_another_public_host_is_checked_on_every_hop(
    inside: HostServer,
) -> None:
    second = HostServer("127.0.0.3", {"/hop": (301, {"Location": inside.url("/secret")}, b"")})
    public = HostServer("127.0.0.2", {"/feed": (302, {"Location": second.url("/hop")}, b"")})
    with serving(public, second):
        result = fetch(public.url("/feed"))
    assert result.error is not None and "private network" in result.error
    assert second.hits("/hop") == 1 and inside.requests == []


def test_a_users_feed_inside_the_private_network_may_redirect_inside_and_out() -> None:
    public = HostServer("127.0.0.2", {"/feed": (200, RSS, rss(1))})
    inner = HostServer("127.0.0.1", {
        "/old": (301, {"Location": "/moved"}, b""),
        "/moved": (302, {"Location": public.url("/feed")}, b""),
        "/feed": (200, RSS, rss(2)),
    })
    with serving(public, inner):
        assert fetch(inner.url("/feed")).body == rss(2)
        moved = fetch(inner.url("/old"))
    assert moved.error is None and moved.body == rss(1)
    assert moved.final_url == public.url("/feed")
    assert inner.requests == ["/feed", "/old", "/moved"]


def test_a_public_feed_may_redirect_on_the_public_internet() -> None:
    second = HostServer("127.0.0.3", {"/feed": (200, RSS, rss(3))})
    public = HostServer("127.0.0.2", {"/feed": (301, {"Location": second.url("/feed")}, b"")})
    with serving(public, second):
        result = fetch(public.url("/feed"))
    assert result.error is None and result.body == rss(3)
    assert result.moved_to == second.url("/feed")


def full_text(feed_url: str, links: list[str]) -> ParsedFeed:
    body = rss([
        {"guid": str(n), "title": f"Story {n}", "link": link, "description": "Talks went on."}
        for n, link in enumerate(links)
    ])
    parsed = parse_feed(body, {"content-type": "application/rss+xml"}, feed_url)

    async def run() -> ParsedFeed:
        async with Fetcher(SETTINGS, Path(".")) as fetcher:
            return await add_full_text(fetcher, parsed, {}, source_url=feed_url)

    return asyncio.run(run())


def test_a_public_feeds_articles_never_reach_the_private_network(inside: HostServer) -> None:
    articles = HostServer("127.0.0.3", {
        "/ok": (200, HTML, ARTICLE),
        "/bounce": (302, {"Location": inside.url("/secret")}, b""),
        "/by-name": (302, {"Location": inside.url("/secret").replace("127.0.0.1", "localhost")},
                     b""),
    })
    with serving(articles):
        parsed = full_text(
            "http://127.0.0.2:9/feed",  # where the feed was fetched from: the internet
            [articles.url("/ok"), inside.url("/secret"), articles.url("/bounce"),
             articles.url("/by-name")],
        )
    assert "led by Loudiyi" in parsed.entries[0].content_text
    for entry in parsed.entries[1:]:
        assert entry.content_text == "Talks went on."
    assert parsed.warning is not None
    assert parsed.warning.startswith("full text: 3 of 4 articles failed")
    assert parsed.warning.count("private network") == 3
    assert inside.requests == []
    assert articles.requests.count("/bounce") == 1


def test_a_feed_inside_the_private_network_gets_its_articles_there(
    inside: HostServer,
) -> None:
    inside.routes["/a"] = (200, HTML, ARTICLE)
    parsed = full_text(inside.url("/feed"), [inside.url("/a")])
    assert "led by Loudiyi" in parsed.entries[0].content_text
    assert parsed.warning is None


def test_the_checked_address_is_the_one_connected_to(
    inside: HostServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that is public when looked up and private a moment later.
    The name is looked up once per connection and the connection goes to what was
    checked; the next connection's lookup is checked again."""
    public = HostServer("127.0.0.2", {"/a": (200, HTML, ARTICLE)})
    twin = HostServer("127.0.0.1", {"/a": (200, HTML, SECRET)}, port=public.port)
    answers = [["127.0.0.2"], ["127.0.0.1"]]
    looked_up: list[str] = []
    real_resolve = private_network.resolve

    async def rebinding(host: str, port: int) -> list[str]:
        if host != "rebind.example":
            return await real_resolve(host, port)
        looked_up.append(host)
        return answers[min(len(looked_up), len(answers)) - 1]

    monkeypatch.setattr(private_network, "resolve", rebinding)
    url = f"http://rebind.example:{public.port}/a"

    async def get() -> FetchResult:
        async with Fetcher(SETTINGS, Path(".")) as fetcher:
            return await fetcher.fetch_url(url)

    with serving(public, twin):
        first = asyncio.run(get())
        second = asyncio.run(get())
    assert first.error is None and first.body == ARTICLE
    assert second.error is not None and "private network" in second.error
    assert looked_up == ["rebind.example", "rebind.example"]
    assert public.hits("/a") == 1 and twin.requests == []


def test_https_to_a_checked_address_still_verifies_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the checked address, the certificate is checked against the
    name in the URL."""
    import ssl
    import subprocess

    from monitor.sources import fetch as fetch_module

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    server = HostServer("127.0.0.2", {"/a": (200, HTML, ARTICLE)})
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    real_resolve = private_network.resolve

    async def names(host: str, port: int) -> list[str]:
        if host in ("news.example", "other.example"):
            return ["127.0.0.2"]
        return await real_resolve(host, port)

    monkeypatch.setattr(private_network, "resolve", names)
    fetch_module.tls_context.cache_clear()
    fetch_module._load_ca_bundle.cache_clear()
    try:
        fetch_module.tls_context().load_verify_locations(cafile=str(cert))

        async def get(url: str) -> FetchResult:
            async with Fetcher(SETTINGS, Path(".")) as fetcher:
                return await fetcher.fetch_url(url)

        with serving(server):
            good = asyncio.run(get(f"https://news.example:{server.port}/a"))
            wrong = asyncio.run(get(f"https://other.example:{server.port}/a"))
    finally:
        fetch_module.tls_context.cache_clear()
        fetch_module._load_ca_bundle.cache_clear()
    assert good.error is None and good.body == ARTICLE
    assert wrong.error is not None and "other.example" in wrong.error
    assert server.hits("/a") == 1


def test_whether_a_feed_is_inside_is_where_it_was_answered_from(
    inside: HostServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed's name that answers from the internet, then resolves inside for the next
    lookup, does not unlock the private network for its article links."""
    feed = HostServer("127.0.0.2")
    feed.routes["/feed"] = (200, RSS, rss([
        {"guid": "1", "title": "t", "link": inside.url("/secret"), "description": "Talks."},
    ]))
    lookups: list[str] = []
    real_resolve = private_network.resolve

    async def rebinding(host: str, port: int) -> list[str]:
        if host != "feed.example":
            return await real_resolve(host, port)
        lookups.append(host)
        return ["127.0.0.2"] if len(lookups) == 1 else ["127.0.0.1"]

    monkeypatch.setattr(private_network, "resolve", rebinding)
    url = f"http://feed.example:{feed.port}/feed"

    async def poll() -> ParsedFeed:
        async with Fetcher(SETTINGS, Path(".")) as fetcher:
            fetched = await fetcher.fetch(source(url))
            assert fetched.error is None and fetcher.answered_inside(url) is False
            parsed = parse_feed(fetched.body, fetched.headers, url)
            return await add_full_text(fetcher, parsed, {}, source_url=url)

    with serving(feed):
        parsed = asyncio.run(poll())
    assert parsed.warning is not None and "private network" in parsed.warning
    assert inside.requests == [] and lookups == ["feed.example"]
