"""Failures in words: a network error as a person would say it ("connection refused", not
"[Errno 111]"), and many sources failing for one cause told once ("17 sources: host names
do not resolve (no network?)"). Used by `monitor poll`, `monitor status`, the daemon's log
and digests."""

from __future__ import annotations

import errno
import re
import socket
import ssl
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

# What a stored error text means, first match wins: (pattern, words).
_TEXT_CAUSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (r"name or service not known|nodename nor servname|temporary failure in name "
         r"resolution|no address associated|getaddrinfo failed|errno -[235]\b|"
         r"host name does not resolve", "host name does not resolve"),
        (r"connection refused|errno 111\b|errno 61\b", "connection refused"),
        (r"network is unreachable|errno 101\b", "network unreachable"),
        (r"no route to host|errno 113\b", "no route to host"),
        (r"connection reset|errno 104\b", "connection reset by the server"),
        (r"hostname mismatch|not valid for|doesn't match|does not match",
         "TLS certificate not valid for this host"),
        (r"certificate has expired", "TLS certificate expired"),
        (r"self[- ]signed certificate", "TLS certificate is self-signed"),
        (r"certificate verify failed|certificate_verify_failed", "TLS certificate not trusted"),
        (r"\bssl\b|\btls\b", "TLS handshake failed"),
        (r"timed out|timeout", "timed out"),
        (r"server disconnected|remoteprotocolerror", "server closed the connection"),
    )
)

# A cause shared by many sources at once usually means the machine, not the sources.
_MANY_HINTS = {
    "host name does not resolve": "host names do not resolve (no network?)",
    "network unreachable": "network unreachable (no network?)",
    "timed out": "timed out (slow or no network?)",
}


def plain_error(text: str) -> str:
    """A stored or raised error text in words; text that is already plain stays as it is
    (an HTTP status, a parse problem, our own messages)."""
    if text.startswith("HTTP ") or "cap" in text:
        return text
    for pattern, words in _TEXT_CAUSES:
        if pattern.search(text):
            return words
    return text.removeprefix("cannot connect: ")


def network_error_words(exc: BaseException) -> str | None:
    """The cause of a network exception in words, found along its chain of causes (an
    OSError's errno, a DNS failure, a certificate check); None when no cause is known."""
    for cause in _chain(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = str(cause.verify_message or cause)
            named = re.search(r"not valid for '([^']+)'", detail)
            words = plain_error(detail)
            return f"{words} ({named.group(1)})" if named else words
        if isinstance(cause, socket.gaierror):
            return "host name does not resolve"
        if isinstance(cause, TimeoutError):
            return "timed out"
        if isinstance(cause, OSError) and cause.errno is not None:
            known = {
                errno.ECONNREFUSED: "connection refused",
                errno.ENETUNREACH: "network unreachable",
                errno.EHOSTUNREACH: "no route to host",
                errno.ECONNRESET: "connection reset by the server",
                errno.ETIMEDOUT: "timed out",
            }
            if cause.errno in known:
                return known[cause.errno]
    for cause in _chain(exc):
        words = plain_error(str(cause))
        if words != str(cause).removeprefix("cannot connect: "):
            return words
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(getattr(current, "exceptions", ()) or ())
        todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                todo.append(linked)


def failure_lines(failures: Iterable[tuple[str, str]], wide: bool = False) -> list[str]:
    """One line per cause: `url: cause` when one source has it, `N sources: cause (hosts)`
    when several share it, the biggest group first."""
    groups: dict[str, list[str]] = {}
    for url, error in failures:
        groups.setdefault(plain_error(error), []).append(url)
    lines = []
    for cause, urls in sorted(groups.items(), key=lambda item: -len(item[1])):
        if len(urls) == 1:
            lines.append(f"{urls[0]}: {cause}")
            continue
        names = urls if wide else _hosts(urls)
        shown = ", ".join(names[:3]) + (f", … ({len(names) - 3} more)" if len(names) > 3 else "")
        lines.append(f"{len(urls)} sources: {_MANY_HINTS.get(cause, cause)} ({shown})")
    return lines


def _hosts(urls: list[str]) -> list[str]:
    """Each URL's host (a local path as it is), once each, in order."""
    seen: dict[str, None] = {}
    for url in urls:
        seen.setdefault(urlsplit(url).hostname or url, None)
    return list(seen)


__all__ = ["failure_lines", "network_error_words", "plain_error"]
