"""Fetch a source's bytes politely and defensively; every failure comes back as a value.

httpx does the HTTP. Several small clients share the load, since one AsyncClient's
connection-pool bookkeeping slows it badly at high concurrency, while clients of a few
connections each keep their speed. A global and a per-host semaphore bound the load we
put on the network and on any one site. Bodies are streamed and decompressed by us, with
a cap on both the bytes received and the bytes decompressed (gzip bombs stop at the cap).
Every request and redirect hop goes through private_network's guard: a source the user
configured may be anywhere, what a remote document sends us to only on the public internet.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import math
import re
import ssl
import time
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import certifi
import httpx

from monitor import USER_AGENT
from monitor.config import Settings
from monitor.models import FetchResult, Source, SourceKind
from monitor.sources.folder import list_folder
from monitor.sources.private_network import REACH, GuardedTransport, PrivateAddress, Reach

CONNECTIONS_PER_CLIENT = 4
KEPT_HOSTS = 1024  # hosts whose pools are remembered after their requests end
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
# For page sources and one-off fetches of pages, such as the articles a feed links to.
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.I)


class BodyTooLarge(Exception):
    """The body (raw or decompressed) went past the configured cap."""


def is_local(url: str) -> bool:
    """A `file:` URL or a plain path rather than an http(s) URL."""
    scheme = urlsplit(url).scheme.lower()
    return scheme == "file" or scheme not in ("http", "https")


def local_path(url: str, base_dir: Path) -> Path:
    """The file a local source names; relative paths are relative to the config's folder."""
    if url.lower().startswith("file:"):
        parts = urlsplit(url)
        path = Path(unquote(parts.path or parts.netloc))
    else:
        path = Path(url).expanduser()
    return path if path.is_absolute() else base_dir / path


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(moment.timestamp() - now, 0.0)


def max_age_seconds(cache_control: str | None) -> float | None:
    """The max-age of a Cache-Control header, unless no-cache/no-store says otherwise."""
    if not cache_control or re.search(r"no-(cache|store)", cache_control, re.I):
        return None
    match = _MAX_AGE.search(cache_control)
    return float(match.group(1)) if match else None


class _Decoder:
    """Content-Encoding decoding with a cap on output, fed chunk by chunk."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.chunks: list[bytes] = []
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise ValueError(f"unsupported stacked Content-Encoding {encoding!r}")
        self.coding = codings[0] if codings else ""
        if self.coding in ("gzip", "x-gzip"):
            self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
        elif self.coding == "deflate":
            self.inflater = zlib.decompressobj()
            self.raw_deflate_tried = False
        elif self.coding:
            raise ValueError(f"unsupported Content-Encoding {encoding!r} (we asked for gzip)")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise BodyTooLarge
        self.chunks.append(data)

    def feed(self, data: bytes) -> None:
        if not self.coding:
            self._keep(data)
            return
        while data:
            try:
                out = self.inflater.decompress(data, self.cap - self.size + 1)
            except zlib.error:
                if self.coding == "deflate" and not self.raw_deflate_tried and not self.chunks:
                    # Some servers send raw deflate without the zlib header.
                    self.raw_deflate_tried = True
                    self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise
            self._keep(out)
            data = self.inflater.unconsumed_tail

    def finish(self) -> bytes:
        if self.coding:
            self._keep(self.inflater.flush())
        return b"".join(self.chunks)


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:g} MiB" if size >= 1024 * 1024 else f"{size} bytes"


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client: verifying, with certifi's CA bundle loaded on the
    first HTTPS request (loading takes tens of ms, which a poll of http or local sources,
    or a forked worker's parent, need not pay)."""
    # What create_default_context gives for servers (certificates and host names checked),
    # without its loading of the system's CA store.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    return context


@functools.cache
def _load_ca_bundle() -> None:
    tls_context().load_verify_locations(cafile=certifi.where())


async def _before_request(request: httpx.Request) -> None:
    """Every request, redirects included: make sure HTTPS can be verified before it starts."""
    if request.url.scheme == "https":
        _load_ca_bundle()


@dataclass
class _Host:
    """One host's share of the fetcher: its turns and its pools."""

    turns: asyncio.Semaphore  # per_host requests at a time
    home: int  # its first pool
    requests: int = 0  # under way or waiting for a turn


