"""Send one message to one channel through Apprise, and say why when it fails.

A channel is an Apprise URL (`mailto://`, `json://`, `ntfy://`, `slack://`, `tgram://`, …),
so every service Apprise knows works without code here. Apprise is imported on first use:
it is slow to import and most commands never send anything. Feed text is hostile, so
alerts go out as plain text (Apprise escapes it for HTML services); only digests, whose
HTML `monitor.digest` sanitises, go out as HTML.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Literal

from monitor.config import Channel
from monitor.errors import MonitorError

SEND_TIMEOUT = 30.0  # seconds for one whole send when the channel sets no timeout
CONNECT_TIMEOUT = 10.0  # at most this long (and half the limit) to reach the service
WEBHOOK_SCHEMES = ("json", "jsons", "form", "forms", "xml", "xmls")
_ADD_LOCK = threading.Lock()  # LogCapture listens on Apprise's global logger

Format = Literal["text", "html", "markdown"]


class ChannelError(MonitorError):
    """A channel named on the command line is unknown, or none is configured."""


@dataclass(frozen=True)
class Message:
    """What goes to a channel: a title and a body in one of Apprise's formats."""

    title: str
    body: str
    format: Format = "text"
    key: str | None = None  # the stable delivery id, so a receiver can drop a repeat


@dataclass(frozen=True)
class Failure:
    """Why a send failed. `unanswered`: the request went out but no answer came within the
    channel's time limit, so it may have arrived (not to be retried blindly)."""

    reason: str
    unanswered: bool = False

    def __str__(self) -> str:
        return self.reason


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(dict.fromkeys(lines))[:500]


def send(channel: Channel, message: Message, timeout: float | None = None) -> Failure | None:
    """Send `message` to `channel`; None when it was accepted, else why (one line).

    The channel's time limit (default 30 s) bounds the whole send, and Apprise's own read
    timeout (4 s by default) is raised to it, so a slow receiver is not cut off early.
    Blocking (network I/O): the daemon calls it in a worker thread.
    """
    import apprise  # slow import, deferred to the first send

    limit = timeout if timeout is not None else channel.timeout
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("apprise").setLevel(logging.WARNING)  # its INFO lines are per send
    notifier = apprise.Apprise()
    with _ADD_LOCK, apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:  # type: ignore[no-untyped-call]
        added = notifier.add(channel.url)
    if not added:
        reason = _one_line(captured.getvalue()) or "Apprise does not know this URL"
        return Failure(f"channel {channel.name}: bad Apprise URL ({reason}); see the Apprise wiki")
    for service in notifier:
        _fit(service, limit, message.key)
    body = message.body
    if message.key and not _is_webhook(channel):
        body += _key_line(message)
    started = time.monotonic()
    try:
        result = notifier.notify(
            body=body,
            title=message.title,
            body_format=message.format,
            timeout=limit + 1.0,  # the socket limits below fire first; this is the backstop
        )
    except Exception as exc:  # a plugin bug must not take the daemon down
        return Failure(f"{type(exc).__name__}: {exc}")
    if result:
        return None
    # Reaching the service may take at most half the limit, so a failure that took the
    # whole limit is a read timeout: the request went out and its answer never came.
    waited = time.monotonic() - started
    if result.status == apprise.AppriseResultStatus.TIMEOUT or waited >= limit:
        return Failure(
            f"sent, but no answer within {limit:g}s (the channel's timeout); it may have "
            "arrived, so it is not retried automatically", unanswered=True,
        )
    reasons = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR")]
    return Failure(
        _one_line("\n".join(reasons)) or f"Apprise reported {result.status.name.lower()}"
    )


def _is_webhook(channel: Channel) -> bool:
    return channel.url.split("://", 1)[0].lower() in WEBHOOK_SCHEMES


def _key_line(message: Message) -> str:
    if message.format == "html":
        return f"<p>delivery id: {message.key}</p>"
    return f"\n\ndelivery id: {message.key}"


def _fit(service: object, limit: float, key: str | None) -> None:
    """Give one Apprise service the channel's time limit and, for a webhook, the delivery
    id as an Idempotency-Key header and a `delivery_id` field of the payload."""
    setattr(service, "socket_read_timeout", limit)  # noqa: B010 (Apprise's own attribute)
    setattr(service, "socket_connect_timeout", min(limit / 2, CONNECT_TIMEOUT))  # noqa: B010
    if key is None:
        return
    headers = getattr(service, "headers", None)
    if isinstance(headers, dict):
        headers.setdefault("Idempotency-Key", key)
    extras = getattr(service, "payload_extras", None)
    if isinstance(extras, dict):
        extras.setdefault("delivery_id", key)


def find_channels(channels: tuple[Channel, ...], name: str | None) -> list[Channel]:
    """The channel called `name` (or all when None); a user-facing error when there is none."""
    if not channels:
        raise ChannelError(
            "no channels configured; add a [[channel]] with name and url (an Apprise URL) "
            "to monitor.toml"
        )
    if name is None:
        return list(channels)
    found = [c for c in channels if c.name == name]
    if not found:
        names = ", ".join(c.name for c in channels)
        raise ChannelError(f"no channel named {name!r}; configured channels: {names}")
    return found
