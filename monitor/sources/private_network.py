"""Where a fetch may connect: the user's own sources anywhere, the rest of the web only on
the public internet.

A feed on the public internet must not make us request the private network (127.0.0.1,
10.x, 192.168.x, link-local cloud metadata, …): not by linking an article there, not by a
redirect, not by a name that resolves there, not by a name that resolves elsewhere when
checked and there when connected (DNS rebinding). So the check is in the HTTP layer, on
every request and every redirect hop: the name is resolved once, every address checked,
and the connection made to a checked address.

The rule for one fetch (a `Reach`, kept in a context variable for the fetch's task):
- a source the user configured may be anywhere; the address its first request reached
  decides the rest: a source inside the private network may redirect and link inside it,
  a source on the public internet only to the public internet;
- anything else (an article a feed links) may reach only the public internet, unless the
  feed it came from is inside the private network itself.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from contextvars import ContextVar
from dataclasses import dataclass

import anyio
import httpcore
import httpx


@dataclass
class Reach:
    """Where one fetch may connect. `private`: whether the private network is allowed; None
    for a source the user configured, whose first request may go anywhere, until it is
    answered: then whether the answer came from inside."""

    private: bool | None = False


REACH: ContextVar[Reach | None] = ContextVar("monitor_fetch_reach", default=None)


def is_private_address(address: str) -> bool:
    """Whether an IP address is outside the public internet (private, loopback, link-local,
    shared, reserved, multicast, unspecified; IPv4-mapped IPv6 judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0].strip("[]"))
    except ValueError:
        return True  # not an address we can judge: not one to connect to either
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    """Every address a host name (or IP literal) stands for, in the resolver's order."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def is_private_host(host: str | None) -> bool:
    """Whether a host is, or resolves to, an address outside the public internet; no host
    (a local file) counts as inside. An unresolvable name counts as outside: fetching it
    fails and says so."""
    if not host:
        return True
    try:
        addresses = await resolve(host, 0)
    except (OSError, UnicodeError):
        return False
    return any(is_private_address(address) for address in addresses)


class PrivateAddress(httpcore.ConnectError):
    """A connection refused before it was made: the host is inside the private network."""

    def __init__(self, host: str, address: str) -> None:
        where = host if host == address else f"{host} ({address})"
        super().__init__(
            f"not fetched: {where} is in a private network, and a link or redirect from "
            "the public internet may not lead there"
        )


class _Pinned(httpcore.AsyncNetworkBackend):
    """Resolves the name once and connects to an address it gave (pinned: no second lookup
    can swap it); with `public_only`, refuses the name if any of its addresses is private."""

    def __init__(self, public_only: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._public_only = public_only

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                addresses = await resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"looking up {host} timed out") from None
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot look up {host}: {exc}") from exc
        for address in addresses:
            if self._public_only and is_private_address(address):
                raise PrivateAddress(host, address)
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("not fetched: a Unix socket is not on the public internet")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _transport(
    verify: typing.Any, limits: httpx.Limits, backend: httpcore.AsyncNetworkBackend
) -> httpx.AsyncHTTPTransport:
    """httpx's transport on a connection pool with our network backend (httpx takes none,
    so its pool is replaced)."""
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=verify,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=backend,
    )
    return transport


def _answered_from_inside(response: httpx.Response) -> bool:
    """Whether the connection a response came on goes to a private address."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    return peer is not None and is_private_address(str(peer[0]))


class GuardedTransport(httpx.AsyncBaseTransport):
    """HTTP with the rule above on every request, redirects included. Two connection pools,
    so a connection opened for the user's private source is never reused for a request
    that may reach only the public internet."""

    def __init__(self, verify: typing.Any, limits: httpx.Limits) -> None:
        self._anywhere = _transport(verify, limits, _Pinned(public_only=False))
        self._public = _transport(verify, limits, _Pinned(public_only=True))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        reach = REACH.get() or Reach()
        first = reach.private is None  # a fetch's first request is the only one before
        # an answer: a redirect hop or the next request comes after one
        if not (reach.private or first):
            return await self._public.handle_async_request(request)
        response = await self._anywhere.handle_async_request(request)
        if first:
            reach.private = _answered_from_inside(response)
        return response

    async def aclose(self) -> None:
        await self._anywhere.aclose()
        await self._public.aclose()


__all__ = [
    "REACH", "GuardedTransport", "PrivateAddress", "Reach", "is_private_address",
    "is_private_host", "resolve",
]