class Fetcher:
    """Fetches sources over HTTP(S) or from local files within the configured limits."""

    def __init__(
        self,
        settings: Settings,
        base_dir: Path,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.base_dir = base_dir
        self._transport = transport
        self._clients: list[httpx.AsyncClient] = []
        self._busy: list[int] = []  # requests under way in each pool
        self._global = asyncio.Semaphore(settings.concurrency)
        # Hosts fetched lately: their turns and pools (see _arrive for how many are kept).
        self._hosts: dict[str, _Host] = {}
        self._arrivals = 0  # hosts that came so far: where the next one's pools start
        # Source URL -> whether its last fetch was answered from inside the private network.
        self._inside: dict[str, bool] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            await client.aclose()

    def _pool_for(self, home: int) -> int:
        """The index of the small client (all created on first use) a request to a host
        whose first pool is `home` goes through: a host's requests go through the same
        connection pool and reuse its kept-alive connections (round robin made a new
        connection for almost every request to a host with several feeds). A host with a
        per_host above one pool's size has several pools and takes the least busy."""
        if not self._clients:
            count = max(1, math.ceil(self.settings.concurrency / CONNECTIONS_PER_CLIENT))
            limits = httpx.Limits(
                max_connections=None,  # the global and per-host limits bound it
                max_keepalive_connections=CONNECTIONS_PER_CLIENT,
            )
            timeout = httpx.Timeout(
                self.settings.read_timeout, connect=self.settings.connect_timeout
            )
            headers = {
                "User-Agent": self.settings.user_agent or USER_AGENT,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            }
            verify = tls_context()
            self._clients = [
                httpx.AsyncClient(
                    verify=verify,
                    headers=headers,
                    timeout=timeout,
                    limits=limits,
                    follow_redirects=True,
                    max_redirects=self.settings.max_redirects,
                    transport=self._transport or GuardedTransport(verify, limits),
                    event_hooks={"request": [_before_request]},
                )
                for _ in range(count)
            ]
            self._busy = [0] * count
        pools = [(home + turn) % len(self._clients) for turn in range(self._spread())]
        return min(pools, key=self._busy.__getitem__)

    def _spread(self) -> int:
        """How many pools a host's requests spread over (its per_host, four to a pool)."""
        return max(1, math.ceil(self.settings.per_host / CONNECTIONS_PER_CLIENT))

    def _arrive(self, host: str) -> _Host:
        """The host's share; a new host's pools come after the last host's, in the order
        hosts come. A host keeps its pools (and so its kept-alive connections) after its
        requests end, until KEPT_HOSTS others came: then the hosts with nothing under way
        are let go, so a daemon that fetches articles from thousands of sites does not keep
        them all for its lifetime."""
        found = self._hosts.get(host)
        if found is None:
            if len(self._hosts) >= KEPT_HOSTS:
                self._hosts = {name: h for name, h in self._hosts.items() if h.requests}
            home = self._arrivals * self._spread()
            found = self._hosts[host] = _Host(asyncio.Semaphore(self.settings.per_host), home)
            self._arrivals += 1
        return found

    async def fetch(self, source: Source) -> FetchResult:
        """Fetch one source; errors (network, HTTP, size, time) are returned, not raised."""
        url = source.effective_url
        started = time.monotonic()
        if source.kind is SourceKind.DIR:
            if not is_local(url):
                result = FetchResult(error=f"{url} is not a folder; a folder source needs a path")
            else:
                folder = local_path(url, self.base_dir)
                result = await asyncio.to_thread(list_folder, folder, self.settings.max_body)
        elif is_local(url):
            result = await asyncio.to_thread(self._read_local, source)
        else:
            reach = Reach(private=None)  # the user's source: may be anywhere
            result = await self._get(url, self._conditional_headers(source), reach)
            if reach.private is None:
                self._inside.pop(url, None)
            else:
                self._inside[url] = reach.private
        return _with_duration(result, time.monotonic() - started)

    def answered_inside(self, url: str) -> bool | None:
        """Whether the last fetch of this source URL was answered from an address inside
        the private network (None: not fetched over HTTP by this fetcher)."""
        return self._inside.get(url)

    async def fetch_url(
        self, url: str, accept: str = PAGE_ACCEPT, *, private: bool = False
    ) -> FetchResult:
        """One GET of an http(s) URL a remote document named (e.g. an article a feed links
        to), without conditional headers, within the same limits (concurrency, per host,
        size cap, timeout); only on the public internet unless `private` allows more."""
        started = time.monotonic()
        result = await self._get(url, {"Accept": accept}, Reach(private=private))
        return _with_duration(result, time.monotonic() - started)

    async def _get(self, url: str, headers: dict[str, str], reach: Reach) -> FetchResult:
        """A GET within the per-host and global limits and the overall timeout, connecting
        only where `reach` allows. The host's turn comes first: a request waiting on a slow
        host holds no global slot."""
        name = urlsplit(url).netloc.lower()
        host = self._arrive(name)
        host.requests += 1
        try:
            async with host.turns, self._global:
                token = REACH.set(reach)
                try:
                    async with asyncio.timeout(self.settings.timeout):
                        return await self._fetch_http(url, headers, host.home)
                except TimeoutError:
                    return FetchResult(
                        error=f"timed out after {self.settings.timeout:g}s "
                        "(the server is too slow or keeps trickling bytes)"
                    )
                finally:
                    REACH.reset(token)
        finally:
            host.requests -= 1

    def _read_local(self, source: Source) -> FetchResult:
        path = local_path(source.effective_url, self.base_dir)
        try:
            stat = path.stat()
            if path.is_dir():
                return FetchResult(error=f"{path} is a folder; name a feed file")
            tag = f"{stat.st_mtime_ns}-{stat.st_size}"
            if source.etag == tag:
                return FetchResult(not_modified=True, etag=tag)
            if stat.st_size > self.settings.max_body:
                return FetchResult(
                    error=f"file is larger than the {_human(self.settings.max_body)} cap "
                    "(max_body in monitor.toml)"
                )
            with path.open("rb") as handle:
                body = handle.read(self.settings.max_body + 1)
        except FileNotFoundError:
            return FetchResult(error=f"file not found: {path}")
        except OSError as exc:
            return FetchResult(error=f"cannot read {path}: {exc.strerror or exc}")
        return FetchResult(body=body, etag=tag, size=len(body), final_url=path.as_uri())

    @staticmethod
    def _conditional_headers(source: Source) -> dict[str, str]:
        headers = {}
        if source.kind is SourceKind.PAGE:  # a web page: ask for HTML, not a feed
            headers["Accept"] = PAGE_ACCEPT
        if source.etag:
            headers["If-None-Match"] = source.etag
        if source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        return headers

    async def _fetch_http(self, url: str, headers: dict[str, str], home: int) -> FetchResult:
        pool = self._pool_for(home)
        self._busy[pool] += 1
        try:
            return await self._fetch_with(self._clients[pool], url, headers)
        finally:
            self._busy[pool] -= 1

    async def _fetch_with(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str]
    ) -> FetchResult:
        cap = self.settings.max_body
        common: dict[str, Any] = {}
        try:
            async with client.stream("GET", url, headers=headers) as response:
                moved_to = _permanent_redirect(response)
                common = {
                    "status": response.status_code,
                    "final_url": str(response.url),
                    "moved_to": moved_to,
                    "headers": {k.lower(): v for k, v in response.headers.items()},
                }
                if response.status_code == 304:
                    await response.aread()  # empty: reading it keeps the connection alive
                    return FetchResult(not_modified=True, **common)
                if response.status_code >= 400 or response.status_code < 200:
                    await _drain(response, 64 * 1024)  # short error pages keep the connection
                    phrase = response.reason_phrase or ""
                    return FetchResult(
                        error=f"HTTP {response.status_code} {phrase}".strip(),
                        retry_after=retry_after_seconds(
                            response.headers.get("retry-after"), time.time()
                        ),
                        **common,
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    return FetchResult(
                        error=f"body of {_human(int(declared))} is over the {_human(cap)} cap "
                        "(max_body in monitor.toml)",
                        **common,
                    )
                decoder = _Decoder(response.headers.get("content-encoding", ""), cap)
                received = 0
                async for chunk in response.aiter_raw():
                    received += len(chunk)
                    if received > cap:
                        raise BodyTooLarge
                    decoder.feed(chunk)
                body = decoder.finish()
                return FetchResult(
                    body=body,
                    size=received,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                    max_age=max_age_seconds(response.headers.get("cache-control")),
                    **common,
                )
        except BodyTooLarge:
            return FetchResult(
                error=f"body is over the {_human(cap)} cap, after decompression "
                "(max_body in monitor.toml)",
                **common,
            )
        except httpx.TooManyRedirects:
            return FetchResult(
                error=f"more than {self.settings.max_redirects} redirects (a redirect loop?)"
            )
        except (zlib.error, ValueError) as exc:
            return FetchResult(error=f"cannot decode the body: {exc}", **common)
        except httpx.TimeoutException as exc:
            return FetchResult(error=f"timed out ({type(exc).__name__})")
        except httpx.HTTPError as exc:
            return FetchResult(error=_network_error(exc))


async def _drain(response: httpx.Response, limit: int) -> None:
    """Read a small body to the end so its connection can be reused; give up on big ones."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= limit:
        await response.aread()


def _permanent_redirect(response: httpx.Response) -> str | None:
    """The final URL when every hop was permanent (301/308), else None."""
    history = response.history
    if history and all(r.status_code in (301, 308) for r in history):
        return str(response.url)
    return None


def _network_error(exc: httpx.HTTPError) -> str:
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, PrivateAddress):
        return str(cause)
    from monitor.failures import network_error_words

    words = network_error_words(exc)
    if words is not None:
        return words
    detail = str(exc) or (str(cause) if cause else "") or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {detail}"
    return f"{type(exc).__name__}: {detail}"


def _with_duration(result: FetchResult, seconds: float) -> FetchResult:
    return replace(result, duration=seconds)


__all__ = ["Fetcher", "is_local", "local_path", "retry_after_seconds", "max_age_seconds"]
